// GET /: who this is and whether it is configured. Names missing variables and where they go, never values.
// Layer 8 (routes/): imports only layers 0–7, never scheduler/.
import type { Context } from "hono";
import { schedulerStub } from "../bindings.ts";
import { describeProblems, loadConfig, loadWebhookConfig } from "../config.ts";
import { PROJECT } from "../version.ts";
import type { AppEnv } from "./env.ts";

/** Where a variable is set: secrets and settings alike go in .dev.vars locally. */
const WHERE =
  "Set each in .dev.vars for `npm run dev` (see .dev.vars.example), and in production with `npx wrangler secret put NAME`.";

export function handleStatus(c: Context<AppEnv>): Response {
  const config = loadConfig(c.env);
  const webhook = loadWebhookConfig(c.env);
  const problems = config.ok ? [] : config.problems.map((p) => `${p.variable} ${p.message}`);
  const status = {
    name: PROJECT.name,
    version: PROJECT.version,
    configured: config.ok,
    problems,
    ...(config.ok ? {} : { how_to_fix: WHERE }),
    interactions_endpoint: new URL("/interactions", c.req.url).href,
    webhook_endpoint: !webhook.ok
      ? `misconfigured: ${describeProblems(webhook.problems)}`
      : webhook.config.WEBHOOK_SECRET
        ? new URL("/webhook", c.req.url).href
        : "disabled (set WEBHOOK_SECRET to enable POST /webhook)",
  };
  if (!c.req.header("Accept")?.includes("text/html")) return c.json(status);
  const items = problems.map((p) => `<li>${escapeHtml(p)}</li>`).join("");
  const code = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
  return c.html(`<!doctype html><meta charset="utf-8"><title>${PROJECT.name}</title>
<h1>${PROJECT.name} ${PROJECT.version}</h1>
<p>${config.ok ? "✅ Configuration complete." : `❌ Configuration incomplete:</p><ul>${items}</ul><p>${code(WHERE)}</p><p>`}
Set this Worker's <code>/interactions</code> URL as the Interactions Endpoint URL of your Discord application.</p>`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** GET /status: the queue at a glance. No prompts, user ids or secrets. */
export async function handleQueueStatus(c: Context<AppEnv>): Promise<Response> {
  return c.json(await schedulerStub(c.env).status());
}

// POST /webhook (Ideogram's own /generate body in, images posted to a Discord channel) and
// GET /webhook/jobs/{id}. Bearer-secret auth; 404 while WEBHOOK_SECRET is unset.
// Layer 8 (routes/): imports only layers 0–7, never scheduler/.
import type { Context, MiddlewareHandler } from "hono";
import * as z from "zod/mini";
import { schedulerStub } from "../bindings.ts";
import { describeProblems, loadConfig, loadWebhookConfig } from "../config.ts";
import { DEFAULT_ATTACHMENT_SIZE_LIMIT } from "../discord/bounds.ts";
import { parseJson } from "../http/json.ts";
import { LEGACY_MODEL_VALUES } from "../ideogram/enums.ts";
import { MICROS_PER_USD } from "../ideogram/prices.ts";
import { findRuleViolations } from "../ideogram/rules.ts";
import { requestSchemas } from "../ideogram/schema.ts";
import type { Job } from "../jobs/job.ts";
import { lazy } from "../lazy.ts";
import { bearerToken, matchSecret, sha256Hex } from "../webhook/auth.ts";
import { parseDiscordWebhookUrl } from "../webhook/url.ts";
import type { AppEnv } from "./env.ts";

/** An image_request is a few KiB at most. */
export const WEBHOOK_MAX_BYTES = 64 * 1024;

const bodySchema = lazy(() =>
  z.strictObject(
    {
      image_request: requestSchemas().legacyRequest,
      webhook_url: z.optional(z.string({ error: "must be a string" })),
    },
    { error: "must be a JSON object" },
  ),
);

const MISCONFIGURED = "The webhook endpoint is misconfigured; its owner can see why in the Worker's logs.";

/**
 * 404 while WEBHOOK_SECRET is unset, 500 while the bot or the endpoint is misconfigured, 401 without
 * a configured bearer secret; otherwise sets `c.var.config` and `c.var.webhook`.
 */
export const requireWebhook: MiddlewareHandler<AppEnv> = async (c, next) => {
  const webhook = loadWebhookConfig(c.env);
  const bot = loadConfig(c.env);
  if (webhook.ok && !webhook.config.WEBHOOK_SECRET) return c.json({ error: "not found" }, 404);
  if (!webhook.ok || !bot.ok) {
    const problems = [...(webhook.ok ? [] : webhook.problems), ...(bot.ok ? [] : bot.problems)];
    c.var.deps.log.error("webhook_config_invalid", { problems: describeProblems(problems) });
    return c.json({ error: MISCONFIGURED }, 500);
  }
  const token = bearerToken(c.req.header("Authorization"));
  const secretId = token ? await matchSecret(token, webhook.config.WEBHOOK_SECRET ?? []) : undefined;
  if (!secretId) {
    c.header("WWW-Authenticate", 'Bearer realm="webhook"');
    return c.json({ error: token ? "invalid bearer token" : "missing Authorization: Bearer <secret>" }, 401);
  }
  c.set("config", bot.config);
  c.set("webhook", { config: webhook.config, secretId });
  await next();
};

export async function handleWebhookPost(c: Context<AppEnv>): Promise<Response> {
  const { config, webhook } = c.var;
  const text = await c.req.text();
  const json = parseJson(text);
  if (!json.ok) return c.json({ error: "body is not valid JSON" }, 400);
  const body = bodySchema().safeParse(json.value);
  if (!body.success) {
    const errors = body.error.issues.flatMap((issue) => describeIssue(issue, []));
    return c.json({ error: errors.join("; "), errors }, 400);
  }
  const request = body.data.image_request;
  const violations = findRuleViolations({ request, operation: "generate", choices: LEGACY_MODEL_VALUES }).map(
    (v) => `image_request.${v.field}: ${v.detail}`,
  );
  if (violations.length > 0) return c.json({ error: violations.join("; "), errors: violations }, 400);
  if ((request.num_images ?? 1) > config.IDEOGRAM_MAX_INFLIGHT) {
    return c.json(
      { error: `image_request.num_images: at most ${config.IDEOGRAM_MAX_INFLIGHT} on this deployment` },
      400,
    );
  }

  const given = body.data.webhook_url;
  const raw = given ?? webhook.config.DISCORD_WEBHOOK_URL;
  if (!raw)
    return c.json({ error: "webhook_url: required (this deployment has no DISCORD_WEBHOOK_URL)" }, 400);
  const destination = parseDiscordWebhookUrl(raw, config.DISCORD_API_BASE);
  if (!destination.ok) {
    if (given !== undefined) return c.json({ error: `webhook_url: ${destination.problem}` }, 400);
    c.var.deps.log.error("webhook_config_invalid", {
      problems: `DISCORD_WEBHOOK_URL ${destination.problem}`,
    });
    return c.json({ error: MISCONFIGURED }, 500);
  }
  const idempotencyKey = c.req.header("Idempotency-Key");
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
    return c.json({ error: "Idempotency-Key: must be 1–255 visible ASCII characters" }, 400);
  }

  const now = c.var.deps.clock.now();
  const id = crypto.randomUUID();
  const { secretId } = webhook;
  const job: Job = {
    kind: "generate",
    request,
    id,
    interactionId: id,
    applicationId: destination.webhook.id,
    token: destination.webhook.token,
    channelWebhook: destination.webhook.threadId ? { threadId: destination.webhook.threadId } : {},
    user: { id: `webhook:${secretId}`, name: "webhook" },
    attachmentSizeLimit: DEFAULT_ATTACHMENT_SIZE_LIMIT,
    receivedAt: now,
  };
  const result = await schedulerStub(c.env).submitWebhook(job, {
    secretId,
    idempotencyKey,
    bodyHash: await sha256Hex(text),
    ratePerMinute: webhook.config.WEBHOOK_RATE_PER_MINUTE,
  });
  c.var.deps.log.info("webhook_answered", {
    secretId,
    result: result.status,
    jobId: "id" in result ? result.id : undefined,
  });
  switch (result.status) {
    case "queued":
      return c.json({ id: result.id, status: "queued", position: result.position }, 202);
    case "duplicate":
      c.header("Idempotent-Replayed", "true");
      return c.json(result.job, 200);
    case "key_reused":
      // IETF draft "The Idempotency-Key HTTP Header Field", section 2.7: reuse with another payload.
      return c.json(
        {
          error: `Idempotency-Key: already used with a different body (job ${result.id}); use a new key for a new request`,
        },
        422,
      );
    case "rate_limited":
      c.header("Retry-After", String(result.retryAfterSeconds));
      return c.json({ error: `rate limit: at most ${result.limit} jobs a minute for this secret` }, 429);
    case "too_many_images":
      return c.json({ error: `image_request.num_images: at most ${result.limit} on this deployment` }, 400);
    case "limited": {
      const { used, limit, needed, resetsAt } = result.refusal;
      c.header("Retry-After", String(Math.max(1, Math.ceil((resetsAt - now) / 1000))));
      const usd = (micros: number) => micros / MICROS_PER_USD;
      return c.json(
        {
          error: "daily budget: this deployment has too little left today for this request",
          budget: {
            spent_usd: usd(used),
            cap_usd: usd(limit),
            request_usd: usd(needed),
            resets_at: new Date(resetsAt).toISOString(),
          },
        },
        429,
      );
    }
  }
}

export async function handleWebhookStatus(c: Context<AppEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  const status = /^[0-9a-f-]{36}$/.test(id)
    ? await schedulerStub(c.env).webhookStatus(id, c.var.webhook.secretId)
    : undefined;
  if (!status) return c.json({ error: "no such job (finished jobs are kept for 24 hours)" }, 404);
  return c.json(status);
}

/** "image_request.prompt: required", naming the field by its path in the body. */
function describeIssue(issue: z.core.$ZodIssue, parent: readonly PropertyKey[]): string[] {
  const at = [...parent, ...issue.path];
  if (issue.code === "invalid_union") {
    // color_palette is {name} or {members}: explain the form the caller was closest to.
    const branches = issue.errors.filter(
      (branch) => !branch.some((i) => i.code === "unrecognized_keys" && i.path.length === 0),
    );
    const closest = [...(branches.length > 0 ? branches : issue.errors)].sort(
      (a, b) => a.length - b.length,
    )[0];
    if (closest) return closest.flatMap((inner) => describeIssue(inner, at));
  }
  const path = at.map(String).join(".") || "body";
  if (issue.code === "unrecognized_keys") {
    return [`${path}: unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}`];
  }
  return [`${path}: ${issue.message.replace(/^is /, "")}`];
}

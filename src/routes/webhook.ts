// POST /webhook (Ideogram's own /generate body in, images posted to a Discord channel) and
// GET /webhook/jobs/{id}. Bearer-secret auth; 404 while WEBHOOK_SECRET is unset.
import type { Context } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../app.ts";
import { describeProblems, loadConfig, loadWebhookConfig, type WebhookConfig } from "../config.ts";
import { DEFAULT_ATTACHMENT_SIZE_LIMIT } from "../discord/limits.ts";
import { findRuleViolations } from "../ideogram/rules.ts";
import { imageRequestSchema } from "../ideogram/schema.ts";
import type { Job } from "../jobs/job.ts";
import { schedulerStub } from "../jobs/scheduler-object.ts";
import { bearerToken, matchSecret } from "../webhook/auth.ts";
import { parseDiscordWebhookUrl } from "../webhook/url.ts";

/** An image_request is a few KiB at most. */
const MAX_BODY_BYTES = 64 * 1024;

const bodySchema = z.strictObject(
  {
    image_request: imageRequestSchema,
    webhook_url: z.optional(z.string({ error: "must be a string" })),
  },
  { error: "must be a JSON object" },
);

type Settings = {
  webhook: WebhookConfig & { WEBHOOK_SECRET: string[] };
  apiBase: string;
  maxInflight: number;
};

/** The endpoint's settings, or the answer that ends the request (404 disabled, 500 misconfigured). */
function settingsFor(c: Context<AppEnv>): Settings | Response {
  const webhook = loadWebhookConfig(c.env);
  const bot = loadConfig(c.env);
  if (webhook.ok && !webhook.config.WEBHOOK_SECRET) return c.json({ error: "not found" }, 404);
  if (!webhook.ok || !bot.ok) {
    const problems = [...(webhook.ok ? [] : webhook.problems), ...(bot.ok ? [] : bot.problems)];
    c.var.deps.log.error("webhook_config_invalid", { problems: describeProblems(problems) });
    return c.json(
      { error: "The webhook endpoint is misconfigured; its owner can see why in the Worker's logs." },
      500,
    );
  }
  const secrets = webhook.config.WEBHOOK_SECRET ?? [];
  return {
    webhook: { ...webhook.config, WEBHOOK_SECRET: secrets },
    apiBase: bot.config.DISCORD_API_BASE,
    maxInflight: bot.config.IDEOGRAM_MAX_INFLIGHT,
  };
}

/** The id of the secret the caller presented, or the 401 that ends the request. */
async function authenticate(c: Context<AppEnv>, secrets: readonly string[]): Promise<string | Response> {
  const token = bearerToken(c.req.header("Authorization"));
  const secretId = token ? await matchSecret(token, secrets) : undefined;
  if (secretId) return secretId;
  c.header("WWW-Authenticate", 'Bearer realm="webhook"');
  return c.json({ error: token ? "invalid bearer token" : "missing Authorization: Bearer <secret>" }, 401);
}

export async function handleWebhookPost(c: Context<AppEnv>): Promise<Response> {
  const settings = settingsFor(c);
  if (settings instanceof Response) return settings;
  const secretId = await authenticate(c, settings.webhook.WEBHOOK_SECRET);
  if (secretId instanceof Response) return secretId;
  if (Number(c.req.header("Content-Length")) > MAX_BODY_BYTES)
    return c.json({ error: "body too large" }, 413);
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) return c.json({ error: "body too large" }, 413);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return c.json({ error: "body is not valid JSON" }, 400);
  }
  const body = bodySchema.safeParse(json);
  if (!body.success) {
    const errors = body.error.issues.flatMap((issue) => describeIssue(issue, []));
    return c.json({ error: errors.join("; "), errors }, 400);
  }
  const request = body.data.image_request;
  const violations = findRuleViolations(request).map((v) => `image_request.${v.field}: ${v.detail}`);
  if (violations.length > 0) return c.json({ error: violations.join("; "), errors: violations }, 400);
  if ((request.num_images ?? 1) > settings.maxInflight) {
    return c.json(
      { error: `image_request.num_images: at most ${settings.maxInflight} on this deployment` },
      400,
    );
  }

  const given = body.data.webhook_url;
  const raw = given ?? settings.webhook.DISCORD_WEBHOOK_URL;
  if (!raw)
    return c.json({ error: "webhook_url: required (this deployment has no DISCORD_WEBHOOK_URL)" }, 400);
  const destination = parseDiscordWebhookUrl(raw, settings.apiBase);
  if (!destination.ok) {
    if (given !== undefined) return c.json({ error: `webhook_url: ${destination.problem}` }, 400);
    c.var.deps.log.error("webhook_config_invalid", {
      problems: `DISCORD_WEBHOOK_URL ${destination.problem}`,
    });
    return c.json(
      { error: "The webhook endpoint is misconfigured; its owner can see why in the Worker's logs." },
      500,
    );
  }
  const idempotencyKey = c.req.header("Idempotency-Key");
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
    return c.json({ error: "Idempotency-Key: must be 1–255 visible ASCII characters" }, 400);
  }

  const now = c.var.deps.clock.now();
  const id = crypto.randomUUID();
  const { webhook } = destination;
  const job: Job = {
    kind: "generate",
    request,
    id,
    interactionId: id,
    applicationId: webhook.id,
    token: webhook.token,
    channelWebhook: webhook.threadId ? { threadId: webhook.threadId } : {},
    user: { id: `webhook:${secretId}`, name: "webhook" },
    attachmentSizeLimit: DEFAULT_ATTACHMENT_SIZE_LIMIT,
    receivedAt: now,
  };
  const result = await schedulerStub(c.env).submitWebhook(job, {
    secretId,
    idempotencyKey,
    ratePerMinute: settings.webhook.WEBHOOK_RATE_PER_MINUTE,
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
    case "rate_limited":
      c.header("Retry-After", String(result.retryAfterSeconds));
      return c.json({ error: `rate limit: at most ${result.limit} jobs a minute for this secret` }, 429);
    case "too_many_images":
      return c.json({ error: `image_request.num_images: at most ${result.limit} on this deployment` }, 400);
    case "refused": {
      if (result.retryAfterSeconds !== undefined) c.header("Retry-After", String(result.retryAfterSeconds));
      // Discord's <t:…:R> timestamps mean nothing to an HTTP caller: spell the time out.
      const error = result.message.replace(/<t:(\d+):R>/g, (_, s: string) =>
        new Date(Number(s) * 1000).toISOString(),
      );
      return c.json({ error }, 429);
    }
  }
}

export async function handleWebhookStatus(c: Context<AppEnv>): Promise<Response> {
  const settings = settingsFor(c);
  if (settings instanceof Response) return settings;
  const secretId = await authenticate(c, settings.webhook.WEBHOOK_SECRET);
  if (secretId instanceof Response) return secretId;
  const id = c.req.param("id") ?? "";
  const status = /^[0-9a-f-]{36}$/.test(id)
    ? await schedulerStub(c.env).webhookStatus(id, secretId)
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

// Thin client for Discord's webhook endpoints (interaction tokens are webhook tokens), and Create
// Message with the bot's token for jobs that outlive theirs, with Discord's rate-limit rules.
// Docs: https://discord.com/developers/docs/interactions/receiving-and-responding#edit-original-interaction-response
// Layer 1 (discord/): imports only layer 0, never ideogram/.
import type {
  RESTPatchAPIInteractionOriginalResponseJSONBody,
  RESTPostAPIChannelMessageJSONBody,
} from "discord-api-types/v10";
import * as z from "zod/mini";
import { parseJson } from "../http/json.ts";
import { multipartBody, type StreamedFile } from "../http/multipart.ts";
import {
  type Attempt,
  backoffDelay,
  type Clock,
  isTimeout,
  parseRetryAfter,
  type RetryPolicy,
  retrying,
  trimDetail,
} from "../http/retry.ts";
import { lazy } from "../lazy.ts";
import { USER_AGENT } from "../version.ts";

/** An attachment, streamed into the upload (from R2) rather than held in memory. */
export type DiscordFile = Omit<StreamedFile, "field">;

export interface DiscordClientOptions {
  apiBase: string;
  fetch: typeof fetch;
  clock: Clock;
  /** Epoch ms when the interaction token expires; no call is made after it. */
  tokenExpiresAt: number;
  /**
   * Until then (epoch ms), Discord may not have registered the deferred answer yet: "Unknown Webhook"
   * (404, 10015) is asked again shortly rather than taken as a dead token. A job with no Ideogram
   * call (a pick) can be ready within milliseconds of its interaction.
   */
  unknownUntil?: number;
  /** Attempts at most; ignored when `retryUntil` is set. */
  maxAttempts?: number;
  /** Longest rate-limit wait we accept before giving up. */
  maxRetryAfterMs?: number;
  /**
   * Keep retrying what may pass (network errors, 5xx, 429 honouring retry_after) until this time,
   * however many attempts that takes: for a message that must get through a short outage.
   */
  retryUntil?: number;
}

/** How long to wait before asking again about a deferred answer Discord doesn't know yet. */
const NOT_YET_MS = 250;

// Discord's JSON error codes that mean the token or webhook is gone for good.
const UNKNOWN_WEBHOOK = 10015;
const INVALID_WEBHOOK_TOKEN = 50027;

export class DiscordApiError extends Error {
  readonly status: number | undefined;
  readonly code: number | undefined;
  /**
   * True when the token can never work again (401, 404, 10015, 50027, or expired):
   * further calls would only count towards Cloudflare's invalid-request ban.
   */
  readonly tokenDead: boolean;

  constructor(message: string, status?: number, code?: number) {
    super(message);
    this.name = "DiscordApiError";
    this.status = status;
    this.code = code;
    this.tokenDead =
      status === 401 || status === 404 || code === UNKNOWN_WEBHOOK || code === INVALID_WEBHOOK_TOKEN;
  }
}

const errorBodySchema = lazy(() =>
  z.looseObject({
    code: z.optional(z.number()),
    message: z.optional(z.string()),
    retry_after: z.optional(z.number()),
  }),
);

/** What `?wait=true` returns of a posted message (the parts a caller is shown). */
export const postedMessageSchema = lazy(() =>
  z.looseObject({
    id: z.string(),
    channel_id: z.string(),
    attachments: z.array(z.looseObject({ filename: z.string(), url: z.string() })),
  }),
);
export type PostedMessage = z.infer<ReturnType<typeof postedMessageSchema>>;

/**
 * Replaces an interaction's message: its deferred "thinking…" answer (`@original`) or one of its
 * follow-ups (by id); uploads `files` as `files[n]` when given.
 * Docs: https://discord.com/developers/docs/interactions/receiving-and-responding#edit-followup-message
 */
export async function editOriginalResponse(
  applicationId: string,
  token: string,
  body: RESTPatchAPIInteractionOriginalResponseJSONBody,
  files: readonly DiscordFile[],
  options: DiscordClientOptions,
  messageId = "@original",
): Promise<unknown> {
  const url = `${options.apiBase}/webhooks/${applicationId}/${token}/messages/${messageId}`;
  return request("PATCH", url, () => encodeBody(body, files), options);
}

/**
 * A new message in the interaction's channel (a follow-up: Execute Webhook with `wait` always true),
 * returned so it can be edited by id. Docs: …/receiving-and-responding#create-followup-message
 */
export async function createFollowupMessage(
  applicationId: string,
  token: string,
  body: RESTPatchAPIInteractionOriginalResponseJSONBody,
  options: DiscordClientOptions,
): Promise<PostedMessage> {
  const url = `${options.apiBase}/webhooks/${applicationId}/${token}`;
  const answer = await request("POST", url, () => encodeBody(body, []), options);
  const message = postedMessageSchema().safeParse(answer);
  if (!message.success) throw new DiscordApiError("Discord's follow-up answer has no message id");
  return message.data;
}

/** Deletes one of an interaction's follow-ups. */
export async function deleteFollowupMessage(
  applicationId: string,
  token: string,
  messageId: string,
  options: DiscordClientOptions,
): Promise<void> {
  const url = `${options.apiBase}/webhooks/${applicationId}/${token}/messages/${messageId}`;
  await request("DELETE", url, () => ({ body: null, headers: {} }), options);
}

/**
 * Posts a new message through a channel webhook and returns it (`?wait=true`), e.g. its attachments'
 * URLs. Docs: https://discord.com/developers/docs/resources/webhook#execute-webhook
 */
export async function executeWebhook(
  webhook: { id: string; token: string; threadId?: string | undefined },
  body: RESTPatchAPIInteractionOriginalResponseJSONBody,
  files: readonly DiscordFile[],
  options: DiscordClientOptions,
): Promise<unknown> {
  const query = new URLSearchParams({
    wait: "true",
    ...(webhook.threadId ? { thread_id: webhook.threadId } : {}),
  });
  const url = `${options.apiBase}/webhooks/${webhook.id}/${webhook.token}?${query}`;
  return request("POST", url, () => encodeBody(body, files), options);
}

/**
 * A new message in a channel, posted with the bot's own token (`Authorization: Bot …`): the one way
 * to deliver once an interaction's token is gone. The token goes in a header only, never in the URL.
 * Docs: https://discord.com/developers/docs/resources/message#create-message
 */
export async function createChannelMessage(
  channelId: string,
  botToken: string,
  body: RESTPostAPIChannelMessageJSONBody,
  files: readonly DiscordFile[],
  options: Omit<DiscordClientOptions, "tokenExpiresAt" | "unknownUntil">,
): Promise<PostedMessage> {
  const url = `${options.apiBase}/channels/${channelId}/messages`;
  const encode = () => {
    const encoded = encodeBody(body, files);
    return { ...encoded, headers: { ...encoded.headers, Authorization: `Bot ${botToken}` } };
  };
  const answer = await request("POST", url, encode, { ...options, tokenExpiresAt: Number.POSITIVE_INFINITY });
  const message = postedMessageSchema().safeParse(answer);
  if (!message.success) throw new DiscordApiError("Discord's answer names no message");
  return message.data;
}

/** The deferred response (or a follow-up, by id) as Discord shows it now. */
export async function getOriginalResponse(
  applicationId: string,
  token: string,
  options: DiscordClientOptions,
  messageId = "@original",
): Promise<unknown> {
  const url = `${options.apiBase}/webhooks/${applicationId}/${token}/messages/${messageId}`;
  return request("GET", url, () => ({ body: null, headers: {} }), options);
}

/**
 * JSON alone, or multipart with JSON in `payload_json` and file n in `files[n]`, the files streamed.
 * Docs: https://discord.com/developers/docs/reference#uploading-files
 */
function encodeBody(body: unknown, files: readonly DiscordFile[]): { body: BodyInit; headers: HeadersInit } {
  if (files.length === 0) {
    return { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } };
  }
  const multipart = multipartBody(
    { payload_json: JSON.stringify(body) },
    files.map((file, n) => ({ ...file, field: `files[${n}]` })),
  );
  return { body: multipart.body, headers: { "Content-Type": multipart.contentType } };
}

async function request(
  method: string,
  url: string,
  encode: () => { body: BodyInit | null; headers: HeadersInit },
  options: DiscordClientOptions,
): Promise<unknown> {
  const { clock, retryUntil } = options;
  // With a time to retry until, attempts are bounded by it alone; Retry-After is then bounded by it too.
  const policy: RetryPolicy<DiscordApiError> = {
    clock,
    attempts: retryUntil === undefined ? (options.maxAttempts ?? 5) : undefined,
    until: retryUntil,
    maxWaitMs: retryUntil === undefined ? (options.maxRetryAfterMs ?? 60_000) : undefined,
  };
  const sent = await retrying(policy, async (attempt): Promise<Attempt<unknown, DiscordApiError>> => {
    if (clock.now() >= options.tokenExpiresAt) {
      const expired = "interaction token expired; not calling Discord";
      return { ok: false, fault: new DiscordApiError(expired, 401, INVALID_WEBHOOK_TOKEN), retry: false };
    }
    const { body, headers } = encode();
    let response: Response;
    try {
      response = await options.fetch(url, {
        method,
        body,
        headers: { ...headers, "User-Agent": USER_AGENT },
        // Discord's API never redirects; a redirect is refused rather than followed elsewhere.
        redirect: "manual",
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const reason = isTimeout(error) ? "timed out" : error instanceof Error ? error.message : String(error);
      return { ok: false, fault: new DiscordApiError(`network error: ${reason}`) };
    }
    if (response.ok) {
      return {
        ok: true,
        value: response.status === 204 ? undefined : await response.json().catch(() => undefined),
      };
    }

    const text = await response.text().catch(() => "");
    const json = parseJson(text);
    const parsed = errorBodySchema().safeParse(json.ok ? json.value : undefined);
    const info = parsed.success ? parsed.data : {};
    const fault = new DiscordApiError(
      `Discord ${response.status}${info.code ? ` (code ${info.code})` : ""}: ${trimDetail(info.message ?? text)}`,
      response.status,
      info.code,
    );
    if (response.status === 429) {
      // Prefer the body's float seconds; Cloudflare-level 429s may carry only the header, or neither
      // (then the backoff). Waiting past the token's life is pointless.
      const afterMs =
        info.retry_after !== undefined
          ? Math.ceil(info.retry_after * 1000)
          : (parseRetryAfter(response.headers.get("Retry-After"), clock.now()) ??
            backoffDelay(attempt, clock.random));
      return { ok: false, fault, afterMs, retry: clock.now() + afterMs < options.tokenExpiresAt };
    }
    if (response.status >= 500) return { ok: false, fault };
    const unknown = response.status === 404 || info.code === UNKNOWN_WEBHOOK;
    if (unknown && clock.now() + NOT_YET_MS < (options.unknownUntil ?? 0)) {
      // Not counted: the message is not there yet.
      return { ok: false, fault, afterMs: NOT_YET_MS, counted: false };
    }
    return { ok: false, fault, retry: false };
  });
  if (sent.ok) return sent.value;
  throw sent.fault;
}

// Thin client for every Ideogram endpoint the bot calls, each a row of the one table (models.ts): legacy
// /generate, /remix, /upscale and /describe, and 3.0's and 4.0's v2 endpoints and tools — priced by a
// dry run, sent asynchronously, their generations read; bounded retries.
// Docs: https://developer.ideogram.ai/api-reference (and ideogram-current-api.md, ideogram-v2-4-5.md).
// Layer 1 (ideogram/): imports only layer 0, never discord/.

import type * as z from "zod/mini";
import { parseJson } from "../http/json.ts";
import {
  type Attempt,
  type Clock,
  isTimeout,
  parseRetryAfter,
  type RetryPolicy,
  retrying,
  trimDetail,
} from "../http/retry.ts";
import { redact } from "../log.ts";
import { encodeBody, type ImageFile, type OperationInput } from "./encode.ts";
import type { Model } from "./enums.ts";
import { IdeogramError, type IdeogramErrorKind, kindForStatus } from "./errors.ts";
import {
  familyOf,
  type OperationFacts,
  operationOf,
  requestOperation,
  type ToolName,
  toolOperation,
} from "./models.ts";
import {
  type DescribeResponse,
  describeSchemaError,
  type GenerateResponse,
  responseSchemas,
  type ToolResponse,
} from "./schema.ts";

export type { ImageFile, OperationInput } from "./encode.ts";

export interface IdeogramClientOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
  clock: Clock;
  /** Epoch ms after which no new attempt starts (the caller's own deadline). */
  deadline: number;
  maxAttempts?: number;
  /** Longest single wait (Retry-After or backoff) worth making the user sit through. */
  maxWaitMs?: number;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Asked before each retry; false gives up with the last error (e.g. the job was cancelled). */
  shouldRetry?: () => boolean | Promise<boolean>;
  /** Told when an answer says its endpoint is deprecated or has a successor (endpointNotice). */
  onNotice?: (notice: EndpointNotice) => void;
  /** For operations Ideogram quotes (`dryRun` in the table): what is done with the price first. */
  pricing?: Pricing;
  /**
   * For operations that run asynchronously (`async` in the table): sent so, they answer with the
   * generation's id (Submitted) instead of its images. Unset: they are sent synchronously.
   */
  submission?: Submission;
}

/** How an async request is sent (ideogram-v2-4-5.md §6). */
export interface Submission {
  /** `PUBLIC_URL` + `/ideogram/events`, where Ideogram posts the finished generation; unset: none. */
  webhookUrl?: string | undefined;
}

/**
 * Ideogram took an async request: the generation it finishes in the background (read it, or await
 * its event), and whether a webhook will announce it.
 */
export class Submitted {
  readonly generationId: string;
  readonly webhook: boolean;
  constructor(generationId: string, webhook: boolean) {
    this.generationId = generationId;
    this.webhook = webhook;
  }
}

/** Ideogram's price for a request it did not run (`?dry_run=true`): `usdMicros` for `quantity` units. */
export interface PriceQuote {
  usdMicros: number;
  quantity: number;
  /** "exact", or priced after the fact from the provider's cost ("estimate"). */
  exact: boolean;
}

export interface Pricing {
  /** A quote kept from a request of the same shape: no dry run is sent. */
  known?: PriceQuote | undefined;
  /** Told the quote (undefined: none could be had) before the request is sent; a refusal sends nothing. */
  accept(quote: PriceQuote | undefined): Promise<{ ok: true } | { ok: false; message: string }>;
}

/** The request was not sent: its price was refused (`message` says why, for the user). Nothing was billed. */
export class PriceRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PriceRefused";
  }
}

/** How long a dry run may take before the job goes on at the table's price. */
const QUOTE_TIMEOUT_MS = 10_000;

/**
 * What Ideogram's answer says of the endpoint's future: `Deprecation` (RFC 9745, `@<unix time>`, only
 * on deprecated endpoints) and `Link: <…>; rel="successor-version"` (on every answer of an endpoint
 * with a replacement). Reference: ideogram-v2-4-5.md §9.
 */
export interface EndpointNotice {
  endpoint: string;
  deprecation?: string;
  successor?: string;
}

/** The notice in an answer's headers, if it carries one. */
export function endpointNotice(endpoint: string, headers: Headers): EndpointNotice | undefined {
  const deprecation = headers.get("Deprecation")?.trim();
  const link = headers.get("Link") ?? "";
  const successor = link
    .split(/,(?=\s*<)/)
    .map((part) => /^\s*<([^>]+)>(.*)$/.exec(part))
    .find((match) => match && /;\s*rel\s*=\s*"?[^";]*\bsuccessor-version\b/i.test(match[2] ?? ""))?.[1];
  if (!deprecation && !successor) return undefined;
  return { endpoint, ...(deprecation ? { deprecation } : {}), ...(successor ? { successor } : {}) };
}

const DEFAULT_MAX_ATTEMPTS = 4;

/**
 * Generates images with `model` (legacy /generate, 3.0's or 4.0's generate): the images, or, sent
 * asynchronously, the generation that will make them. Throws `IdeogramError`.
 */
export function generateImage(
  model: Model | undefined,
  input: OperationInput,
  options: IdeogramClientOptions,
): Promise<GenerateResponse | Submitted> {
  return submitOperation(
    operationOf(familyOf(model), requestOperation(model, "generate", input.fields)),
    input,
    responseSchemas().generate,
    options,
  );
}

/** The image re-imagined with the prompt by `model`'s remix; `image_weight` 1–100. */
export function remixImage(
  model: Model | undefined,
  input: OperationInput,
  options: IdeogramClientOptions,
): Promise<GenerateResponse | Submitted> {
  return submitOperation(operationOf(familyOf(model), "remix"), input, responseSchemas().generate, options);
}

/** POST /upscale: a larger version of the image. */
export function upscaleImage(
  input: OperationInput,
  options: IdeogramClientOptions,
): Promise<GenerateResponse> {
  return callOperation(operationOf("legacy", "upscale"), input, responseSchemas().generate, options);
}

/** POST /describe: prompts that would produce an image like this one. */
export function describeImage(image: ImageFile, options: IdeogramClientOptions): Promise<DescribeResponse> {
  return callOperation(
    operationOf("legacy", "describe"),
    { fields: {}, image },
    responseSchemas().describe,
    options,
  );
}

/** One of the tools on an image (reframe, inpaint, replace or remove the background). */
export function useTool(
  tool: ToolName,
  input: OperationInput,
  options: IdeogramClientOptions,
): Promise<ToolResponse | Submitted> {
  return submitOperation(toolOperation(tool), input, responseSchemas().tool, options);
}

/** Where a request goes: the model's character twin when it sends a character reference (§5). */
const pathOf = (op: OperationFacts, input: OperationInput) =>
  input.characterReference && op.characterPath ? op.characterPath : op.path;

function callOperation<T>(
  op: OperationFacts,
  input: OperationInput,
  schema: z.ZodMiniType<T>,
  options: IdeogramClientOptions,
): Promise<T> {
  return priceThenSend(pathOf(op, input), op, () => encodeBody(op, input), schema, options);
}

/**
 * An operation that may run asynchronously: sent with `async: true` (where it takes the field) and
 * the webhook, it answers with its generation's id. An answer with the images after all (a
 * synchronous run) is read as the operation's own.
 */
async function submitOperation<T>(
  op: OperationFacts,
  input: OperationInput,
  schema: z.ZodMiniType<T>,
  options: IdeogramClientOptions,
): Promise<T | Submitted> {
  const { submission } = options;
  if (!op.async || !submission) return callOperation(op, input, schema, options);
  const extra = {
    ...(op.async === "optional" ? { async: true } : {}),
    ...(op.webhook && submission.webhookUrl ? { webhook_url: submission.webhookUrl } : {}),
  };
  const answer = await priceThenSend(
    pathOf(op, input),
    op,
    () => encodeBody(op, input, extra),
    responseSchemas().submitted,
    options,
  );
  if (!answer.data) return new Submitted(answer.generation_id, "webhook_url" in extra);
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  throw new IdeogramError("bad_response", 200, describeSchemaError(parsed.error), true);
}

async function priceThenSend<T>(
  path: string,
  op: OperationFacts,
  body: () => { body: BodyInit; json: boolean },
  schema: z.ZodMiniType<T>,
  options: IdeogramClientOptions,
): Promise<T> {
  const { pricing } = options;
  if (op.dryRun && pricing) {
    const quote = pricing.known ?? (await quoteOnce(path, body, options));
    const accepted = await pricing.accept(quote);
    if (!accepted.ok) throw new PriceRefused(accepted.message);
  }
  return requestIdeogram(path, body, schema, options);
}

/** What a read of a generation found (ideogram-v2-4-5.md §6.1). */
export type GenerationRead =
  | { status: "pending" }
  | { status: "completed"; made: ToolResponse }
  | { status: "failed"; reason: string }
  /** 404: Ideogram knows no such generation. */
  | { status: "unknown" }
  /** No answer worth reading (a 429, an outage): read again later, not before `retryAfterMs`. */
  | { status: "unreadable"; detail: string; retryAfterMs?: number | undefined };

export type GenerationAccess = Pick<
  IdeogramClientOptions,
  "apiKey" | "baseUrl" | "fetch" | "clock" | "onNotice"
>;

/** How long one read may take. */
const READ_TIMEOUT_MS = 10_000;

/** `GET /v2/generations/{id}`: one read, free, that never runs the generation again. */
export async function readGeneration(
  generationId: string,
  access: GenerationAccess,
): Promise<GenerationRead> {
  const path = `/v2/generations/${encodeURIComponent(generationId)}`;
  let response: Response;
  try {
    response = await access.fetch(`${access.baseUrl}${path}`, {
      headers: { "Api-Key": access.apiKey, Accept: "application/json" },
      signal: AbortSignal.timeout(READ_TIMEOUT_MS),
    });
  } catch (error) {
    return { status: "unreadable", detail: error instanceof Error ? error.message : String(error) };
  }
  const notice = endpointNotice("/v2/generations/{id}", response.headers);
  if (notice) access.onNotice?.(notice);
  if (response.status === 404) return { status: "unknown" };
  if (!response.ok) {
    return {
      status: "unreadable",
      detail: redact(await describeErrorBody(response), [access.apiKey]),
      retryAfterMs: parseRetryAfter(response.headers.get("Retry-After"), access.clock.now()),
    };
  }
  const parsed = responseSchemas().generation.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) return { status: "unreadable", detail: describeSchemaError(parsed.error) };
  const { status, data, created, failure_reason } = parsed.data;
  if (status === "completed" && data) return { status: "completed", made: madeOf(created, data) };
  if (status === "failed") return { status: "failed", reason: failure_reason ?? "the generation failed" };
  return { status: "pending" };
}

/** The images of a verified webhook event's body, or undefined if it carries none readable. */
export function eventImages(event: unknown): ToolResponse | undefined {
  const parsed = responseSchemas().event.safeParse(event);
  return parsed.success ? madeOf(parsed.data.created, parsed.data.data) : undefined;
}

/** A generation's images as a tool's answer; `created` is read as either a string or a Unix time. */
const madeOf = (created: string | number | undefined, data: ToolResponse["data"]): ToolResponse => ({
  created: created === undefined ? "" : String(created),
  data,
});

/** The exact request, priced and not run ("Send exactly the request you would send"); undefined if no quote came. */
async function quoteOnce(
  path: string,
  body: () => { body: BodyInit; json: boolean },
  options: IdeogramClientOptions,
): Promise<PriceQuote | undefined> {
  try {
    const quote = await requestIdeogram(`${path}?dry_run=true`, body, responseSchemas().priceQuote, {
      ...options,
      maxAttempts: 2,
      timeoutMs: Math.min(options.timeoutMs, QUOTE_TIMEOUT_MS),
      deadline: Math.min(options.deadline, options.clock.now() + 2 * QUOTE_TIMEOUT_MS),
      onRetry: undefined,
    });
    return { usdMicros: quote.usd_micros, quantity: quote.quantity, exact: quote.qualifier !== "estimate" };
  } catch {
    return undefined;
  }
}

async function requestIdeogram<T>(
  path: string,
  body: () => { body: BodyInit; json: boolean },
  schema: z.ZodMiniType<T>,
  options: IdeogramClientOptions,
): Promise<T> {
  const { clock, deadline } = options;
  let lastError = new IdeogramError("unavailable", undefined, "no attempt was made before the deadline");
  const policy: RetryPolicy<IdeogramError> = {
    clock,
    attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    until: deadline,
    maxWaitMs: options.maxWaitMs ?? 60_000,
    onRetry: (error, attempt, delayMs) => options.onRetry?.({ attempt, delayMs, reason: error.message }),
  };
  const sent = await retrying(policy, async (attempt): Promise<Attempt<T, IdeogramError>> => {
    // The run may call the next attempt off (its job was cancelled while it waited).
    if (attempt > 1 && (await options.shouldRetry?.()) === false) {
      return { ok: false, fault: lastError, retry: false };
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) return { ok: false, fault: lastError, retry: false };
    const outcome = await sendOnce(path, body(), schema, options, Math.min(options.timeoutMs, remaining));
    if (outcome.ok) return { ok: true, value: outcome.response };
    lastError = outcome.error;
    return { ok: false, fault: outcome.error, retry: outcome.retryable, afterMs: outcome.retryAfterMs };
  });
  if (sent.ok) return sent.value;
  throw sent.fault;
}

type AttemptOutcome<T> =
  | { ok: true; response: T }
  | { ok: false; retryable: boolean; retryAfterMs?: number | undefined; error: IdeogramError };

async function sendOnce<T>(
  path: string,
  { body, json }: { body: BodyInit; json: boolean },
  schema: z.ZodMiniType<T>,
  options: IdeogramClientOptions,
  timeoutMs: number,
): Promise<AttemptOutcome<T>> {
  let response: Response;
  try {
    // FormData bodies set their own multipart Content-Type (with the boundary).
    const headers = new Headers({ "Api-Key": options.apiKey, Accept: "application/json" });
    if (json) headers.set("Content-Type", "application/json");
    response = await options.fetch(`${options.baseUrl}${path}`, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    // A timed-out request may still run and be billed at Ideogram, so it is not repeated.
    if (isTimeout(error)) {
      return failure(false, "unavailable", undefined, `no answer within ${timeoutMs} ms`, true);
    }
    const reason = error instanceof Error ? error.message : String(error);
    return failure(true, "unavailable", undefined, `network error: ${reason}`);
  }

  const notice = endpointNotice(path, response.headers);
  if (notice) options.onNotice?.(notice);
  if (response.ok) {
    // A 2xx means Ideogram ran (and billed) the request: never repeat it, even if unreadable.
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (parsed.success) return { ok: true, response: parsed.data };
    return failure(false, "bad_response", response.status, describeSchemaError(parsed.error), true);
  }

  const detail = redact(await describeErrorBody(response), [options.apiKey]);
  const retryable = response.status === 429 || response.status >= 500;
  return {
    ...failure(retryable, kindForStatus(response.status), response.status, detail),
    retryAfterMs: parseRetryAfter(response.headers.get("Retry-After"), options.clock.now()),
  };
}

function failure(
  retryable: boolean,
  kind: IdeogramErrorKind,
  status: number | undefined,
  detail: string,
  mayHaveBilled = false,
): AttemptOutcome<never> & { ok: false } {
  return { ok: false, retryable, error: new IdeogramError(kind, status, detail, mayHaveBilled) };
}

/** Ideogram's reason, trying the documented `error`, then `detail`, `message`, then the raw text. */
async function describeErrorBody(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  const json = parseJson(text);
  if (!json.ok) return trimDetail(text) || `HTTP ${response.status}`;
  const body = responseSchemas().errorBody.safeParse(json.value);
  const reason = body.success ? (body.data.error ?? body.data.detail ?? body.data.message) : undefined;
  return trimDetail(reason ?? text) || `HTTP ${response.status}`;
}

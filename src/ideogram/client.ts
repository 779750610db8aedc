// Thin client for Ideogram's legacy /generate, /remix, /upscale and /describe, with bounded retries.
// Docs: https://developer.ideogram.ai/api-reference/legacy-endpoints/generate (and its siblings)

import type * as z from "zod/mini";
import { backoffDelay, type Clock, isTimeout, parseRetryAfter, trimDetail } from "../http/retry.ts";
import { redact } from "../log.ts";
import { IdeogramError, type IdeogramErrorKind, kindForStatus } from "./errors.ts";
import {
  type DescribeResponse,
  describeResponseSchema,
  describeSchemaError,
  errorBodySchema,
  type GenerateResponse,
  generateResponseSchema,
  type ImageRequest,
  type ToolResponse,
  toolResponseSchema,
  type UpscaleRequest,
} from "./schema.ts";
import { TOOLS, type ToolName } from "./tools.ts";

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
}

const DEFAULT_MAX_ATTEMPTS = 4;

/** Generates images synchronously (POST /generate, JSON). Throws `IdeogramError` on every failure. */
export function generateImage(
  request: ImageRequest,
  options: IdeogramClientOptions,
): Promise<GenerateResponse> {
  const body = JSON.stringify({ image_request: request });
  return requestIdeogram("/generate", () => body, generateResponseSchema, options);
}

/** An image to send to Ideogram as `image_file` (JPEG, PNG or WebP, at most 10 MB). */
export interface ImageFile {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
  name: string;
}

/** Largest `image_file` Ideogram accepts (spec: "max 10 MB"). */
export const IMAGE_FILE_MAX_BYTES = 10 * 1024 * 1024;

/** POST /remix: the image, re-imagined with the request's prompt; `image_weight` 1–100. */
export function remixImage(
  request: ImageRequest & { image_weight: number },
  image: ImageFile,
  options: IdeogramClientOptions,
): Promise<GenerateResponse> {
  return requestIdeogram("/remix", () => multipart(image, request), generateResponseSchema, options);
}

/** POST /upscale: a larger version of the image. */
export function upscaleImage(
  request: UpscaleRequest,
  image: ImageFile,
  options: IdeogramClientOptions,
): Promise<GenerateResponse> {
  return requestIdeogram("/upscale", () => multipart(image, request), generateResponseSchema, options);
}

/** POST /describe: prompts that would produce an image like this one. */
export function describeImage(image: ImageFile, options: IdeogramClientOptions): Promise<DescribeResponse> {
  return requestIdeogram("/describe", () => multipart(image), describeResponseSchema, options);
}

/** One of the tools on an image (tools.ts): a form of the image and the fields given. */
export function useTool(
  tool: ToolName,
  fields: { prompt?: string | undefined; resolution?: string | undefined },
  image: ImageFile,
  options: IdeogramClientOptions,
): Promise<ToolResponse> {
  const body = () => {
    const form = new FormData();
    form.append("image", new File([image.bytes], image.name, { type: image.contentType }));
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
    return form;
  };
  return requestIdeogram(TOOLS[tool].path, body, toolResponseSchema, options);
}

/**
 * The multipart body of /remix, /upscale and /describe: `image_request` is a JSON-encoded text
 * field (as in Ideogram's own examples), `image_file` the image.
 */
function multipart(image: ImageFile, request?: object): FormData {
  const form = new FormData();
  if (request) form.append("image_request", JSON.stringify(request));
  form.append("image_file", new File([image.bytes], image.name, { type: image.contentType }));
  return form;
}

async function requestIdeogram<T>(
  path: string,
  body: () => BodyInit,
  schema: z.ZodMiniType<T>,
  options: IdeogramClientOptions,
): Promise<T> {
  const { clock, deadline } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let lastError = new IdeogramError("unavailable", undefined, "no attempt was made before the deadline");
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) break;
    const outcome = await sendOnce(path, body(), schema, options, Math.min(options.timeoutMs, remaining));
    if (outcome.ok) return outcome.response;
    lastError = outcome.error;
    if (!outcome.retryable || attempt === maxAttempts) break;
    const delayMs = outcome.retryAfterMs ?? backoffDelay(attempt, clock.random);
    if (delayMs > (options.maxWaitMs ?? 60_000) || clock.now() + delayMs >= deadline) break;
    options.onRetry?.({ attempt, delayMs, reason: lastError.message });
    await clock.sleep(delayMs);
    if ((await options.shouldRetry?.()) === false) break;
  }
  throw lastError;
}

type AttemptOutcome<T> =
  | { ok: true; response: T }
  | { ok: false; retryable: boolean; retryAfterMs?: number | undefined; error: IdeogramError };

async function sendOnce<T>(
  path: string,
  body: BodyInit,
  schema: z.ZodMiniType<T>,
  options: IdeogramClientOptions,
  timeoutMs: number,
): Promise<AttemptOutcome<T>> {
  let response: Response;
  try {
    // FormData bodies set their own multipart Content-Type (with the boundary).
    const headers = new Headers({ "Api-Key": options.apiKey, Accept: "application/json" });
    if (typeof body === "string") headers.set("Content-Type", "application/json");
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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return trimDetail(text) || `HTTP ${response.status}`;
  }
  const body = errorBodySchema.safeParse(json);
  const reason = body.success ? (body.data.error ?? body.data.detail ?? body.data.message) : undefined;
  return trimDetail(reason ?? text) || `HTTP ${response.status}`;
}

// Thin client for Ideogram's legacy POST /generate, with bounded retries.
// Docs: https://developer.ideogram.ai/api-reference/legacy-endpoints/generate
import { backoffDelay, type Clock, isTimeout, parseRetryAfter, trimDetail } from "../http/retry.ts";
import { redact } from "../log.ts";
import { IdeogramError, type IdeogramErrorKind, kindForStatus } from "./errors.ts";
import {
  describeSchemaError,
  errorBodySchema,
  type GenerateResponse,
  generateResponseSchema,
  type ImageRequest,
} from "./schema.ts";

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

/** Generates images synchronously. Throws `IdeogramError` on every failure. */
export async function generateImage(
  request: ImageRequest,
  options: IdeogramClientOptions,
): Promise<GenerateResponse> {
  const { clock, deadline } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let lastError = new IdeogramError("unavailable", undefined, "no attempt was made before the deadline");
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) break;
    const outcome = await attemptGenerate(request, options, Math.min(options.timeoutMs, remaining));
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

type AttemptOutcome =
  | { ok: true; response: GenerateResponse }
  | { ok: false; retryable: boolean; retryAfterMs?: number | undefined; error: IdeogramError };

async function attemptGenerate(
  request: ImageRequest,
  options: IdeogramClientOptions,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  let response: Response;
  try {
    response = await options.fetch(`${options.baseUrl}/generate`, {
      method: "POST",
      headers: { "Api-Key": options.apiKey, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ image_request: request }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    // A timed-out request may still run and be billed at Ideogram, so it is not repeated.
    if (isTimeout(error)) return failure(false, "unavailable", undefined, `no answer within ${timeoutMs} ms`);
    const reason = error instanceof Error ? error.message : String(error);
    return failure(true, "unavailable", undefined, `network error: ${reason}`);
  }

  if (response.ok) {
    // A 2xx means Ideogram ran (and billed) the request: never repeat it, even if unreadable.
    const parsed = generateResponseSchema.safeParse(await response.json().catch(() => undefined));
    if (parsed.success) return { ok: true, response: parsed.data };
    return failure(false, "bad_response", response.status, describeSchemaError(parsed.error));
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
): AttemptOutcome & { ok: false } {
  return { ok: false, retryable, error: new IdeogramError(kind, status, detail) };
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

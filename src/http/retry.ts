// The one retry loop, its backoff arithmetic and Retry-After parsing, shared by every caller that tries again.
// Layer 0 (http/): imports nothing of the bot's.

/** Injected so tests run retries without waiting and with a known clock. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/**
 * Exponential backoff with "equal jitter": half the window fixed, half random, so
 * retries from many jobs spread out but never collapse to zero.
 */
export function backoffDelay(attempt: number, random: () => number, baseMs = 1000, capMs = 30_000) {
  const window = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return Math.round(window / 2 + random() * (window / 2));
}

/** One attempt's answer: its value, or a fault, and whether (and when) another attempt is worth it. */
export type Attempt<T, F> =
  | { ok: true; value: T }
  | {
      ok: false;
      fault: F;
      /** False: give up now, whatever is left of the attempts (default: try again). */
      retry?: boolean;
      /** Wait this long before the next attempt instead of the backoff (a Retry-After). */
      afterMs?: number | undefined;
      /** False: this attempt is not counted against `attempts` (what it looked for is not there yet). */
      counted?: boolean;
    };

export interface RetryPolicy<F> {
  clock: Clock;
  /** Attempts in all, counted ones (default: no bound but `until`). */
  attempts?: number | undefined;
  /** Give up rather than wait until this time or past it. */
  until?: number | undefined;
  /** Give up rather than wait longer than this at once (a Retry-After too far off). */
  maxWaitMs?: number | undefined;
  /** The backoff's first window and its cap (backoffDelay). */
  baseMs?: number;
  capMs?: number;
  /** Told before each wait. */
  onRetry?: (fault: F, attempt: number, delayMs: number) => void;
}

export type Retried<T, F> = { ok: true; value: T } | { ok: false; fault: F; attempts: number };

/**
 * Runs `attempt` until it succeeds or the policy says to stop: the one retry loop of every client
 * and caller (Discord, Ideogram, downloads, the scheduler's RPC, delivery checks). Never throws on
 * its own; what `attempt` throws passes through.
 */
export async function retrying<T, F>(
  policy: RetryPolicy<F>,
  attempt: (n: number) => Promise<Attempt<T, F>>,
): Promise<Retried<T, F>> {
  const { clock } = policy;
  for (let n = 1; ; ) {
    const answer = await attempt(n);
    if (answer.ok) return answer;
    const counted = answer.counted ?? true;
    const delay = answer.afterMs ?? backoffDelay(n, clock.random, policy.baseMs, policy.capMs);
    const stop =
      answer.retry === false ||
      (counted && n >= (policy.attempts ?? Number.POSITIVE_INFINITY)) ||
      delay > (policy.maxWaitMs ?? Number.POSITIVE_INFINITY) ||
      (policy.until !== undefined && clock.now() + delay >= policy.until);
    if (stop) return { ok: false, fault: answer.fault, attempts: n };
    policy.onRetry?.(answer.fault, n, delay);
    await clock.sleep(delay);
    if (counted) n++;
  }
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Trims an upstream body for logs and messages: one line, bounded length. */
export function trimDetail(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

// Backoff arithmetic and Retry-After parsing shared by the Ideogram and Discord clients.
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

// Typed Ideogram failures, each with a message that is safe to show a Discord user.
// Layer 1 (ideogram/): imports only layer 0, never discord/.

export type IdeogramErrorKind =
  | "safety" // 422: the prompt (or the image sent) failed Ideogram's safety check
  | "auth" // 401/403: the key was refused
  | "credit" // 402: the account cannot pay
  | "invalid" // 400: Ideogram named a problem with the request
  | "rate_limited" // 429 that outlasted our retries
  | "unavailable" // 5xx, network failure, timeout
  | "bad_response"; // a 2xx we could not read

const USER_MESSAGES: Record<IdeogramErrorKind, (reason: string) => string> = {
  // /remix, /upscale and /describe also check the image: "Image provided failed safety check …"
  safety: (reason) =>
    /\bimage\b/i.test(reason)
      ? "Ideogram's safety check refused this image, so nothing was made."
      : "Ideogram's safety check refused this prompt, so no image was made. Try rewording it.",
  auth: () => "The bot's Ideogram API key was not accepted. Please ask the bot owner to check it.",
  credit: () => "The bot's Ideogram account is out of credit. Please ask the bot owner to top it up.",
  invalid: (reason) => `Ideogram rejected the request: ${reason}`,
  rate_limited: () => "Ideogram is busy with too many images right now. Please try again in a minute.",
  unavailable: () => "Ideogram had a temporary problem. Please try again in a moment.",
  bad_response: () => "Ideogram sent an answer the bot could not read. Please try again in a moment.",
};

export class IdeogramError extends Error {
  readonly kind: IdeogramErrorKind;
  /** HTTP status, when Ideogram answered at all. */
  readonly status: number | undefined;
  /** Ideogram's own words (trimmed), for the logs and for 400s. Never contains the key. */
  readonly detail: string;
  readonly userMessage: string;

  /**
   * True when Ideogram may have run (and billed) the request anyway: it timed out, or answered 2xx
   * with a body we could not read. Rejections (4xx, 429, 5xx) and network failures are not billed.
   */
  readonly mayHaveBilled: boolean;

  constructor(kind: IdeogramErrorKind, status: number | undefined, detail: string, mayHaveBilled = false) {
    super(`Ideogram ${kind}${status ? ` (${status})` : ""}: ${detail}`);
    this.name = "IdeogramError";
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    this.userMessage = USER_MESSAGES[kind](detail);
    this.mayHaveBilled = mayHaveBilled;
  }
}

/** Maps a final (non-retried) HTTP status to the kind of failure it means. */
export function kindForStatus(status: number): IdeogramErrorKind {
  if (status === 422) return "safety";
  if (status === 401 || status === 403) return "auth";
  if (status === 402) return "credit";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  return "invalid";
}

// Discord message limits. Docs: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
// Layer 1 (discord/): imports only layer 0, never ideogram/.

export const CONTENT_MAX = 2000;
export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4096;
export const EMBED_FIELD_VALUE_MAX = 1024;
/** Title + description + field names and values + footer + author, across all embeds. */
export const EMBEDS_TOTAL_MAX = 6000;
export const ATTACHMENT_DESCRIPTION_MAX = 1024;
/** A string option's longest value (a command's `max_length` may not exceed it). */
export const STRING_OPTION_MAX = 6000;
/** Default per-attachment upload limit when the interaction carries no `attachment_size_limit`. */
export const DEFAULT_ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;
/** Interaction tokens are valid for 15 minutes. */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60 * 1000;
/**
 * Follow-ups one interaction may have when it comes from an app installed only for its user, not in
 * the server (`authorizing_integration_owners` without a guild install). Reference: discord-interactions.md §2.
 */
export const USER_INSTALL_FOLLOWUPS_MAX = 5;
/** How long after an interaction Discord may still answer "Unknown Webhook" for its deferred answer. */
export const ANSWER_SETTLE_MS = 10_000;

/** Cuts `text` to at most `max` characters (code units), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, max);
  // Avoid leaving half of a surrogate pair before the ellipsis.
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

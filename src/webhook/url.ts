// Which URLs the webhook endpoint will post to: Discord webhook URLs only, so a caller can never
// make the Worker fetch anything else (no server-side request forgery). The Worker never fetches
// the URL it was given: it takes the webhook's id and token from it and posts to DISCORD_API_BASE.
// Layer 6 (webhook/): imports only layers 0–5, never interactions/.

/** Discord's API hosts that serve webhooks. */
const DISCORD_HOSTS = [
  "discord.com",
  "ptb.discord.com",
  "canary.discord.com",
  "discordapp.com",
  "ptb.discordapp.com",
  "canary.discordapp.com",
];

const WEBHOOK_PATH = /^\/api(?:\/v10)?\/webhooks\/(\d{17,20})\/([A-Za-z0-9_-]{20,200})\/?$/;

export interface DiscordWebhook {
  id: string;
  /** Secret: whoever has it can post to the channel. Never logged or returned. */
  token: string;
  /** Posts into this thread of a forum or text channel. */
  threadId?: string;
}

export type WebhookUrlParse = { ok: true; webhook: DiscordWebhook } | { ok: false; problem: string };

const EXPECTED = "must be a Discord webhook URL, https://discord.com/api/webhooks/{id}/{token}";

/**
 * A Discord webhook URL: https on a Discord host (or the origin of an overridden DISCORD_API_BASE),
 * path /api[/v10]/webhooks/{id}/{token}, no user info, no query but `thread_id`, no fragment.
 */
export function parseDiscordWebhookUrl(raw: string, discordApiBase: string): WebhookUrlParse {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: EXPECTED };
  }
  const apiOrigin = new URL(discordApiBase).origin;
  const onDiscord = url.protocol === "https:" && url.port === "" && DISCORD_HOSTS.includes(url.hostname);
  const onOverride = !DISCORD_HOSTS.includes(new URL(discordApiBase).hostname) && url.origin === apiOrigin;
  if (!(onDiscord || onOverride) || url.username !== "" || url.password !== "" || url.hash !== "") {
    return { ok: false, problem: EXPECTED };
  }
  const match = WEBHOOK_PATH.exec(url.pathname);
  if (!match?.[1] || !match[2]) return { ok: false, problem: EXPECTED };
  const params = [...url.searchParams.keys()];
  const threadId = url.searchParams.get("thread_id") ?? undefined;
  if (params.some((p) => p !== "thread_id") || (threadId !== undefined && !/^\d{17,20}$/.test(threadId))) {
    return { ok: false, problem: `${EXPECTED} (the only query parameter allowed is thread_id)` };
  }
  return { ok: true, webhook: { id: match[1], token: match[2], ...(threadId ? { threadId } : {}) } };
}

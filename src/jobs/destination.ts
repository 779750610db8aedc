// Where a job's messages go, and everything that differs with it: an interaction's own message
// (15-minute token, progress, buttons, readable back); the same message for a job that may outlive
// its token (a bot token is configured and the bot may post in the channel: once the token is gone,
// the result is a new channel message posted with the bot token); or a channel webhook (POST /webhook
// jobs: one new message, no token deadline). The only place that tells them apart.
// Layer 2 (jobs/): imports only layers 0–1, never config.ts.
import type { RESTPatchAPIInteractionOriginalResponseJSONBody } from "discord-api-types/v10";
import { ANSWER_SETTLE_MS, INTERACTION_TOKEN_LIFETIME_MS } from "../discord/bounds.ts";
import {
  createChannelMessage,
  DiscordApiError,
  type DiscordClientOptions,
  type DiscordFile,
  editOriginalResponse,
  executeWebhook,
  getOriginalResponse,
  type PostedMessage,
  postedMessageSchema,
} from "../discord/client.ts";
import { FLAG } from "../discord/numbers.ts";
import type { Clock } from "../http/retry.ts";
import { readComponentId } from "./component-ids.ts";
import type { Job } from "./job.ts";

export type MessageBody = RESTPatchAPIInteractionOriginalResponseJSONBody;

/** What a destination needs to reach Discord. */
export interface DiscordAccess {
  apiBase: string;
  fetch: typeof fetch;
  clock: Clock;
  /** DISCORD_BOT_TOKEN, for jobs that outlive their interaction token (a secret: headers only). */
  botToken?: string | undefined;
}

export interface Destination {
  /** The latest a job may start (later, it is ended with a message instead). */
  latestStart(job: Job): number;
  /** Until when the final message may still be posted; none is posted after it. */
  deliverBy(job: Job, now: number): number;
  /** Whether the message shows the job's place in line, its progress and a Cancel button. */
  readonly progress: boolean;
  /** Whether the result carries buttons (kept results behind them). */
  readonly buttons: boolean;
  /** Whether the outcome, with Ideogram's answer, is reported (to a webhook caller). */
  readonly reports: boolean;
  /** Posts the final message (retrying transient failures until `retryUntil`). */
  post(
    job: Job,
    body: MessageBody,
    files: readonly DiscordFile[],
    retryUntil: number,
    discord: DiscordAccess,
  ): Promise<{ posted?: PostedMessage }>;
  /**
   * Whether the final message is already there, after a run was interrupted while delivering:
   * "unknown" when it can't be told right now (Discord unreachable), "gone" when it never can again.
   */
  check(job: Job, discord: DiscordAccess): Promise<MessageCheck>;
}

export type MessageCheck = "final" | "not_final" | "unknown" | "gone";

/** A job must start this soon after its interaction, leaving 5 of the token's 15 minutes to finish. */
export const LATEST_START_MS = 10 * 60_000;
/** Time kept back from the token's life for downloading and delivering after Ideogram answers. */
export const DELIVERY_RESERVE_MS = 3 * 60_000;

/** Discord's message flag for a deferred response still "thinking…". */

const tokenExpiry = (job: Job) => job.receivedAt + INTERACTION_TOKEN_LIFETIME_MS;

/** Calls with an interaction's token: within its 15 minutes, patient with Discord in its first seconds. */
export const interactionOptions = (job: Job, discord: DiscordAccess): DiscordClientOptions => ({
  ...discord,
  tokenExpiresAt: tokenExpiry(job),
  unknownUntil: job.receivedAt + ANSWER_SETTLE_MS,
});

/** The interaction's deferred response, edited into the result. */
export const interactionMessage: Destination = {
  latestStart: (job) => job.receivedAt + LATEST_START_MS,
  deliverBy: (job) => tokenExpiry(job),
  progress: true,
  buttons: true,
  reports: false,
  async post(job, body, files, retryUntil, discord) {
    await editOriginalResponse(
      job.applicationId,
      job.token,
      body,
      files,
      { ...interactionOptions(job, discord), retryUntil },
      job.messageId,
    );
    return {};
  },
  async check(job, discord) {
    let message: { flags?: number; components?: unknown[] } | undefined;
    try {
      message = (await getOriginalResponse(
        job.applicationId,
        job.token,
        { ...interactionOptions(job, discord), maxAttempts: 1 },
        job.messageId,
      )) as typeof message;
    } catch (error) {
      // A dead token is a definite answer: nothing can change the message any more.
      return error instanceof DiscordApiError && error.tokenDead ? "gone" : "unknown";
    }
    // Progress messages carry the Cancel button; a final one has the result's buttons or none.
    const final =
      !!message && ((message.flags ?? 0) & FLAG.LOADING) === 0 && !hasCancelButton(message.components);
    return final ? "final" : "not_final";
  },
};

function hasCancelButton(rows: unknown[] | undefined): boolean {
  return (rows ?? []).some((row) =>
    ((row as { components?: { custom_id?: string }[] }).components ?? []).some((c) =>
      c.custom_id ? readComponentId(c.custom_id)?.action === "cancel" : false,
    ),
  );
}

/** A webhook job may wait this long for its turn. */
export const WEBHOOK_LATEST_START_MS = 60 * 60_000;
/** How long a webhook job may spend once started, its delivery retries included. */
export const WEBHOOK_WORK_MS = 10 * 60_000;

/**
 * A POST /webhook job's destination: a Discord channel webhook. Its id and token stand in for the
 * interaction's; the result is one new message (no progress, no buttons), and there is no 15-minute
 * token to race, so a job may wait longer for its turn.
 */
export const channelWebhook: Destination = {
  latestStart: (job) => job.receivedAt + WEBHOOK_LATEST_START_MS,
  deliverBy: (_job, now) => now + WEBHOOK_WORK_MS,
  progress: false,
  buttons: false,
  reports: true,
  async post(job, body, files, retryUntil, discord) {
    const webhook = { id: job.applicationId, token: job.token, threadId: job.channelWebhook?.threadId };
    const answer = await executeWebhook(webhook, body, files, {
      ...discord,
      tokenExpiresAt: Number.POSITIVE_INFINITY,
      retryUntil,
    });
    const message = postedMessageSchema().safeParse(answer);
    return message.success ? { posted: message.data } : {};
  },
  // A channel webhook's message can't be read back: an interrupted delivery is posted again.
  check: async () => "not_final",
};

/** The token's last minute is left alone: a result then goes to the channel instead. */
const TOKEN_MARGIN_MS = 60_000;
const tokenUsable = (job: Job, now: number) => now < tokenExpiry(job) - TOKEN_MARGIN_MS;

/**
 * A result posted with the bot token (Create Message) in the job's channel: it mentions only the
 * requester, replies to the command's message when the bot may (and Discord still has it: no error
 * if not), and carries the job's id as an enforced nonce, so a delivery posted again after a lost
 * answer is the same message.
 */
export async function postToChannel(
  job: Job,
  body: MessageBody,
  files: readonly DiscordFile[],
  retryUntil: number,
  discord: DiscordAccess,
): Promise<PostedMessage> {
  if (!job.channel || !discord.botToken) {
    throw new DiscordApiError("no bot token or channel to post the result with", 401, 50027);
  }
  const mention = `<@${job.user.id}>`;
  const content = body.content ? `${mention} ${body.content}` : mention;
  const reply =
    job.channel.reply && job.originalMessageId
      ? { message_reference: { message_id: job.originalMessageId, fail_if_not_exists: false } }
      : {};
  const { flags: _flags, embeds, components, attachments } = body;
  return createChannelMessage(
    job.channel.id,
    discord.botToken,
    {
      ...(embeds ? { embeds } : {}),
      ...(components ? { components } : {}),
      ...(attachments ? { attachments } : {}),
      content,
      allowed_mentions: { parse: [], users: [job.user.id] },
      ...reply,
      nonce: job.id.slice(0, 25),
      enforce_nonce: true,
    },
    files,
    { ...discord, retryUntil },
  );
}

/**
 * An interaction's message that may outlive its token (Job.outlivesTokenUntil): edited while the
 * token lives, as an interaction's message is; after, or once Discord says the token is dead, the
 * result goes to the channel with the bot token.
 */
export const outlivingMessage: Destination = {
  latestStart: (job) => job.outlivesTokenUntil ?? job.receivedAt + LATEST_START_MS,
  deliverBy: (job, now) => Math.max(tokenExpiry(job), now + WEBHOOK_WORK_MS),
  progress: true,
  buttons: true,
  reports: false,
  async post(job, body, files, retryUntil, discord) {
    const now = discord.clock.now();
    if (tokenUsable(job, now)) {
      try {
        const until = Math.min(retryUntil, tokenExpiry(job) - TOKEN_MARGIN_MS);
        return await interactionMessage.post(job, body, files, until, discord);
      } catch (error) {
        if (!(error instanceof DiscordApiError && error.tokenDead) && tokenUsable(job, discord.clock.now())) {
          throw error;
        }
      }
    }
    return { posted: await postToChannel(job, body, files, retryUntil, discord) };
  },
  // Past the token the message can't be read back; the nonce makes posting it again harmless.
  check: (job, discord) =>
    tokenUsable(job, discord.clock.now())
      ? interactionMessage.check(job, discord)
      : Promise.resolve("not_final"),
};

export function destinationFor(job: Job): Destination {
  if (job.channelWebhook) return channelWebhook;
  return job.outlivesTokenUntil ? outlivingMessage : interactionMessage;
}

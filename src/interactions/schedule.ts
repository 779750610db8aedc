// Turns an accepted interaction into a queued job, and the scheduler's answer into Discord's.
// Layer 6 (interactions/): imports only layers 0–5, never webhook/.

import type {
  APIApplicationCommandInteraction,
  APIInteractionResponse,
  APIMessageComponentInteraction,
  APIModalSubmitInteraction,
} from "discord-api-types/v10";
import { DEFAULT_ATTACHMENT_SIZE_LIMIT } from "../discord/bounds.ts";
import { CONTEXT, INTERACTION, THREAD_CHANNEL } from "../discord/numbers.ts";
import { channelPosting } from "../discord/permissions.ts";
import { deferred, ephemeral } from "../discord/responses.ts";
import { snowflakeTime } from "../discord/snowflake.ts";
import { formatUsd } from "../ideogram/prices.ts";
import type { BatchClick, EnqueueRefusal, LimitRefusal } from "../jobs/contract.ts";
import type { Job, JobWork } from "../jobs/job.ts";
import type { CommandContext } from "./context.ts";

type Source = APIApplicationCommandInteraction | APIMessageComponentInteraction | APIModalSubmitInteraction;

export interface ScheduleOptions {
  /** A fresh /imagine: the server's defaults fill what the user left out. */
  useServerDefaults?: boolean;
  /** The version of the user's `/prefer` preferences its prompt was read with. */
  preferencesVersion?: number;
}

/** When the interaction's token's 15 minutes began: when Discord created it, if that is earlier. */
const receivedAtOf = (interaction: Source, now: number) =>
  Math.min(now, snowflakeTime(interaction.id) ?? now);

/** A click on a confirmation's Yes: whose it is, and the interaction its jobs will answer with. */
export function batchClickOf(interaction: APIMessageComponentInteraction, now: number): BatchClick {
  const user = interaction.member?.user ?? interaction.user;
  return {
    userId: user?.id ?? "unknown",
    interactionId: interaction.id,
    applicationId: interaction.application_id,
    token: interaction.token,
    receivedAt: receivedAtOf(interaction, now),
    attachmentSizeLimit: interaction.attachment_size_limit || DEFAULT_ATTACHMENT_SIZE_LIMIT,
  };
}

const THREADS: readonly number[] = Object.values(THREAD_CHANNEL);

/** The server channel the bot itself may post in (its app_permissions there), if any. */
function channelOf(interaction: Source): Pick<Job, "channel"> {
  const channelId = interaction.channel?.id ?? interaction.channel_id;
  const inGuild =
    interaction.guild_id !== undefined && (interaction.context ?? CONTEXT.GUILD) === CONTEXT.GUILD;
  if (!channelId || !inGuild) return {};
  const thread = THREADS.includes(interaction.channel?.type ?? -1);
  const { post, reply } = channelPosting(interaction.app_permissions, thread);
  return post ? { channel: { id: channelId, reply } } : {};
}

/** `work` as the job of this interaction, on behalf of whoever sent it (for a button: the clicker). */
export function jobFor<W extends JobWork>(
  interaction: Source,
  work: W,
  context: Pick<CommandContext, "now" | "origin">,
  options: ScheduleOptions = {},
): Job & W {
  const user = interaction.member?.user ?? interaction.user;
  return {
    ...work,
    id: interaction.id,
    interactionId: interaction.id,
    applicationId: interaction.application_id,
    token: interaction.token,
    user: { id: user?.id ?? "unknown", name: user?.global_name ?? user?.username ?? "someone" },
    attachmentSizeLimit: interaction.attachment_size_limit || DEFAULT_ATTACHMENT_SIZE_LIMIT,
    ...(interaction.guild_id ? { guildId: interaction.guild_id } : {}),
    ...(options.useServerDefaults ? { useServerDefaults: true } : {}),
    ...(options.preferencesVersion === undefined ? {} : { preferencesVersion: options.preferencesVersion }),
    receivedAt: receivedAtOf(interaction, context.now),
    ...(context.origin.startsWith("https://") ? { eventsOrigin: context.origin } : {}),
    ...channelOf(interaction),
  } as Job & W;
}

/**
 * Queues `work` as the job that fills this interaction's response, on behalf of whoever sent it
 * (for a button: the clicker). Answers "thinking…" once the job is stored, or says why not.
 */
export async function scheduleWork(
  interaction: Source,
  work: JobWork,
  context: CommandContext,
  options: ScheduleOptions = {},
): Promise<APIInteractionResponse> {
  const job = jobFor(interaction, work, context, options);
  const clicked = interaction.type === INTERACTION.COMPONENT;
  if (clicked) job.clickKey = clickKeyOf(interaction as APIMessageComponentInteraction);
  const result = await context.schedule(job);
  if (result.status === "queued" || result.status === "duplicate") return deferred();
  return ephemeral(describeEnqueueRefusal(result));
}

/**
 * `context` with a schedule() that notes when the scheduler stored nothing because the job was read
 * with `/prefer` preferences that have changed since (then read them again, and answer again).
 */
export function watchingPreferences(context: CommandContext): {
  context: CommandContext;
  changed: () => boolean;
} {
  let changed = false;
  return {
    context: {
      ...context,
      schedule: async (job) => {
        const result = await context.schedule(job);
        changed = result.status === "preferences_changed";
        return result;
      },
    },
    changed: () => changed,
  };
}

/** A click, by who clicked which button or menu and what they chose: the same action on the same image. */
function clickKeyOf(interaction: APIMessageComponentInteraction): string {
  const user = interaction.member?.user ?? interaction.user;
  const values = "values" in interaction.data ? interaction.data.values : [];
  return `${user?.id}:${interaction.data.custom_id}:${values.join(",")}`;
}

/** Why the scheduler did not queue a job, for the person who asked. */
export function describeEnqueueRefusal(result: EnqueueRefusal): string {
  switch (result.status) {
    case "user_limit":
      return `You already have ${result.limit} request${result.limit === 1 ? "" : "s"} waiting or generating. Wait for one to finish (or cancel one), then try again.`;
    case "too_many_images":
      return `This bot makes at most ${result.limit} images at a time: ask for fewer with \`count\`.`;
    case "duplicate_click":
      return "You already clicked this: it is on its way. Nothing more was started or counted.";
    case "refused":
      return result.message;
    case "limited":
      return describeRefusal(result.refusal);
    case "preferences_changed":
      return "Your `/prefer` preferences changed while this was sent: send it again.";
  }
}

const WHOSE = {
  user: "You don't have",
  guild: "This server doesn't have",
  budget: "The bot's daily spending cap doesn't have",
} as const;

/**
 * "You don't have enough left today: 5 of 50 images left, this request needs 8." Never a negative
 * count: a limit lowered below what was already used leaves 0.
 */
export function describeRefusal({ scope, used, limit, needed, resetsAt }: LimitRefusal): string {
  const left = Math.max(0, limit - used);
  const amount = (n: number) => (scope === "budget" ? formatUsd(n) : String(n));
  const unit = scope === "budget" ? "" : " images";
  const reset = `It resets at 00:00 UTC (<t:${Math.floor(resetsAt / 1000)}:R>).`;
  const need = scope === "budget" ? `would cost ${formatUsd(needed)}` : `needs ${needed}`;
  return `${WHOSE[scope]} enough left today: ${amount(left)} of ${amount(limit)}${unit} left, this request ${need}. ${reset}`;
}

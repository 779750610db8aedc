// Turns an accepted interaction into a queued job, and the scheduler's answer into Discord's.
import type {
  APIApplicationCommandInteraction,
  APIInteractionResponse,
  APIMessageComponentInteraction,
  APIModalSubmitInteraction,
} from "discord-api-types/v10";
import { DEFAULT_ATTACHMENT_SIZE_LIMIT } from "../discord/limits.ts";
import { deferred, ephemeral } from "../discord/responses.ts";
import { snowflakeTime } from "../discord/snowflake.ts";
import { formatUsd } from "../ideogram/prices.ts";
import type { LimitRefusal } from "../limits/admission.ts";
import type { JobWork } from "../pipeline/job.ts";
import type { CommandContext } from "./context.ts";

type Source = APIApplicationCommandInteraction | APIMessageComponentInteraction | APIModalSubmitInteraction;

/**
 * Queues `work` as the job that fills this interaction's response, on behalf of whoever sent it
 * (for a button: the clicker). Answers "thinking…" once the job is stored, or says why not.
 */
export async function scheduleWork(
  interaction: Source,
  work: JobWork,
  context: CommandContext,
  options: { useServerDefaults?: boolean } = {},
): Promise<APIInteractionResponse> {
  const user = interaction.member?.user ?? interaction.user;
  const result = await context.schedule({
    ...work,
    id: interaction.id,
    interactionId: interaction.id,
    applicationId: interaction.application_id,
    token: interaction.token,
    user: { id: user?.id ?? "unknown", name: user?.global_name ?? user?.username ?? "someone" },
    attachmentSizeLimit: interaction.attachment_size_limit || DEFAULT_ATTACHMENT_SIZE_LIMIT,
    ...(interaction.guild_id ? { guildId: interaction.guild_id } : {}),
    ...(options.useServerDefaults ? { useServerDefaults: true } : {}),
    // The token's 15 minutes run from when Discord created the interaction.
    receivedAt: Math.min(context.now, snowflakeTime(interaction.id) ?? context.now),
  });
  switch (result.status) {
    case "queued":
    case "duplicate":
      return deferred();
    case "user_limit":
      return ephemeral(
        `You already have ${result.limit} request${result.limit === 1 ? "" : "s"} waiting or generating. Wait for one to finish (or cancel one), then try again.`,
      );
    case "too_many_images":
      return ephemeral(
        `This bot makes at most ${result.limit} images at a time: ask for fewer with \`count\`.`,
      );
    case "refused":
      return ephemeral(result.message);
    case "limited":
      return ephemeral(describeRefusal(result.refusal));
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

// /usage: your images today and what is left; for server managers, the server's and the bot's spend.
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
} from "discord-api-types/v10";
import { PERMISSION } from "../discord/numbers.ts";
import { ephemeral } from "../discord/responses.ts";
import { formatUsd } from "../ideogram/prices.ts";
import type { CommandContext } from "../interactions/context.ts";

/** True if the member may manage the server, from the permissions Discord computed for this interaction. */
export function canManageServer(interaction: { member?: { permissions?: string } }): boolean {
  const bits = interaction.member?.permissions;
  if (!bits || !/^\d+$/.test(bits)) return false;
  return (BigInt(bits) & (PERMISSION.MANAGE_GUILD | PERMISSION.ADMINISTRATOR)) !== 0n;
}

const images = (n: number) => (n === 1 ? "1 image" : `${n} images`);

/**
 * The part of a cost that is our estimate: Ideogram publishes no price for legacy Upscale and Describe,
 * and a request Ideogram quotes is priced from the table until its quote is had.
 */
const estimated = (usage: { estimated: number }) =>
  usage.estimated > 0
    ? `, ≈ ${formatUsd(usage.estimated)} of it estimated (no published price, or no exact quote from Ideogram yet)`
    : "";

export async function handleUsage(
  interaction: APIChatInputApplicationCommandInteraction,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const user = interaction.member?.user ?? interaction.user;
  const manager = interaction.guild_id !== undefined && canManageServer(interaction);
  const report = await context.limits.usage(
    user?.id ?? "unknown",
    manager ? interaction.guild_id : undefined,
  );
  const reset = Math.floor(report.resetsAt / 1000);
  const lines = [
    `**You today:** ${images(report.user.images)} of ${report.user.limit}, ${images(Math.max(0, report.user.limit - report.user.images))} left.`,
  ];
  if (manager && report.guild) {
    lines.push(
      `**This server today:** ${images(report.guild.images)} of ${report.guild.limit}, about ${formatUsd(report.guild.cost)} at Ideogram's prices${estimated(report.guild)}.`,
    );
    const budget =
      report.all.budget === undefined ? "no daily cap" : `daily cap ${formatUsd(report.all.budget)}`;
    lines.push(
      `**The whole bot today:** about ${formatUsd(report.all.cost)}${estimated(report.all)} (${budget}).`,
    );
  }
  lines.push(`Limits reset at 00:00 UTC (<t:${reset}:R>).`);
  return ephemeral(lines.join("\n"));
}

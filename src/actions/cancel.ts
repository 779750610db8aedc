// The Cancel button on a queued or generating job. Anyone can click it; only the requester's click counts.
// Layer 7 (actions/): imports only layers 0–6, never commands/, scheduler/.
import type { APIInteractionResponse, APIMessageComponentInteraction } from "discord-api-types/v10";
import { deferredUpdate, ephemeral } from "../discord/responses.ts";
import type { CommandContext } from "../interactions/context.ts";
import { expired } from "../interactions/replies.ts";
import type { ComponentRef } from "../jobs/component-ids.ts";

export async function handleCancel(
  interaction: APIMessageComponentInteraction,
  ref: ComponentRef,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const clicker = interaction.member?.user ?? interaction.user;
  const result = await context.cancel(ref.jobId, clicker?.id ?? "");
  switch (result.status) {
    // The scheduler edits the message itself, in order with its other edits of that message.
    case "cancelled":
      return deferredUpdate();
    case "not_owner":
      return ephemeral(`Only ${result.owner} can cancel this.`);
    case "already_cancelled":
      return ephemeral("This request was already cancelled.");
    case "finished":
      return ephemeral("This request has already finished.");
    case "unknown":
      return expired(context.results.retentionDays);
  }
}

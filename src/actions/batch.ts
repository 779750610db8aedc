// Yes and No on the private confirmation of a command that makes several jobs (permutations,
// `--repeat`): Yes queues them all, each with its own new message in the channel; No starts nothing.
// Either way the confirmation says what happened and loses its buttons.
// Layer 7 (actions/): imports only layers 0–6, never commands/, scheduler/.
import type { APIInteractionResponse, APIMessageComponentInteraction } from "discord-api-types/v10";
import { ephemeral, updateMessage } from "../discord/responses.ts";
import type { CommandContext } from "../interactions/context.ts";
import { batchClickOf, describeEnqueueRefusal } from "../interactions/schedule.ts";
import type { ComponentRef } from "../jobs/component-ids.ts";
import type { BatchConfirmed } from "../jobs/contract.ts";

type Click = (
  interaction: APIMessageComponentInteraction,
  ref: ComponentRef,
  context: CommandContext,
) => Promise<APIInteractionResponse>;

/** What a click on a confirmation that can't be answered any more is told. */
function unanswerable(
  status: Exclude<BatchConfirmed["status"], "started" | "refused">,
): APIInteractionResponse {
  switch (status) {
    case "expired":
      return updateMessage("This confirmation expired, so nothing was started. Send the command again.");
    case "used":
      return ephemeral("This was answered already.");
    case "not_owner":
      return ephemeral("Only the person who sent the command can answer this.");
    case "unknown":
      return updateMessage(
        "This confirmation is no longer known, so nothing was started. Send the command again.",
      );
  }
}

/** ✅ Yes: every job queued, or none (a daily limit used up since the confirmation refuses them all). */
export const confirmBatch: Click = async (interaction, ref, context) => {
  const result = await context.batches.confirm(ref.jobId, batchClickOf(interaction, context.now));
  switch (result.status) {
    case "started":
      return updateMessage(
        `✅ Started ${result.jobs} jobs. Each appears in this channel as its own message; at most a few of yours run at once.`,
      );
    case "refused":
      return updateMessage(`Nothing was started: ${describeEnqueueRefusal(result.result)}`);
    default:
      return unanswerable(result.status);
  }
};

/** No: nothing starts. */
export const declineBatch: Click = async (interaction, ref, context) => {
  const user = interaction.member?.user ?? interaction.user;
  const result = await context.batches.decline(ref.jobId, user?.id ?? "unknown");
  return result.status === "declined" ? updateMessage("Nothing was started.") : unanswerable(result.status);
};

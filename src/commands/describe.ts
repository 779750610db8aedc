// /describe image:<attachment> and the "Describe image" message menu: Ideogram suggests prompts
// for an image; each comes back with an "Imagine" button.
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
  APIMessage,
  APIMessageApplicationCommandInteraction,
} from "discord-api-types/v10";
import { row, select } from "../discord/components.ts";
import { ephemeral } from "../discord/responses.ts";
import { resolvedAttachment, targetMessage } from "../discord/shapes.ts";
import type { CommandContext } from "../interactions/context.ts";
import { scheduleWork } from "../interactions/schedule.ts";
import { componentId, readComponentId } from "../jobs/component-ids.ts";
import type { ImageSource } from "../jobs/job.ts";
import type { Manifest } from "../jobs/results.ts";
import { checkUpload, isReadableImage } from "./uploads.ts";

export function handleDescribe(
  interaction: APIChatInputApplicationCommandInteraction,
  context: CommandContext,
): Promise<APIInteractionResponse> | APIInteractionResponse {
  const option = interaction.data.options?.find((o) => o.name === "image");
  const id = option && "value" in option ? String(option.value) : "";
  const attachment = resolvedAttachment(interaction, id);
  if (!attachment) return ephemeral("Attach an image to describe with the `image` option.");
  const checked = checkUpload(attachment);
  if (!checked.ok) return ephemeral(`Nothing was described: ${checked.problem}`);
  return scheduleWork(interaction, { kind: "describe", source: checked.source }, context);
}

export async function handleDescribeMessage(
  interaction: APIMessageApplicationCommandInteraction,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const message = targetMessage(interaction);
  const found = message && (await findImage(message, interaction.application_id, context));
  if (!found) return ephemeral("That message has no image to describe.");
  if ("choose" in found) {
    // A grid: which of its images is the member's to say, as with Pick.
    const { jobId, images } = found.choose;
    const options = images.map((i) => ({ label: `Image ${i.index + 1}`, value: String(i.index) }));
    return ephemeral("Which image should Ideogram describe?", [
      row([select(componentId("describe", jobId), "🔎 Describe an image…", options)]),
    ]);
  }
  return scheduleWork(interaction, { kind: "describe", source: found }, context);
}

/**
 * The image to describe: for the bot's own results, the copy it keeps (Discord's CDN refuses
 * Workers for channel media) — or, for a grid, its images to choose from; otherwise the message's
 * first image attachment.
 */
async function findImage(
  message: APIMessage,
  applicationId: string,
  context: CommandContext,
): Promise<ImageSource | { choose: Manifest } | undefined> {
  if (message.author.id === applicationId) {
    // A picked image's buttons name its image; a result's first button names only the result.
    const ref = (message.components ?? [])
      .flatMap((row) => ("components" in row ? (row.components as { custom_id?: string }[]) : []))
      .map((c) => (c.custom_id ? readComponentId(c.custom_id) : undefined))
      .find((found) => found !== undefined);
    const manifest = ref ? await context.results.manifest(ref.jobId) : undefined;
    if (manifest && ref?.index === undefined && manifest.images.length > 1) return { choose: manifest };
    const image = manifest?.images.find((i) => ref?.index === undefined || i.index === ref.index);
    if (manifest && image) return { type: "stored", jobId: manifest.jobId, index: image.index };
  }
  const attachment = message.attachments.find((a) => isReadableImage(a.content_type));
  return attachment && { type: "url", url: attachment.url, filename: attachment.filename };
}

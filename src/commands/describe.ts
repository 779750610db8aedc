// /describe image:<attachment> and the "Describe image" message menu: Ideogram suggests prompts
// for an image; each comes back with an "Imagine" button.
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
  APIMessage,
  APIMessageApplicationCommandInteraction,
} from "discord-api-types/v10";
import { readComponentId } from "../actions/registry.ts";
import { resolvedAttachment, targetMessage } from "../discord/interactions.ts";
import { ephemeral } from "../discord/responses.ts";
import type { ImageSource } from "../pipeline/job.ts";
import type { CommandContext } from "./context.ts";
import { scheduleWork } from "./schedule.ts";
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
  const source = message && (await findImage(message, interaction.application_id, context));
  if (!source) return ephemeral("That message has no image to describe.");
  return scheduleWork(interaction, { kind: "describe", source }, context);
}

/**
 * The image to describe: for the bot's own results, the copy it keeps (Discord's CDN refuses
 * Workers for channel media); otherwise the message's first image attachment.
 */
async function findImage(
  message: APIMessage,
  applicationId: string,
  context: CommandContext,
): Promise<ImageSource | undefined> {
  if (message.author.id === applicationId) {
    // A picked image's buttons name its image; a result's first button names only the result.
    const ref = (message.components ?? [])
      .flatMap((row) => ("components" in row ? (row.components as { custom_id?: string }[]) : []))
      .map((c) => (c.custom_id ? readComponentId(c.custom_id) : undefined))
      .find((found) => found !== undefined);
    const manifest = ref ? await context.results.manifest(ref.jobId) : undefined;
    const image = manifest?.images.find((i) => ref?.index === undefined || i.index === ref.index);
    if (manifest && image) return { type: "stored", jobId: manifest.jobId, index: image.index };
  }
  const attachment = message.attachments.find((a) => isReadableImage(a.content_type));
  return attachment && { type: "url", url: attachment.url, filename: attachment.filename };
}

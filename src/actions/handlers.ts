// Clicks on the buttons under a result: each (but Edit) becomes a new job, owned by the clicker,
// whose answer is a new message ("thinking…" now, type 5). Edit opens a form (type 9).
import type { APIInteractionResponse, APIMessageComponentInteraction } from "discord-api-types/v10";
import type { CommandContext } from "../commands/context.ts";
import { scheduleWork } from "../commands/schedule.ts";
import { ephemeral } from "../discord/responses.ts";
import type { ImageRequest } from "../ideogram/schema.ts";
import type { JobWork } from "../pipeline/job.ts";
import type { KeptImage, Manifest } from "../pipeline/results.ts";
import { parseActionId } from "./buttons.ts";
import { editModal } from "./edit.ts";

/** Ideogram's default for /remix, and what "Vary" uses. */
export const VARY_IMAGE_WEIGHT = 50;

export const expired = (retentionDays: number) =>
  ephemeral(
    `This button has expired: the bot keeps results for ${retentionDays} days. Use \`/imagine\` to start again.`,
  );

export async function handleAction(
  interaction: APIMessageComponentInteraction,
  customId: string,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const values = "values" in interaction.data ? interaction.data.values : undefined;
  const ref = parseActionId(customId, values);
  const manifest = ref && (await context.results.manifest(ref.jobId));
  if (!ref || !manifest) return expired(context.results.retentionDays);
  const image = manifest.images.find((i) => i.index === ref.index);
  let work: JobWork | undefined;
  switch (ref.action) {
    case "reroll":
      work = withoutSeed(manifest.work);
      break;
    case "edit":
      return editModal(manifest) ?? expired(context.results.retentionDays);
    case "upscale":
      work = image && { kind: "upscale", request: { prompt: image.prompt }, source: stored(manifest, image) };
      break;
    case "vary":
      work = image && {
        kind: "remix",
        request: baseRequest(manifest, image),
        imageWeight: VARY_IMAGE_WEIGHT,
        source: stored(manifest, image),
      };
      break;
    case "use": {
      const prompt = ref.index === undefined ? undefined : manifest.descriptions?.[ref.index];
      work = prompt ? { kind: "generate", request: { prompt } } : undefined;
      break;
    }
  }
  return work ? scheduleWork(interaction, work, context) : expired(context.results.retentionDays);
}

const stored = (manifest: Manifest, image: KeptImage) =>
  ({ type: "stored", jobId: manifest.jobId, index: image.index }) as const;

/** The same request again; Ideogram picks a new random seed when none is given. */
export function withoutSeed(work: JobWork): JobWork {
  if (work.kind === "describe") return work;
  const { seed: _seed, ...request } = work.request;
  return { ...work, request } as JobWork;
}

/** The request a variation of `image` re-imagines it with: the original one, minus its seed. */
function baseRequest(manifest: Manifest, image: KeptImage): ImageRequest {
  const { work } = manifest;
  if (work.kind === "generate" || work.kind === "remix") {
    const { seed: _seed, ...request } = work.request;
    return request;
  }
  return { prompt: image.prompt };
}

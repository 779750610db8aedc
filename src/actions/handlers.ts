// Clicks on the buttons under a result: each (but Edit) becomes a new job, owned by the clicker,
// whose answer is a new message ("thinking…" now, type 5). Edit opens a form (type 9).
// Layer 7 (actions/): imports only layers 0–6, never commands/, scheduler/.
import type { APIInteractionResponse, APIMessageComponentInteraction } from "discord-api-types/v10";
import { DEFAULT_IMAGE_WEIGHT } from "../ideogram/enums.ts";
import { type Field, fieldsFor } from "../ideogram/models.ts";
import type { ImageRequest } from "../ideogram/schema.ts";
import type { CommandContext } from "../interactions/context.ts";
import { expired } from "../interactions/replies.ts";
import { scheduleWork, watchingPreferences } from "../interactions/schedule.ts";
import type { ComponentRef } from "../jobs/component-ids.ts";
import { hasRequest, type JobWork } from "../jobs/job.ts";
import type { Manifest, StoredImage } from "../jobs/results.ts";
import { editModal } from "./edit.ts";
import { remixModal, remixSubmit } from "./remix.ts";

/** Ideogram's default for a remix, and what "Vary n" under a grid uses. */
export const VARY_IMAGE_WEIGHT = DEFAULT_IMAGE_WEIGHT;
/** How closely a single image's Vary (Subtle) and Vary (Strong) follow it (1–100; higher is closer). */
export const SUBTLE_IMAGE_WEIGHT = 75;
export const STRONG_IMAGE_WEIGHT = 25;

type Click = (
  interaction: APIMessageComponentInteraction,
  ref: ComponentRef,
  context: CommandContext,
) => Promise<APIInteractionResponse>;

/** An action on a kept result: its work as a new job of the clicker's, or its answer; expired if gone. */
const onResult =
  (act: (manifest: Manifest, ref: ComponentRef) => JobWork | APIInteractionResponse | undefined): Click =>
  async (interaction, ref, context) => {
    const manifest = await context.results.manifest(ref.jobId);
    const outcome = manifest && act(manifest, ref);
    if (!outcome) return expired(context.results.retentionDays);
    return "kind" in outcome ? scheduleWork(interaction, outcome, context) : outcome;
  };

const imageOf = (manifest: Manifest, ref: ComponentRef) => manifest.images.find((i) => i.index === ref.index);

type Act = (manifest: Manifest, ref: ComponentRef) => JobWork | undefined;

/**
 * Re-roll and Vary: as onResult, but in the clicker's Remix mode (`/prefer remix`) the form opens
 * first (remix.ts). Read with the preferences this Worker knows; the scheduler says if they changed.
 */
const remixable =
  (act: Act): Click =>
  async (interaction, ref, context) => {
    const manifest = await context.results.manifest(ref.jobId);
    const work = manifest && act(manifest, ref);
    if (!work) return expired(context.results.retentionDays);
    const userId = (interaction.member?.user ?? interaction.user)?.id ?? "unknown";
    const form = remixModal(ref, work);
    const known = context.limits.knownPreferences(userId);
    if (form && known.preferences.remix) return form;
    const watching = watchingPreferences(context);
    const answer = await scheduleWork(interaction, work, watching.context, {
      preferencesVersion: known.version,
    });
    if (!watching.changed()) return answer;
    const current = await context.limits.preferences(userId);
    if (form && current.preferences.remix) return form;
    return scheduleWork(interaction, work, context, { preferencesVersion: current.version });
  };

/** 🔄 Re-roll (and Try again): the same work, a new seed. */
const rerollWork: Act = (manifest) => withoutSeed(manifest.work);
export const reroll = remixable(rerollWork);
export const rerollRemixed = remixSubmit(rerollWork);

/** ✏️ Edit: the form prefilled with the result's prompt, negative prompt and seed. */
export const openEditForm = onResult((manifest) => editModal(manifest));

/** ⬆️ Upscale n. */
export const upscale = onResult((manifest, ref) => {
  const image = imageOf(manifest, ref);
  return image && { kind: "upscale", request: { prompt: image.prompt }, source: stored(manifest, image) };
});

/**
 * 🔀 The image re-imagined with the original request by its model's remix, following it this closely;
 * a 3.0 image's style and character references go with it.
 */
const variationBy =
  (imageWeight: number): Act =>
  (manifest, ref) => {
    const image = imageOf(manifest, ref);
    const references = "references" in manifest.work ? manifest.work.references : undefined;
    // A prompt typed in Midjourney's language keeps saying so (its ignored parameters, its notes).
    const parameters = "parameters" in manifest.work ? manifest.work.parameters : undefined;
    return (
      image && {
        kind: "remix",
        request: baseRequest(manifest, image),
        imageWeight,
        source: stored(manifest, image),
        ...(references ? { references } : {}),
        ...(parameters ? { parameters } : {}),
      }
    );
  };
const gridVariation = variationBy(VARY_IMAGE_WEIGHT);
const subtleVariation = variationBy(SUBTLE_IMAGE_WEIGHT);
const strongVariation = variationBy(STRONG_IMAGE_WEIGHT);
/** 🔀 Vary n, under a grid. */
export const vary = remixable(gridVariation);
export const varyRemixed = remixSubmit(gridVariation);
/** 🔀 Vary (Subtle) and Vary (Strong), under a single image. */
export const varySubtle = remixable(subtleVariation);
export const varySubtleRemixed = remixSubmit(subtleVariation);
export const varyStrong = remixable(strongVariation);
export const varyStrongRemixed = remixSubmit(strongVariation);

/** 📌 Pick n: that image alone, as a new message with the single-image tools (free: no Ideogram call). */
export const pick = onResult((manifest, ref) => {
  const image = imageOf(manifest, ref);
  const prompt = hasRequest(manifest.work) ? manifest.work.request.prompt : image?.prompt;
  return image?.size ? { kind: "pick", source: stored(manifest, image), prompt } : undefined;
});

/** 🔎 Apps › Describe image on a grid: the image chosen in the menu it answered with. */
export const describeKept = onResult((manifest, ref) => {
  const image = imageOf(manifest, ref);
  return image?.size ? { kind: "describe", source: stored(manifest, image) } : undefined;
});

/** 🎨 Imagine n (under a description): that prompt, as a new /imagine. */
export const imagineDescription = onResult((manifest, ref) => {
  const prompt = ref.index === undefined ? undefined : manifest.descriptions?.[ref.index];
  return prompt ? { kind: "generate", request: { prompt } } : undefined;
});

const stored = (manifest: Manifest, image: StoredImage) =>
  ({ type: "stored", jobId: manifest.jobId, index: image.index }) as const;

/** The same request again; Ideogram picks a new random seed when none is given. */
export function withoutSeed(work: JobWork): JobWork {
  if (!hasRequest(work)) return work;
  const { seed: _seed, ...request } = work.request;
  return { ...work, request } as JobWork;
}

/**
 * The request a variation of `image` re-imagines it with: the original one minus its seed, with only
 * what its model's remix takes (4.0's remix has no magic prompt, for one). The model stays: a 3.0 or
 * 4.0 image is varied by its own family's remix.
 */
function baseRequest(manifest: Manifest, image: StoredImage): ImageRequest {
  const { work } = manifest;
  if (work.kind !== "generate" && work.kind !== "remix") return { prompt: image.prompt };
  const taken = fieldsFor(work.request.model, "remix");
  const request = Object.fromEntries(
    Object.entries(work.request).filter(
      ([field]) =>
        field === "prompt" || field === "model" || (field !== "seed" && taken.includes(field as Field)),
    ),
  );
  return request as ImageRequest;
}

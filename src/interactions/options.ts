// /imagine's options and the request fields they set, once: the command reads options into fields
// with it, and every message about a field names the option a Discord user typed (the rules, the
// server's defaults). ideogram/ and limits/ know only fields; they are handed `optionName`.
// Layer 6 (interactions/): imports only layers 0–5, never webhook/.
import type { ImageRequest } from "../ideogram/schema.ts";

/** Each /imagine option that sets a request field, and that field (value unchanged unless converted). */
export const OPTION_FIELDS = {
  prompt: "prompt",
  aspect_ratio: "aspect_ratio",
  model: "model",
  speed: "rendering_speed",
  style: "style_type",
  style_preset: "style_preset",
  style_code: "style_codes",
  magic_prompt: "magic_prompt_option",
  negative_prompt: "negative_prompt",
  seed: "seed",
  count: "num_images",
  resolution: "resolution",
  palette: "color_palette",
  transparent: "transparent",
} as const satisfies Record<string, keyof ImageRequest>;
export type OptionName = keyof typeof OPTION_FIELDS;

/** The options that attach an image or weigh one, and the field (or part of the job) each fills. */
export const IMAGE_OPTION_FIELDS = {
  image: "image",
  image_weight: "image_weight",
  style_ref: "style_reference_images",
  character_ref: "character_reference_images",
} as const;
export const IMAGE_OPTIONS = Object.keys(IMAGE_OPTION_FIELDS) as (keyof typeof IMAGE_OPTION_FIELDS)[];

const NAMES: Record<string, string> = Object.fromEntries(
  [...Object.entries(OPTION_FIELDS), ...Object.entries(IMAGE_OPTION_FIELDS)].map(([option, field]) => [
    field,
    option,
  ]),
);

/** The option that sets `field`, as a Discord user knows it ("rendering_speed" → "speed"). */
export const optionName = (field: string): string => NAMES[field] ?? field;

// Ideogram's legacy /generate enums as plain data, shared by the Worker and the register script.
// Source: Ideogram's OpenAPI spec (ImageRequest, ModelEnum, StyleType, AspectRatio).

/** The keys of a value → label map, typed as a non-empty tuple for `z.enum`. */
const valuesOf = <K extends string>(labels: Record<K, string>) => Object.keys(labels) as [K, ...K[]];

/** The 11 legacy aspect ratios, each with the label users see ("16:9"). */
export const ASPECT_RATIOS = {
  ASPECT_1_1: "1:1",
  ASPECT_16_9: "16:9",
  ASPECT_9_16: "9:16",
  ASPECT_4_3: "4:3",
  ASPECT_3_4: "3:4",
  ASPECT_3_2: "3:2",
  ASPECT_2_3: "2:3",
  ASPECT_16_10: "16:10",
  ASPECT_10_16: "10:16",
  ASPECT_3_1: "3:1",
  ASPECT_1_3: "1:3",
} as const;
export type AspectRatio = keyof typeof ASPECT_RATIOS;
export const ASPECT_RATIO_VALUES = valuesOf(ASPECT_RATIOS);

export const MODELS = {
  V_1: "Ideogram 1.0",
  V_1_TURBO: "Ideogram 1.0 Turbo",
  V_2: "Ideogram 2.0",
  V_2_TURBO: "Ideogram 2.0 Turbo",
  V_2A: "Ideogram 2a",
  V_2A_TURBO: "Ideogram 2a Turbo",
} as const;
export type Model = keyof typeof MODELS;
export const MODEL_VALUES = valuesOf(MODELS);
/** What Ideogram uses when the request names no model (the spec's enum default). */
export const DEFAULT_MODEL: Model = "V_2";

export const STYLES = {
  AUTO: "Auto",
  GENERAL: "General",
  REALISTIC: "Realistic",
  DESIGN: "Design",
  RENDER_3D: "3D render",
  ANIME: "Anime",
} as const;
export type Style = keyof typeof STYLES;
export const STYLE_VALUES = valuesOf(STYLES);

export const MAGIC_PROMPT_OPTIONS = {
  AUTO: "Auto",
  ON: "On",
  OFF: "Off",
} as const;
export type MagicPromptOption = keyof typeof MAGIC_PROMPT_OPTIONS;
export const MAGIC_PROMPT_VALUES = valuesOf(MAGIC_PROMPT_OPTIONS);

export const SEED_MAX = 2_147_483_647;
export const NUM_IMAGES_MAX = 8;

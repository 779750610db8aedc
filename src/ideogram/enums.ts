// Ideogram's legacy /generate enums as plain data, shared by the Worker and the register script.
// Source: Ideogram's OpenAPI spec (ImageRequest, ModelEnum, StyleType, AspectRatio, Resolution,
// ColorPalettePresetName).

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

/** The 78 legacy resolutions as "WxH" (2.0 models only; exclusive with aspect_ratio). */
const SIZES = `512x1536 576x1408 576x1472 576x1536 640x1024 640x1344 640x1408 640x1472 640x1536 704x1152
704x1216 704x1280 704x1344 704x1408 704x1472 720x1280 736x1312 768x1024 768x1088 768x1152 768x1216 768x1232
768x1280 768x1344 832x960 832x1024 832x1088 832x1152 832x1216 832x1248 864x1152 896x960 896x1024 896x1088
896x1120 896x1152 960x832 960x896 960x1024 960x1088 1024x640 1024x768 1024x832 1024x896 1024x960 1024x1024
1088x768 1088x832 1088x896 1088x960 1120x896 1152x704 1152x768 1152x832 1152x864 1152x896 1216x704 1216x768
1216x832 1232x768 1248x832 1280x704 1280x720 1280x768 1280x800 1312x736 1344x640 1344x704 1344x768 1408x576
1408x640 1408x704 1472x576 1472x640 1472x704 1536x512 1536x576 1536x640`;
export type Resolution = `RESOLUTION_${number}_${number}`;
export interface ResolutionSize {
  value: Resolution;
  width: number;
  height: number;
}
export const RESOLUTIONS: readonly ResolutionSize[] = SIZES.split(/\s+/).map((size) => {
  const [width = 0, height = 0] = size.split("x").map(Number);
  return { value: `RESOLUTION_${width}_${height}`, width, height };
});
export const RESOLUTION_VALUES = RESOLUTIONS.map((r) => r.value) as [Resolution, ...Resolution[]];

/** Ideogram's named colour palettes (their colours are not documented). */
export const PALETTE_PRESETS = {
  EMBER: "Ember",
  FRESH: "Fresh",
  JUNGLE: "Jungle",
  MAGIC: "Magic",
  MELON: "Melon",
  MOSAIC: "Mosaic",
  PASTEL: "Pastel",
  ULTRAMARINE: "Ultramarine",
} as const;
export type PalettePreset = keyof typeof PALETTE_PRESETS;
export const PALETTE_PRESET_VALUES = valuesOf(PALETTE_PRESETS);
export const PALETTE_MAX_COLORS = 8;
export const PALETTE_WEIGHT_MIN = 0.05;
export const PALETTE_WEIGHT_MAX = 1;

export const SEED_MAX = 2_147_483_647;
export const NUM_IMAGES_MAX = 8;

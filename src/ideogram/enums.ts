// Ideogram's values as plain data, shared by the Worker and the register script: the models, styles,
// speeds, presets, aspect ratios and resolutions users choose from. Which model takes which lives in
// models.ts. Sources: the legacy spec (ImageRequest, ModelEnum, StyleType, AspectRatio, Resolution,
// ColorPalettePresetName) and ideogram-current-api.md §1.3 and §3.3 (3.0's and 4.0's enums).
// Layer 1 (ideogram/): imports only layer 0, never discord/.

/** The keys of a value → label map, typed as a non-empty tuple for `z.enum`. */
const valuesOf = <K extends string>(labels: Record<K, string>) => Object.keys(labels) as [K, ...K[]];

/**
 * Every aspect ratio a model has, each with the label users see ("16:9"), in the order they are
 * offered. The legacy models have the first 11; 3.0 and 4.0 all 15.
 */
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
  ASPECT_4_5: "4:5",
  ASPECT_5_4: "5:4",
  ASPECT_2_1: "2:1",
  ASPECT_1_2: "1:2",
} as const;
export type AspectRatio = keyof typeof ASPECT_RATIOS;
export const ASPECT_RATIO_VALUES = valuesOf(ASPECT_RATIOS);
/** Legacy /generate's AspectRatio enum. */
export const LEGACY_ASPECT_RATIO_VALUES = ASPECT_RATIO_VALUES.slice(0, 11) as [AspectRatio, ...AspectRatio[]];

export const MODELS = {
  V_1: "Ideogram 1.0",
  V_1_TURBO: "Ideogram 1.0 Turbo",
  V_2: "Ideogram 2.0",
  V_2_TURBO: "Ideogram 2.0 Turbo",
  V_2A: "Ideogram 2a",
  V_2A_TURBO: "Ideogram 2a Turbo",
  V_3: "Ideogram 3.0",
  V_4: "Ideogram 4.0",
  V_4_5: "Ideogram 4.5",
} as const;
export type Model = keyof typeof MODELS;
export const MODEL_VALUES = valuesOf(MODELS);
/** Legacy /generate's ModelEnum as documented (its spec also lists V_3, which no text says it serves). */
export const LEGACY_MODEL_VALUES = MODEL_VALUES.slice(0, 6) as [Model, ...Model[]];

/** Every style a model has; which model has which is in models.ts. */
export const STYLES = {
  AUTO: "Auto",
  GENERAL: "General",
  REALISTIC: "Realistic",
  DESIGN: "Design",
  RENDER_3D: "3D render",
  ANIME: "Anime",
  FICTION: "Fiction",
} as const;
export type Style = keyof typeof STYLES;
export const STYLE_VALUES = valuesOf(STYLES);
/** Legacy /generate's StyleType enum. */
export const LEGACY_STYLE_VALUES = STYLE_VALUES.slice(0, 6) as [Style, ...Style[]];

/** `rendering_speed` (3.0: all four; 4.0: no Flash; the legacy models: Turbo, as their _TURBO model). */
export const SPEEDS = {
  FLASH: "Flash",
  TURBO: "Turbo",
  DEFAULT: "Default",
  QUALITY: "Quality",
} as const;
export type Speed = keyof typeof SPEEDS;
export const SPEED_VALUES = valuesOf(SPEEDS);

export const MAGIC_PROMPT_OPTIONS = {
  AUTO: "Auto",
  ON: "On",
  OFF: "Off",
} as const;
export type MagicPromptOption = keyof typeof MAGIC_PROMPT_OPTIONS;
export const MAGIC_PROMPT_VALUES = valuesOf(MAGIC_PROMPT_OPTIONS);

/** 3.0's 62 style presets (StylePresetV3; v2 spells them in lowercase). */
export const STYLE_PRESET_VALUES = `80S_ILLUSTRATION 90S_NOSTALGIA ABSTRACT_ORGANIC ANALOG_NOSTALGIA ART_BRUT
ART_DECO ART_POSTER AURA AVANT_GARDE BAUHAUS BLUEPRINT BLURRY_MOTION BRIGHT_ART C4D_CARTOON CHILDRENS_BOOK
COLLAGE COLORING_BOOK_I COLORING_BOOK_II CUBISM DARK_AURA DOODLE DOUBLE_EXPOSURE DRAMATIC_CINEMA EDITORIAL
EMOTIONAL_MINIMAL ETHEREAL_PARTY EXPIRED_FILM FLAT_ART FLAT_VECTOR FOREST_REVERIE GEO_MINIMALIST GLASS_PRISM
GOLDEN_HOUR GRAFFITI_I GRAFFITI_II HALFTONE_PRINT HIGH_CONTRAST HIPPIE_ERA ICONIC JAPANDI_FUSION JAZZY
LONG_EXPOSURE MAGAZINE_EDITORIAL MINIMAL_ILLUSTRATION MIXED_MEDIA MONOCHROME NIGHTLIFE OIL_PAINTING
OLD_CARTOONS PAINT_GESTURE POP_ART RETRO_ETCHING RIVIERA_POP SPOTLIGHT_80S STYLIZED_RED SURREAL_COLLAGE
TRAVEL_POSTER VINTAGE_GEO VINTAGE_POSTER WATERCOLOR WEIRD WOODBLOCK_PRINT`.split(/\s+/) as [
  string,
  ...string[],
];

/** The preset someone typed: "Art Deco", "art-deco" or "ART_DECO" → ART_DECO; "Children's Book" → CHILDRENS_BOOK. */
export const findStylePreset = (text: string) =>
  STYLE_PRESET_VALUES.find(
    (p) =>
      p ===
      text
        .trim()
        .toUpperCase()
        .replace(/'/g, "")
        .replace(/[^A-Z0-9]+/g, "_"),
  );

/** A preset in words: "ART_DECO" → "Art Deco", "80S_ILLUSTRATION" → "80s Illustration". */
export function stylePresetLabel(preset: string): string {
  const word = (w: string) =>
    SPECIAL_WORDS[w] ?? (/^\d+S$/.test(w) ? w.toLowerCase() : w.charAt(0) + w.slice(1).toLowerCase());
  return preset.split("_").map(word).join(" ");
}
const SPECIAL_WORDS: Record<string, string> = { I: "I", II: "II", C4D: "C4D", CHILDRENS: "Children's" };

/** 4.0's 38 sizes (ResolutionV4, 1K and 2K). */
const V4_SIZES = `2048x2048 1440x2880 2880x1440 1664x2496 2496x1664 1792x2240 2240x1792 1440x2560 2560x1440 1600x2560
2560x1600 1728x2304 2304x1728 1296x3168 3168x1296 1152x2944 2944x1152 1248x3328 3328x1248 1280x3072
3072x1280 1024x3072 3072x1024 1024x1024 896x1120 1120x896 864x1152 1152x864 832x1248 1248x832 800x1280
1280x800 720x1280 1280x720 720x1440 1440x720 512x1536 1536x512`;
/**
 * 4.5's presets (v2-4-5 §1.3) are 4.0's without these two, which 4.5's own text omits (open question
 * 9: left out, so no request fails on them).
 */
const V45_LEFT_OUT = ["512x1536", "1536x512"];

/**
 * Each model's resolutions as "WxH" (exclusive with aspect_ratio): 2.0's 78 (legacy Resolution),
 * 3.0's 69 (ResolutionV3), 4.0's 38 (ResolutionV4, 1K and 2K) and 4.5's 36. Turned into `RESOLUTION_W_H`
 * values, the bot's one spelling, in resolution.ts.
 */
export const RESOLUTION_SIZES = {
  legacy: `512x1536 576x1408 576x1472 576x1536 640x1024 640x1344 640x1408 640x1472 640x1536 704x1152
704x1216 704x1280 704x1344 704x1408 704x1472 720x1280 736x1312 768x1024 768x1088 768x1152 768x1216 768x1232
768x1280 768x1344 832x960 832x1024 832x1088 832x1152 832x1216 832x1248 864x1152 896x960 896x1024 896x1088
896x1120 896x1152 960x832 960x896 960x1024 960x1088 1024x640 1024x768 1024x832 1024x896 1024x960 1024x1024
1088x768 1088x832 1088x896 1088x960 1120x896 1152x704 1152x768 1152x832 1152x864 1152x896 1216x704 1216x768
1216x832 1232x768 1248x832 1280x704 1280x720 1280x768 1280x800 1312x736 1344x640 1344x704 1344x768 1408x576
1408x640 1408x704 1472x576 1472x640 1472x704 1536x512 1536x576 1536x640`,
  v3: `512x1536 576x1408 576x1472 576x1536 640x1344 640x1408 640x1472 640x1536 704x1152 704x1216 704x1280
704x1344 704x1408 704x1472 736x1312 768x1088 768x1216 768x1280 768x1344 800x1280 832x960 832x1024 832x1088
832x1152 832x1216 832x1248 864x1152 896x960 896x1024 896x1088 896x1120 896x1152 960x832 960x896 960x1024
960x1088 1024x832 1024x896 1024x960 1024x1024 1088x768 1088x832 1088x896 1088x960 1120x896 1152x704 1152x832
1152x864 1152x896 1216x704 1216x768 1216x832 1248x832 1280x704 1280x768 1280x800 1312x736 1344x640 1344x704
1344x768 1408x576 1408x640 1408x704 1472x576 1472x640 1472x704 1536x512 1536x576 1536x640`,
  v4: V4_SIZES,
  // Worked out when first read (resolution.ts keeps each list once turned), not at start-up.
  get v45() {
    return V4_SIZES.split(/\s+/)
      .filter((size) => !V45_LEFT_OUT.includes(size))
      .join(" ");
  },
} as const;

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
/**
 * The longest prompt (and negative prompt) Ideogram takes: v2's 1–10,000 characters (current API
 * §4.3); the legacy spec states no limit, so the same one applies to it.
 */
export const PROMPT_MAX = 10_000;
/** `image_weight` of a remix: how closely it follows the image (1–100; Ideogram's default 50). */
export const IMAGE_WEIGHT_MIN = 1;
export const IMAGE_WEIGHT_MAX = 100;
export const DEFAULT_IMAGE_WEIGHT = 50;

// The one table of what Ideogram offers: each model's family, fields and values, and each operation of
// a family (generate, remix, the tools on one image, upscale, describe) with its endpoint, body
// encoding, the fields it takes and refuses, its price, and how v2 runs it (quotes, async, webhooks). Every fact the bot relies on is one line
// here, so a correction is a one-line change. Sources: ideogram-api.md (legacy), ideogram-current-api.md
// §1–§3 (fields, enums), §2 (tools), §4.3–§4.4 (v2), §6.1 (prices).
// Layer 1 (ideogram/): imports only layer 0, never discord/.
import {
  ASPECT_RATIO_VALUES,
  type AspectRatio,
  LEGACY_ASPECT_RATIO_VALUES,
  type Model,
  type RESOLUTION_SIZES,
  SPEEDS,
  type Speed,
  type Style,
} from "./enums.ts";

/** Which API a model is served by: legacy /generate, or 3.0's, 4.0's and 4.5's v2 endpoints. */
export type Family = "legacy" | "v3" | "v4" | "v45";

/** A request field, by the bot's (legacy) name; encode.ts spells it as each API does. */
export type Field =
  | "aspect_ratio"
  | "resolution"
  | "rendering_speed"
  | "style_type"
  | "style_preset"
  | "style_codes"
  | "magic_prompt_option"
  | "negative_prompt"
  | "num_images"
  | "seed"
  | "color_palette"
  | "style_reference_images"
  | "character_reference_images"
  | "image_weight"
  /** A transparent background: not sent, it picks the family's transparent model (operation "transparent"). */
  | "transparent";

interface ModelFacts {
  family: Family;
  /** What its generate endpoint takes besides the prompt. */
  fields: readonly Field[];
  speeds: readonly Speed[];
  styles: readonly Style[];
  /** The styles it takes with a character reference, if fewer (its character model's, §5). */
  characterStyles?: readonly Style[];
  aspectRatios: readonly AspectRatio[];
  /** Its list of exact sizes (enums.ts), if it takes `resolution`. */
  sizes?: keyof typeof RESOLUTION_SIZES;
  /** The model that speed Turbo means for a legacy model (its own _TURBO model). */
  turbo?: Model;
  /**
   * What the model calls each speed, when it names them otherwise (4.5's `quality`), sent in lower
   * case; and the speed it runs at when none is asked (else DEFAULT_SPEED).
   */
  speedNames?: Partial<Record<Speed, string>>;
  defaultSpeed?: Speed;
  /** It bills by the output's pixels, 1K or 2K (4.5, v2-4-5 §1.3): each result says which. */
  billingTiers?: true;
}

const LEGACY_STYLES: readonly Style[] = ["AUTO", "GENERAL", "REALISTIC", "DESIGN", "RENDER_3D", "ANIME"];
const COMMON: readonly Field[] = ["aspect_ratio", "magic_prompt_option", "num_images", "seed"];
// Legacy field rules, from the ImageRequest descriptions: style_type "only applicable for models V_2
// and above"; negative_prompt "Only available for model versions V_1, V_1_TURBO, V_2 and V_2_TURBO";
// resolution "For model_version for 2.0 only"; color_palette "Only available for model version V_2
// and V_2_TURBO".
const V1_FIELDS: readonly Field[] = [...COMMON, "negative_prompt"];
const V2_FIELDS: readonly Field[] = [
  ...COMMON,
  "style_type",
  "negative_prompt",
  "resolution",
  "color_palette",
];
const V2A_FIELDS: readonly Field[] = [...COMMON, "style_type"];
const legacy = (fields: readonly Field[], styles: readonly Style[], extra: Partial<ModelFacts> = {}) =>
  ({
    family: "legacy",
    fields,
    speeds: ["TURBO"],
    styles,
    aspectRatios: LEGACY_ASPECT_RATIO_VALUES,
    ...extra,
  }) satisfies ModelFacts;

export const MODEL_FACTS: Record<Model, ModelFacts> = {
  V_1: legacy(V1_FIELDS, [], { turbo: "V_1_TURBO" }),
  V_1_TURBO: legacy(V1_FIELDS, []),
  V_2: legacy(V2_FIELDS, LEGACY_STYLES, { sizes: "legacy", turbo: "V_2_TURBO" }),
  V_2_TURBO: legacy(V2_FIELDS, LEGACY_STYLES, { sizes: "legacy" }),
  V_2A: legacy(V2A_FIELDS, LEGACY_STYLES, { turbo: "V_2A_TURBO" }),
  V_2A_TURBO: legacy(V2A_FIELDS, LEGACY_STYLES),
  // §1.2: GenerateImageRequestV3.
  V_3: {
    family: "v3",
    fields: [
      ...COMMON,
      "resolution",
      "rendering_speed",
      "style_type",
      "style_preset",
      "style_codes",
      "negative_prompt",
      "color_palette",
      "style_reference_images",
      "character_reference_images",
      "transparent",
    ],
    // v2 has no Flash (§4.2: "no `flash` in v2").
    speeds: ["TURBO", "DEFAULT", "QUALITY"],
    styles: ["AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION"],
    // ideogram-3-character: "`auto` (default), `realistic`, `fiction` only".
    characterStyles: ["AUTO", "REALISTIC", "FICTION"],
    aspectRatios: ASPECT_RATIO_VALUES,
    sizes: "v3",
  },
  // §4.3: GenerateImageIdeogramV4Request; no negative prompt, styles, palette or references. An aspect
  // ratio is sent as its 1K resolution (the endpoint has no aspect_ratio field).
  V_4: {
    family: "v4",
    fields: [...COMMON, "resolution", "rendering_speed", "transparent"],
    speeds: ["TURBO", "DEFAULT", "QUALITY"],
    styles: [],
    aspectRatios: ASPECT_RATIO_VALUES,
    sizes: "v4",
  },
  // v2-4-5 §1.2: GenerateImageIdeogram45Request. Its `quality` stands for the speed (Low, Medium,
  // High; `very_low` "requires source images", so no speed is Very low), High when none is asked as
  // Ideogram's own default without sources; `size` for the resolution, a ratio sent as its smallest
  // size; no negative prompt, styles, presets, codes, palette or character reference (§1.2 "Absent").
  V_4_5: {
    family: "v45",
    fields: [...COMMON, "resolution", "rendering_speed"],
    speeds: ["TURBO", "DEFAULT", "QUALITY"],
    // Very low: "the fastest and cheapest, requires source images" — precise edit's only.
    speedNames: { FLASH: "Very low", TURBO: "Low", DEFAULT: "Medium", QUALITY: "High" },
    defaultSpeed: "QUALITY",
    billingTiers: true,
    styles: [],
    aspectRatios: ASPECT_RATIO_VALUES,
    sizes: "v45",
  },
};

/** What `model` calls a speed: its own name (4.5's "High"), else the speed's ("Quality"). */
export const speedName = (model: Model | undefined, speed: Speed): string =>
  MODEL_FACTS[model ?? IDEOGRAM_DEFAULT_MODEL].speedNames?.[speed] ?? SPEEDS[speed];

/** A speed's name as the API spells it ("Very low" → `very_low`). */
export const apiSpelling = (name: string) => name.toLowerCase().replaceAll(" ", "_");

/** The speed a request of `model` runs at: the one asked, else the model's default. */
export const speedOf = (model: Model | undefined, speed: Speed | undefined): Speed =>
  speed ?? MODEL_FACTS[model ?? IDEOGRAM_DEFAULT_MODEL].defaultSpeed ?? DEFAULT_SPEED;

/**
 * Midjourney's `--v` value for each model a prompt can name (interactions/prompt-parameters.ts), in the
 * order they are listed; a later model is one more row. A Turbo model is its model with `--turbo`.
 */
export const VERSION_PARAMETERS: readonly (readonly [string, Model])[] = [
  ["1", "V_1"],
  ["2", "V_2"],
  ["2a", "V_2A"],
  ["3", "V_3"],
  ["4", "V_4"],
  ["4.5", "V_4_5"],
];

/** What Ideogram uses when a legacy request names no model (the spec's ModelEnum default). */
export const IDEOGRAM_DEFAULT_MODEL: Model = "V_2";
/** The speed a 3.0 or 4.0 request runs at when it names none. */
export const DEFAULT_SPEED: Speed = "DEFAULT";

export const familyOf = (model: Model | undefined): Family =>
  MODEL_FACTS[model ?? IDEOGRAM_DEFAULT_MODEL].family;

export type Operation =
  | "generate"
  | "remix"
  | "transparent"
  | "reframe"
  | "inpaint"
  | "replace_background"
  | "remove_background"
  | "upscale"
  | "describe"
  | "precise_edit"
  | "edit_region"
  | "remove_object";

/**
 * How a body is sent: legacy JSON `{image_request}`; legacy multipart (`image_request` as a JSON part,
 * `image_file`); v2 JSON or multipart (flat fields, lowercase enums, ratios as `16x9`; in a form,
 * `color_palette` a JSON part and arrays as repeated parts).
 */
export type Encoding = "legacy-json" | "legacy-multipart" | "v2-json" | "v2-multipart";

/**
 * Micro-dollars per output image (integers, so sums never drift): one price, or by speed (and by
 * speed with a character reference), or by model. A speed with no price is refused.
 */
export type Price =
  | { each: number }
  | { bySpeed: Partial<Record<Speed, number>>; character?: Partial<Record<Speed, number>> }
  | { byModel: Partial<Record<Model, number>> };

export interface OperationFacts {
  path: string;
  /** The path when a character reference is sent: the model's character twin (§5). */
  characterPath?: string;
  encoding: Encoding;
  /**
   * The fields it takes besides the prompt: "model" for the model's own generate fields. Tools take
   * only what their job sends (a target `resolution`, a `prompt`, a `mask`).
   */
  takes: "model" | readonly Field[];
  /** Of the model's fields, those this endpoint does not take. */
  refuses?: readonly Field[];
  /** False for an endpoint that takes no prompt (the job's prompt is then only its title). */
  prompt?: false;
  /** It has no aspect_ratio field: a ratio is sent as its 1K `resolution` (4.0, §3.3). */
  aspectAsSize?: true;
  /**
   * 4.5's names: the resolution is `size`, the speed is `quality` (MODEL_FACTS speedNames), and the
   * source image and references all go as `images` parts (the first is the one edited).
   */
  v45Names?: true;
  /** Fields it refuses together, and why (every operation also refuses aspect_ratio with resolution). */
  excludes?: readonly (readonly [Field, Field, string])[];
  /** The source image's part, for operations on an image. */
  imagePart?: "image" | "image_file" | "images";
  /**
   * For an operation that takes a mask (the region editor's): the colour that marks the region to
   * change. Black for inpaint and 4.5 ("black = edit"), white for remove-object ("white (>= 128)
   * marks the region to remove", v2-4-5 §3). The Worker writes each job's mask so (region/mask.ts).
   */
  maskMarks?: "black" | "white";
  price: Price;
  /** The price is our estimate: Ideogram publishes none for the endpoint. */
  estimate?: boolean;
  /**
   * Ideogram prices the exact request with `?dry_run=true` without running or billing it (v2, §7):
   * the job is quoted before it is sent, and the table's price is only the fallback.
   */
  dryRun?: true;
  /**
   * v2 (§6.1): "optional": `async: true` makes Ideogram answer at once with a generation id and finish
   * in the background; "always": it answers so whatever is sent, and takes no `async` field. The job
   * then waits for the webhook or a read of the generation, holding nothing open. Unset: synchronous.
   */
  async?: "optional" | "always";
  /** It takes a `webhook_url` (every v2 image operation but remove-object, §3). */
  webhook?: true;
  /**
   * The model a tool runs on, whatever model made its image (a server's allowed models apply to
   * it); unset for an operation that runs on the request's model, or on none (upscale, describe).
   */
  model?: Model;
}

// Prices (§6.1): "These rates apply to Generate, Remix, Edit, Reframe, Replace Background".
const LEGACY_PRICES: Price = {
  byModel: {
    V_1_TURBO: 20_000,
    V_1: 60_000,
    V_2_TURBO: 50_000,
    V_2: 80_000,
    V_2A_TURBO: 25_000,
    V_2A: 40_000,
  },
};
const V3_PRICES: Price = {
  bySpeed: { TURBO: 30_000, DEFAULT: 60_000, QUALITY: 90_000 },
  // "Generations with character reference are subject to the character reference pricing".
  character: { TURBO: 100_000, DEFAULT: 150_000, QUALITY: 200_000 },
};
const V4_PRICES: Price = { bySpeed: { TURBO: 30_000, DEFAULT: 60_000, QUALITY: 100_000 } };
/**
 * 4.5 Low / Medium / High (v2-4-5 §8, Ideogram's catalog). Billing is tiered 1K/2K, amounts per tier
 * unpublished (open question 4): the catalog's price stands for both, and a dry-run quote, which every
 * 4.5 job gets, prices the exact request.
 */
const V45_PRICES: Price = { bySpeed: { TURBO: 30_000, DEFAULT: 60_000, QUALITY: 100_000 } };
const V45_FIELDS: readonly Field[] = MODEL_FACTS.V_4_5.fields;
/**
 * 3.0's style codes: "Cannot be used in conjunction with style_reference_images or style_type"
 * (v1, S1/S3; S2 softened it): refused, so the request works whichever text is right. v2's preset
 * "Cannot be combined with style codes or style references" (§4.2).
 */
const V3_EXCLUDES = [
  ["style_codes", "style_reference_images", "style codes are a style of their own"],
  ["style_codes", "style_type", "style codes are a style of their own"],
  ["style_preset", "style_codes", "a style preset is a style of its own"],
  ["style_preset", "style_reference_images", "a style preset is a style of its own"],
] as const;
/**
 * What every v2 image operation here takes: a dry-run quote (§7), `async: true` (§6.1) and a
 * `webhook_url`. Replace background is always async (its row says so).
 */
const V2_ASYNC = { dryRun: true, async: "optional", webhook: true } as const;
/** 3.0's tools at the Default speed they run at (none is sent), dry-run quotes of 2026-10-10 agree. */
const V3_TOOL_PRICE: Price = { each: 60_000 };

export const OPERATIONS: Record<Family, Partial<Record<Operation, OperationFacts>>> = {
  legacy: {
    generate: { path: "/generate", encoding: "legacy-json", takes: "model", price: LEGACY_PRICES },
    remix: {
      path: "/remix",
      encoding: "legacy-multipart",
      takes: "model",
      imagePart: "image_file",
      price: LEGACY_PRICES,
    },
    // "A flat fee for each Input submitted", amounts unpublished: estimates on the high side, so a
    // budget is never exceeded (a third-party gateway lists upscale at $0.06).
    upscale: {
      path: "/upscale",
      encoding: "legacy-multipart",
      takes: [],
      imagePart: "image_file",
      price: { each: 60_000 },
      estimate: true,
    },
    describe: {
      path: "/describe",
      encoding: "legacy-multipart",
      takes: [],
      prompt: false,
      imagePart: "image_file",
      price: { each: 20_000 },
      estimate: true,
    },
  },
  // 3.0 on v2 (§4.2, §4.4): flat lowercase fields, multipart (files may go with it), asynchronous.
  v3: {
    generate: {
      path: "/v2/image/generate/ideogram-3",
      characterPath: "/v2/image/generate/ideogram-3-character",
      encoding: "v2-multipart",
      takes: "model",
      excludes: V3_EXCLUDES,
      price: V3_PRICES,
      ...V2_ASYNC,
    },
    remix: {
      path: "/v2/image/remix/ideogram-3",
      characterPath: "/v2/image/remix/ideogram-3-character",
      encoding: "v2-multipart",
      takes: "model",
      refuses: ["transparent"],
      excludes: V3_EXCLUDES,
      imagePart: "image",
      price: V3_PRICES,
      ...V2_ASYNC,
    },
    // v2-4-5 §4: "PNGs with alpha", JSON only (so no reference files), a ratio and no size
    // (`upscale_factor` is not offered), styles absent.
    transparent: {
      path: "/v2/image/generate/ideogram-3-transparent",
      encoding: "v2-json",
      takes: [...COMMON, "rendering_speed", "negative_prompt", "transparent"],
      price: { bySpeed: { TURBO: 40_000, DEFAULT: 70_000, QUALITY: 100_000 } },
      ...V2_ASYNC,
    },
    // 3.0's own endpoints: they run on Ideogram 3.0.
    reframe: {
      path: "/v2/image/reframe/ideogram-3",
      encoding: "v2-multipart",
      takes: ["resolution"],
      prompt: false,
      imagePart: "image",
      price: V3_TOOL_PRICE,
      model: "V_3",
      ...V2_ASYNC,
    },
    inpaint: {
      path: "/v2/image/inpaint/ideogram-3",
      encoding: "v2-multipart",
      takes: [],
      imagePart: "image",
      maskMarks: "black",
      price: V3_TOOL_PRICE,
      model: "V_3",
      ...V2_ASYNC,
    },
    // Always asynchronous: it takes no `async` field (§4.4).
    replace_background: {
      path: "/v2/image/replace-background/ideogram-3",
      encoding: "v2-multipart",
      takes: [],
      imagePart: "image",
      price: V3_TOOL_PRICE,
      model: "V_3",
      ...V2_ASYNC,
      async: "always",
    },
    // "$0.01 per input"; answers images without prompt, size or seed. A model of its own, not a
    // generation model a server chooses among.
    remove_background: {
      path: "/v2/image/remove-background/ideogram-1",
      encoding: "v2-multipart",
      takes: [],
      prompt: false,
      imagePart: "image",
      price: { each: 10_000 },
      ...V2_ASYNC,
    },
    // v2-4-5 §3: erases what the mask marks, white. Always asynchronous and without a `webhook_url`
    // field, so the job is read by polling. A model of its own (ideogram-1), like remove-background.
    // Only a quote of $0.03 is known (open question 4): an estimate, and every job is quoted.
    remove_object: {
      path: "/v2/image/remove-object/ideogram-1",
      encoding: "v2-multipart",
      takes: [],
      prompt: false,
      imagePart: "image",
      maskMarks: "white",
      price: { each: 30_000 },
      estimate: true,
      dryRun: true,
      async: "always",
    },
  },
  v4: {
    generate: {
      path: "/v2/image/generate/ideogram-4",
      encoding: "v2-json",
      takes: "model",
      aspectAsSize: true,
      price: V4_PRICES,
      ...V2_ASYNC,
    },
    // §4.4: prompt ("always read as an editing instruction, so there is no magic_prompt"), image,
    // image_weight, num_images, rendering_speed, resolution; no seed is listed.
    remix: {
      path: "/v2/image/remix/ideogram-4",
      encoding: "v2-multipart",
      takes: "model",
      refuses: ["magic_prompt_option", "seed", "transparent"],
      aspectAsSize: true,
      imagePart: "image",
      price: V4_PRICES,
      ...V2_ASYNC,
    },
    // v2-4-5 §4: a transparent background, JSON only, its own `aspect_ratio` (no size; `output_resolution`
    // is not offered). Only a quote at Default is known ($0.06, open question 10): Turbo at it and
    // Quality at 4.0's Quality price, estimates on the safe side; every job is quoted exactly first.
    transparent: {
      path: "/v2/image/generate/ideogram-4-transparent",
      encoding: "v2-json",
      takes: [...COMMON, "rendering_speed", "transparent"],
      price: { bySpeed: { TURBO: 60_000, DEFAULT: 60_000, QUALITY: 100_000 } },
      estimate: true,
      ...V2_ASYNC,
    },
  },
  // 4.5 edits and recomposes through its generate endpoint (§1.1: "Remix with reference images" is
  // generate/4.5 with `images`, the first edited); it takes no image weight.
  v45: {
    generate: {
      path: "/v2/image/generate/ideogram-4-5",
      encoding: "v2-multipart",
      takes: "model",
      aspectAsSize: true,
      v45Names: true,
      price: V45_PRICES,
      ...V2_ASYNC,
    },
    remix: {
      path: "/v2/image/generate/ideogram-4-5",
      encoding: "v2-multipart",
      takes: [...V45_FIELDS, "style_reference_images"],
      refuses: ["image_weight"],
      aspectAsSize: true,
      v45Names: true,
      imagePart: "images",
      price: V45_PRICES,
      ...V2_ASYNC,
    },
    // v2-4-5 §2: one image changed by an instruction, the result at the image's exact size; its
    // quality from the speed as 4.5 names it (Very low allowed: the image is a source).
    precise_edit: {
      path: "/v2/image/precise-edit/ideogram-4-5",
      encoding: "v2-multipart",
      takes: ["rendering_speed"],
      v45Names: true,
      imagePart: "image",
      price: { bySpeed: { FLASH: 8_000, TURBO: 30_000, DEFAULT: 60_000, QUALITY: 220_000 } },
      model: "V_4_5",
      ...V2_ASYNC,
    },
    // The region editor's "Change with words" (v2-4-5 §1.2): generate with the image as the first of
    // `images` and the painted mask (black = edit); with a mask no size may be set, so the result is
    // the image's size. `very_low` has no published generate price, so it is refused by the table.
    edit_region: {
      path: "/v2/image/generate/ideogram-4-5",
      encoding: "v2-multipart",
      takes: ["rendering_speed"],
      v45Names: true,
      imagePart: "images",
      maskMarks: "black",
      price: V45_PRICES,
      model: "V_4_5",
      ...V2_ASYNC,
    },
  },
};

/**
 * Tool jobs on one image, whatever model made it: each is an operation of one family's (3.0's tools
 * and the ideogram-1 removers, 4.5's precise edit and region edit).
 */
export type ToolName =
  | "reframe"
  | "inpaint"
  | "replace_background"
  | "remove_background"
  | "remove_object"
  | "precise_edit"
  | "edit_region";
const TOOL_FAMILIES: Record<ToolName, Family> = {
  reframe: "v3",
  inpaint: "v3",
  replace_background: "v3",
  remove_background: "v3",
  remove_object: "v3",
  precise_edit: "v45",
  edit_region: "v45",
};

/** The row of the operation table a tool calls. */
export const toolOperation = (tool: ToolName): OperationFacts => operationOf(TOOL_FAMILIES[tool], tool);

/** The model a tool runs on, if it runs on one a server may disallow. */
export const toolModel = (tool: ToolName): Model | undefined => toolOperation(tool).model;

/** Whether a tool may run where only `allowed` models are (unset: every model is). */
export const toolAllowed = (tool: ToolName, allowed: readonly Model[] | undefined): boolean => {
  const model = toolModel(tool);
  return !model || !allowed || allowed.includes(model);
};

export function operationOf(family: Family, operation: Operation): OperationFacts {
  const facts = OPERATIONS[family][operation];
  if (!facts) throw new Error(`no ${operation} operation for the ${family} family`);
  return facts;
}

/** The operations a request runs as: a generation (perhaps transparent) or a remix. */
export type RequestOperation = "generate" | "remix" | "transparent";

/**
 * The operation a request of `model` runs as: a generation asking for a transparent background is its
 * family's transparent model, where the family has one (elsewhere `transparent` is refused).
 */
export function requestOperation(
  model: Model | undefined,
  kind: "generate" | "remix",
  request: { transparent?: boolean | undefined },
): RequestOperation {
  const family = familyOf(model);
  return kind === "generate" && request.transparent && OPERATIONS[family].transparent ? "transparent" : kind;
}

/** The fields `model` takes on `operation` besides the prompt (none where its family lacks it). */
export function fieldsFor(model: Model | undefined, operation: RequestOperation): readonly Field[] {
  const facts = MODEL_FACTS[model ?? IDEOGRAM_DEFAULT_MODEL];
  const op = OPERATIONS[facts.family][operation];
  if (!op) return [];
  const fields = op.takes === "model" ? facts.fields : op.takes;
  const kept = fields.filter((f) => !op.refuses?.includes(f));
  return operation === "remix" && !op.refuses?.includes("image_weight") ? [...kept, "image_weight"] : kept;
}

/** Micro-dollars per output image, or undefined when Ideogram publishes no price for it (refused). */
export function priceOf(
  op: OperationFacts,
  model: Model | undefined,
  speed: Speed | undefined,
  character = false,
): number | undefined {
  const { price } = op;
  if ("each" in price) return price.each;
  if ("byModel" in price) return price.byModel[model ?? IDEOGRAM_DEFAULT_MODEL];
  const table = character ? price.character : price.bySpeed;
  return table?.[speedOf(model, speed)];
}

/** The models whose `operation` takes `field`, for messages that say where an option works. */
export function modelsTaking(field: Field, operation: RequestOperation): Model[] {
  return (Object.keys(MODEL_FACTS) as Model[]).filter((m) => fieldsFor(m, operation).includes(field));
}

/**
 * The shapes Reframe offers, each as 3.0's resolution of that ratio (ResolutionV3; 3.0 has no
 * 1280x720, so 16:9 is 1312x736, as Ideogram's own 16:9 images are).
 */
export const REFRAME_SHAPES = {
  "1:1": "1024x1024",
  "16:9": "1312x736",
  "9:16": "736x1312",
  "4:3": "1152x864",
  "3:4": "864x1152",
  "3:2": "1248x832",
  "2:3": "832x1248",
} as const;
export type ReframeShape = keyof typeof REFRAME_SHAPES;

/** Largest image Ideogram takes as an input file: 10 MB (the legacy spec; S2 allows 25 MB on some 3.0 endpoints). */
export const INPUT_IMAGE_MAX_BYTES = 10 * 1024 * 1024;
/** The image types Ideogram reads. */
export const INPUT_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;

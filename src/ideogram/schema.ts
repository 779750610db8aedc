// zod schemas for what the bot sends Ideogram and what it answers: the bot's image request (the legacy
// image_request, plus 3.0's and 4.0's fields), legacy /generate's own request (the webhook's body), and
// the responses of every endpoint the bot calls.
// Layer 1 (ideogram/): imports only layer 0, never discord/.
import * as z from "zod/mini";
import { lazy } from "../lazy.ts";
import {
  ASPECT_RATIO_VALUES,
  LEGACY_ASPECT_RATIO_VALUES,
  LEGACY_MODEL_VALUES,
  LEGACY_STYLE_VALUES,
  MAGIC_PROMPT_VALUES,
  MODEL_VALUES,
  NUM_IMAGES_MAX,
  PALETTE_MAX_COLORS,
  PALETTE_PRESET_VALUES,
  PALETTE_WEIGHT_MAX,
  PALETTE_WEIGHT_MIN,
  PROMPT_MAX,
  SEED_MAX,
  SPEED_VALUES,
  STYLE_PRESET_VALUES,
  STYLE_VALUES,
} from "./enums.ts";
import { legacyResolutions, type Resolution } from "./resolution.ts";

const oneOf = (values: readonly string[]) => ({ error: `must be one of ${values.join(", ")}` });
const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.optional(z.int({ error }).check(z.minimum(min, error), z.maximum(max, error)));
};

/** False for text made only of spaces and invisible characters (zero-width spaces, joiners…). */
export const hasVisibleText = (text: string) => /[^\s\p{Cf}]/u.test(text);

/**
 * The request schemas, built on first use (lazy.ts): the bot's request, legacy /generate's own, and
 * the colour palette they share.
 */
export const requestSchemas = lazy(() => {
  const weightError = `must be from ${PALETTE_WEIGHT_MIN} to ${PALETTE_WEIGHT_MAX}`;
  /** `{name}` or `{members}`, never both (spec: ColorPaletteWithPresetNameOrMembers). */
  const colorPalette = z.union([
    z.strictObject({ name: z.enum(PALETTE_PRESET_VALUES, oneOf(PALETTE_PRESET_VALUES)) }),
    z.strictObject({
      members: z
        .array(
          z.strictObject({
            color_hex: z
              .string({ error: "must be text" })
              .check(z.regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, "must be a #RGB or #RRGGBB colour")),
            color_weight: z.optional(
              z
                .number({ error: "must be a number" })
                .check(z.gte(PALETTE_WEIGHT_MIN, weightError), z.lte(PALETTE_WEIGHT_MAX, weightError)),
            ),
          }),
        )
        .check(
          z.minLength(1, "needs at least one colour"),
          z.maxLength(PALETTE_MAX_COLORS, `takes at most ${PALETTE_MAX_COLORS} colours`),
        ),
    }),
  ]);

  const longest = z.maxLength(PROMPT_MAX, `must be at most ${PROMPT_MAX} characters`);
  const prompt = z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
    .check(z.trim(), z.refine(hasVisibleText, "can't be empty"), longest);
  const requestError = {
    error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : "must be an object"),
  };

  const model = z.optional(z.enum(MODEL_VALUES, oneOf(MODEL_VALUES)));
  const magicPrompt = z.optional(z.enum(MAGIC_PROMPT_VALUES, oneOf(MAGIC_PROMPT_VALUES)));
  const negativePrompt = z.optional(z.string({ error: "must be text" }).check(z.trim(), longest));
  const seed = wholeNumber(0, SEED_MAX);
  const numImages = wholeNumber(1, NUM_IMAGES_MAX);
  const optionalPalette = z.optional(colorPalette);

  /**
   * The bot's request to Ideogram, with messages fit to show a user: legacy's image_request with every
   * model's values, and 3.0's and 4.0's own fields. Which model takes which field and value is checked
   * against the one table (rules.ts). `resolution` is spelled RESOLUTION_W_H for every model.
   */
  const imageRequest = z.strictObject(
    {
      prompt,
      aspect_ratio: z.optional(z.enum(ASPECT_RATIO_VALUES, oneOf(ASPECT_RATIO_VALUES))),
      model,
      rendering_speed: z.optional(z.enum(SPEED_VALUES, oneOf(SPEED_VALUES))),
      style_type: z.optional(z.enum(STYLE_VALUES, oneOf(STYLE_VALUES))),
      style_preset: z.optional(
        z.enum(STYLE_PRESET_VALUES, { error: "must be one of Ideogram 3.0's 62 presets" }),
      ),
      style_codes: z.optional(
        z
          .array(z.string().check(z.regex(/^[0-9a-fA-F]{8}$/, "must be 8 hexadecimal digits, like AAFF5733")))
          .check(z.minLength(1, "needs at least one code")),
      ),
      magic_prompt_option: magicPrompt,
      negative_prompt: negativePrompt,
      seed,
      num_images: numImages,
      resolution: z.optional(
        z.templateLiteral(["RESOLUTION_", z.int(), "_", z.int()], {
          error: "must be a size like RESOLUTION_1024_1024",
        }),
      ),
      color_palette: optionalPalette,
      // Not an Ideogram field: a transparent background, made by the family's transparent model.
      transparent: z.optional(z.boolean({ error: "must be true or false" })),
    },
    requestError,
  );

  /**
   * Legacy /generate's `image_request` exactly (the webhook's body): only its fields and values; the
   * models it does not serve (V_3, V_4) are refused by name.
   */
  const legacyRequest = z.strictObject(
    {
      prompt,
      aspect_ratio: z.optional(z.enum(LEGACY_ASPECT_RATIO_VALUES, oneOf(LEGACY_ASPECT_RATIO_VALUES))),
      model: z.optional(
        z.enum(LEGACY_MODEL_VALUES, {
          error: (issue) =>
            (MODEL_VALUES as readonly unknown[]).includes(issue.input)
              ? `${String(issue.input)} is not served by legacy /generate, whose request this endpoint takes; use one of ${LEGACY_MODEL_VALUES.join(", ")}`
              : `must be one of ${LEGACY_MODEL_VALUES.join(", ")}`,
        }),
      ),
      style_type: z.optional(z.enum(LEGACY_STYLE_VALUES, oneOf(LEGACY_STYLE_VALUES))),
      magic_prompt_option: magicPrompt,
      negative_prompt: negativePrompt,
      seed,
      num_images: numImages,
      resolution: z.optional(
        z
          .string()
          .check(
            z.refine(
              (value) => legacyResolutions().some((r) => r.value === value),
              "must be one of Ideogram's 78 resolutions",
            ),
          ),
      ),
      color_palette: optionalPalette,
    },
    requestError,
  ) as z.ZodMiniType<z.infer<typeof imageRequest> & { resolution?: Resolution }>;
  return { colorPalette, imageRequest, legacyRequest };
});
type RequestSchemas = ReturnType<typeof requestSchemas>;
export type ColorPalette = z.infer<RequestSchemas["colorPalette"]>;
export type ImageRequest = z.infer<RequestSchemas["imageRequest"]>;

/** What Ideogram answers, by endpoint, built on first use (lazy.ts). */
export const responseSchemas = lazy(() => {
  /**
   * One generated image. When `is_image_safe` is false Ideogram withholds the image:
   * `url` is then null, "" or missing (the spec marks it nullable and optional).
   */
  const generatedImage = z.looseObject({
    url: z.nullish(z.string()),
    prompt: z.string(),
    resolution: z.string(),
    is_image_safe: z.boolean(),
    seed: z.int(),
    style_type: z.nullish(z.string()),
    /** Set by /upscale: the size of the upscaled image. */
    upscaled_resolution: z.nullish(z.string()),
  });

  /**
   * Legacy and 3.0's `{created, data}` (`created` an ISO 8601 string, not a Unix time), or v2's
   * `{generation_id, seed, data}`, which has no `created`.
   */
  const generate = z.looseObject({
    created: z.optional(z.string()),
    generation_id: z.optional(z.string()),
    data: z.array(generatedImage),
  });

  /**
   * What a tool answers (ideogram-current-api.md §2): 3.0's image response, or remove-background's
   * `{created, data: [{url, is_image_safe}]}` without prompt, size or seed.
   */
  const madeImage = z.looseObject({
    url: z.nullish(z.string()),
    is_image_safe: z.boolean(),
    prompt: z.optional(z.string()),
    resolution: z.optional(z.string()),
    seed: z.optional(z.int()),
  });
  const tool = z.looseObject({ created: z.optional(z.string()), data: z.array(madeImage) });

  /** POST /describe's answer. */
  const describe = z.looseObject({
    descriptions: z.array(z.looseObject({ text: z.string() })),
  });

  /**
   * A dry run's `PriceQuote` (ideogram-v2-4-5.md §7): `usd_micros` for `quantity` billable units
   * ("usually the image count"), `qualifier` exact or estimate.
   */
  const priceQuote = z.looseObject({
    usd_micros: z.int().check(z.minimum(0)),
    quantity: z._default(z.int().check(z.minimum(1)), 1),
    qualifier: z.optional(z.string()),
  });

  /**
   * v2's answer to an async request (§6.1): the generation's id (and seed), no `data`; a request
   * Ideogram ran synchronously after all carries `data`.
   */
  const submitted = z.looseObject({
    generation_id: z.string().check(z.minLength(1)),
    data: z.optional(z.array(generatedImage)),
  });

  /**
   * `GET /v2/generations/{id}` (§6.1): pending (id, status, created), completed (+ `data`), failed
   * (+ `failure_reason`). `created` is read as either a string or a Unix time. Its images are read
   * as a tool's: some kinds (`image.without-prompt-or-seed`) name no prompt, size or seed.
   */
  const generation = z.looseObject({
    generation_id: z.optional(z.string()),
    status: z.string(),
    created: z.optional(z.union([z.string(), z.number()])),
    data: z.optional(z.array(madeImage)),
    failure_reason: z.nullish(z.string()),
  });

  /**
   * A webhook's body (§6.2): "mirrors the synchronous generation response", `{generation_id,
   * created, data}` in the docs, `request_id` in the spec's text (either is accepted upstream).
   */
  const event = z.looseObject({
    created: z.optional(z.union([z.string(), z.number()])),
    data: z.array(madeImage),
  });

  /** Error bodies: `{"error": …}` is documented; connexion-style `detail`/`message` are possible. */
  const errorBody = z.looseObject({
    error: z.optional(z.string()),
    detail: z.optional(z.string()),
    message: z.optional(z.string()),
    reject_reason: z.optional(z.string()),
  });
  return { generatedImage, generate, tool, describe, priceQuote, submitted, generation, event, errorBody };
});
type ResponseSchemas = ReturnType<typeof responseSchemas>;
export type GeneratedImage = z.infer<ResponseSchemas["generatedImage"]>;
export type GenerateResponse = z.infer<ResponseSchemas["generate"]>;
export type ToolResponse = z.infer<ResponseSchemas["tool"]>;
export type DescribeResponse = z.infer<ResponseSchemas["describe"]>;

/** POST /upscale's `image_request` (every field optional; resemblance and detail default to 50). */
export interface UpscaleRequest {
  prompt?: string;
  resemblance?: number;
  detail?: number;
  magic_prompt_option?: ImageRequest["magic_prompt_option"];
  num_images?: number;
  seed?: number;
}

/** "data.0.seed: Invalid input" style summary of why a body did not match, for logs. */
export function describeSchemaError(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ");
}

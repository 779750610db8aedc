// zod schemas for Ideogram's legacy /generate request and response.
import * as z from "zod/mini";
import {
  ASPECT_RATIO_VALUES,
  MAGIC_PROMPT_VALUES,
  MODEL_VALUES,
  NUM_IMAGES_MAX,
  SEED_MAX,
  STYLE_VALUES,
} from "./enums.ts";

const oneOf = (values: readonly string[]) => ({ error: `must be one of ${values.join(", ")}` });
const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.optional(z.int({ error }).check(z.gte(min, error), z.lte(max, error)));
};

/**
 * Ideogram's `image_request`, with messages fit to show a user. Both the bot's options and
 * (later) HTTP callers are validated with this one schema; model rules are in rules.ts.
 */
export const imageRequestSchema = z.strictObject({
  prompt: z.string({ error: "is required" }).check(z.trim(), z.minLength(1, "can't be empty")),
  aspect_ratio: z.optional(z.enum(ASPECT_RATIO_VALUES, oneOf(ASPECT_RATIO_VALUES))),
  model: z.optional(z.enum(MODEL_VALUES, oneOf(MODEL_VALUES))),
  style_type: z.optional(z.enum(STYLE_VALUES, oneOf(STYLE_VALUES))),
  magic_prompt_option: z.optional(z.enum(MAGIC_PROMPT_VALUES, oneOf(MAGIC_PROMPT_VALUES))),
  negative_prompt: z.optional(z.string({ error: "must be text" }).check(z.trim())),
  seed: wholeNumber(0, SEED_MAX),
  num_images: wholeNumber(1, NUM_IMAGES_MAX),
});
export type ImageRequest = z.infer<typeof imageRequestSchema>;

/**
 * One generated image. When `is_image_safe` is false Ideogram withholds the image:
 * `url` is then null, "" or missing (the spec marks it nullable and optional).
 */
export const generatedImageSchema = z.looseObject({
  url: z.nullish(z.string()),
  prompt: z.string(),
  resolution: z.string(),
  is_image_safe: z.boolean(),
  seed: z.int(),
  style_type: z.nullish(z.string()),
});
export type GeneratedImage = z.infer<typeof generatedImageSchema>;

/** `created` is an ISO 8601 string, not a Unix time. */
export const generateResponseSchema = z.looseObject({
  created: z.string(),
  data: z.array(generatedImageSchema),
});
export type GenerateResponse = z.infer<typeof generateResponseSchema>;

/** Error bodies: `{"error": …}` is documented; connexion-style `detail`/`message` are possible. */
export const errorBodySchema = z.looseObject({
  error: z.optional(z.string()),
  detail: z.optional(z.string()),
  message: z.optional(z.string()),
  reject_reason: z.optional(z.string()),
});

/** "data.0.seed: Invalid input" style summary of why a body did not match, for logs. */
export function describeSchemaError(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ");
}

// zod schemas for Ideogram's legacy /generate request and response.
import { z } from "zod";
import {
  ASPECT_RATIO_VALUES,
  MAGIC_PROMPT_VALUES,
  MODEL_VALUES,
  NUM_IMAGES_MAX,
  SEED_MAX,
  STYLE_VALUES,
} from "./enums.ts";

export const imageRequestSchema = z.strictObject({
  prompt: z.string().trim().min(1, "required"),
  aspect_ratio: z.enum(ASPECT_RATIO_VALUES).optional(),
  model: z.enum(MODEL_VALUES).optional(),
  style_type: z.enum(STYLE_VALUES).optional(),
  magic_prompt_option: z.enum(MAGIC_PROMPT_VALUES).optional(),
  negative_prompt: z.string().optional(),
  seed: z.int().min(0).max(SEED_MAX).optional(),
  num_images: z.int().min(1).max(NUM_IMAGES_MAX).optional(),
});
export type ImageRequest = z.infer<typeof imageRequestSchema>;

/**
 * One generated image. When `is_image_safe` is false Ideogram withholds the image:
 * `url` is then null, "" or missing (the spec marks it nullable and optional).
 */
export const generatedImageSchema = z.looseObject({
  url: z.string().nullish(),
  prompt: z.string(),
  resolution: z.string(),
  is_image_safe: z.boolean(),
  seed: z.int(),
  style_type: z.string().nullish(),
});
export type GeneratedImage = z.infer<typeof generatedImageSchema>;

export const generateResponseSchema = z.looseObject({
  created: z.string(),
  data: z.array(generatedImageSchema),
});
export type GenerateResponse = z.infer<typeof generateResponseSchema>;

/** Error bodies: `{"error": …}` is documented; connexion-style `detail`/`message` are possible. */
export const errorBodySchema = z.looseObject({
  error: z.string().optional(),
  detail: z.string().optional(),
  message: z.string().optional(),
  reject_reason: z.string().optional(),
});

// What Ideogram charges, in micro-dollars per output image (integers, so sums never drift).
// Source: https://ideogram.ai/features/api-pricing ("flat fee for each Output Image returned").
import type { Model } from "./enums.ts";
import { DEFAULT_MODEL } from "./enums.ts";

export const MICROS_PER_USD = 1_000_000;

/** Generate and Remix, per image, by model. */
export const IMAGE_PRICE_MICROS: Record<Model, number> = {
  V_1_TURBO: 20_000,
  V_1: 60_000,
  V_2_TURBO: 50_000,
  V_2: 80_000,
  V_2A_TURBO: 25_000,
  V_2A: 40_000,
};

/**
 * Upscale and Describe are "a flat fee for each Input submitted", amounts unpublished for the legacy
 * endpoints. Estimates, on the high side so a budget is never exceeded: a third-party gateway lists
 * upscale at $0.06.
 */
export const UPSCALE_PRICE_MICROS = 60_000;
export const DESCRIBE_PRICE_MICROS = 20_000;

export const imagePrice = (model: Model | undefined) => IMAGE_PRICE_MICROS[model ?? DEFAULT_MODEL];

export function formatUsd(micros: number): string {
  return `$${(micros / MICROS_PER_USD).toFixed(2)}`;
}

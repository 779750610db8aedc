// A request's settings in Midjourney's own notation ("--ar 16:9 --v 3 --seed 42 --no people"), for
// results of prompts that used Midjourney's parameters: derived from the request that ran, so it stays
// true after Re-roll (a new seed) or Vary (what the remix takes).
// Layer 3 (messages/): imports only layers 0–2.
import { ASPECT_RATIOS } from "../ideogram/enums.ts";
import { MODEL_FACTS, VERSION_PARAMETERS } from "../ideogram/models.ts";
import type { ImageRequest } from "../ideogram/schema.ts";
import type { PromptParameters } from "../jobs/job.ts";

const SPEED_FLAGS = { FLASH: "--draft", TURBO: "--turbo", DEFAULT: "--fast", QUALITY: "--hd" } as const;

/** Each setting of `request` a parameter can say, as that parameter. */
export function midjourneyNotation(request: ImageRequest): string[] {
  const said: string[] = [];
  if (request.aspect_ratio) said.push(`--ar ${ASPECT_RATIOS[request.aspect_ratio]}`);
  if (request.model) {
    // A legacy Turbo model is its model with --turbo.
    const base = VERSION_PARAMETERS.find(
      ([, m]) => m === request.model || MODEL_FACTS[m].turbo === request.model,
    );
    if (base) said.push(`--v ${base[0]}`);
    if (base && base[1] !== request.model) said.push("--turbo");
  }
  if (request.rendering_speed) said.push(SPEED_FLAGS[request.rendering_speed]);
  if (request.magic_prompt_option === "OFF") said.push("--raw");
  if (request.seed !== undefined) said.push(`--seed ${request.seed}`);
  if (request.style_codes) said.push(`--sref ${request.style_codes.join(" ")}`);
  if (request.negative_prompt) said.push(`--no ${request.negative_prompt}`);
  if (request.transparent) said.push("--transparent");
  return said;
}

/** The result's "Parameters" field: what ran, what was ignored, and why. */
export function describeParameters(request: ImageRequest, parameters: PromptParameters): string {
  const lines = [midjourneyNotation(request).join(" ") || "none"];
  if (parameters.ignored.length > 0) {
    lines.push(`ignored: ${parameters.ignored.join(", ")} (no Ideogram equivalent)`);
  }
  lines.push(...parameters.notes);
  return lines.join("\n");
}

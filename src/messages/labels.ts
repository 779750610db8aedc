// How models and tools are named in messages: "Ideogram 3.0 · Quality (`V_3`)", "🔲 **Reframing**".
// Layer 3 (messages/): imports only layers 0–2.
import { MODELS, type Model, SPEEDS, type Speed } from "../ideogram/enums.ts";
import { DEFAULT_SPEED, familyOf, IDEOGRAM_DEFAULT_MODEL, type ToolName } from "../ideogram/models.ts";

/** "Ideogram 3.0 · Quality": 3.0 and 4.0 name their speed (Default when none was asked). */
export function modelName(model: Model | undefined, speed: Speed | undefined): string {
  const label = MODELS[model ?? IDEOGRAM_DEFAULT_MODEL];
  return familyOf(model) === "legacy" ? label : `${label} · ${SPEEDS[speed ?? DEFAULT_SPEED]}`;
}

/** "Ideogram 3.0 · Quality (`V_3`)", as a result's Model field shows it. */
export const modelField = (model: Model | undefined, speed: Speed | undefined) =>
  `${modelName(model, speed)} (\`${model ?? IDEOGRAM_DEFAULT_MODEL}\`)`;

/** In messages: "🔲 **Reframing** image 2" while it runs, "Reframe of image 2" under the result. */
export const TOOL_WORDS: Record<ToolName, { doing: string; made: string }> = {
  reframe: { doing: "🔲 **Reframing**", made: "Reframe of" },
  inpaint: { doing: "🖌️ **Repainting a region of**", made: "Region repainted in" },
  remove_background: { doing: "✂️ **Removing the background** of", made: "Background removed from" },
  replace_background: { doing: "🖼️ **Replacing the background** of", made: "New background for" },
};

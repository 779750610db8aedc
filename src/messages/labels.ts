// How models and tools are named in messages: "Ideogram 3.0 · Quality (`V_3`)", "🔲 **Reframing**".
// Layer 3 (messages/): imports only layers 0–2.
import { MODELS, type Model, type Speed } from "../ideogram/enums.ts";
import { familyOf, IDEOGRAM_DEFAULT_MODEL, speedName, speedOf, type ToolName } from "../ideogram/models.ts";

/**
 * "Ideogram 3.0 · Quality", "Ideogram 4.5 · High": the current models name their speed (the model's
 * default when none was asked), as the model calls it.
 */
export function modelName(model: Model | undefined, speed: Speed | undefined): string {
  const chosen = model ?? IDEOGRAM_DEFAULT_MODEL;
  if (familyOf(chosen) === "legacy") return MODELS[chosen];
  return `${MODELS[chosen]} · ${speedName(chosen, speedOf(chosen, speed))}`;
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
  remove_object: { doing: "🧽 **Removing what was painted from**", made: "Painted region removed from" },
  precise_edit: { doing: "✏️ **Editing**", made: "Edit of" },
  edit_region: { doing: "✏️ **Changing a region of**", made: "Region changed in" },
};

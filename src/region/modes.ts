// What the region editor can do with a painted region, each one tool of the operation table: Redraw
// (3.0's inpaint: paint, say what goes there), Remove (remove-object: erase what is painted) and
// Change with words (4.5 with the mask: say what should change). The page lists them with their
// prices from here; the submission names one. Each tool's mask colours are its row's (`maskMarks`).
// Layer 5 (region/): imports only layers 0–4, never pipeline/, queue/.
import type { Model, Speed } from "../ideogram/enums.ts";
import { priceOf, speedName, type ToolName, toolAllowed, toolOperation } from "../ideogram/models.ts";
import { formatUsd } from "../ideogram/prices.ts";

export type EditorModeId = "redraw" | "remove" | "words";

interface EditorMode {
  label: string;
  tool: ToolName;
  /** What the prompt box asks; none: the tool takes no prompt (the image's own is the result's title). */
  ask?: string;
  /** The qualities offered, the first the default; none: the tool's own speed. */
  speeds?: readonly Speed[];
}

export const EDITOR_MODES: Record<EditorModeId, EditorMode> = {
  redraw: { label: "Redraw", tool: "inpaint", ask: "What goes in the painted region" },
  remove: { label: "Remove", tool: "remove_object" },
  words: {
    label: "Change with words",
    tool: "edit_region",
    ask: "What should change in the painted region",
    // 4.5's Medium first, its own default with a source image; Very low has no generate price.
    speeds: ["DEFAULT", "TURBO", "QUALITY"],
  },
};

export const isEditorMode = (value: string): value is EditorModeId => Object.hasOwn(EDITOR_MODES, value);

/** A tool's price as the page shows it: "$0.06", or "≈ $0.03" where it is our estimate. */
function priceLabel(tool: ToolName, speed?: Speed): string {
  const op = toolOperation(tool);
  return `${op.estimate ? "≈ " : ""}${formatUsd(priceOf(op, op.model, speed) ?? 0)}`;
}

/** The modes a server's allowed models leave (unset: every model), in the page's order. */
export const allowedModes = (allowed: readonly Model[] | undefined): EditorModeId[] =>
  (Object.keys(EDITOR_MODES) as EditorModeId[]).filter((id) => toolAllowed(EDITOR_MODES[id].tool, allowed));

/** The modes a server's allowed models leave, as the page lists them: labels, prompts, prices. */
export function editorModes(allowed: readonly Model[] | undefined) {
  return allowedModes(allowed).map((id) => {
    const { label, tool, ask, speeds } = EDITOR_MODES[id];
    const qualities = speeds?.map((speed) => ({
      value: speed,
      label: speedName(toolOperation(tool).model, speed),
      price: priceLabel(tool, speed),
    }));
    return {
      id,
      label,
      ...(ask ? { ask } : {}),
      price: priceLabel(tool, speeds?.[0]),
      ...(qualities ? { qualities } : {}),
    };
  });
}

// The tools under a single image that send it to one of Ideogram's tools (ideogram/tools.ts):
// ✂️ Remove background, 🖼️ Replace background (a form asks for the new one), ✏️ Edit with words (a
// form asks what should change, and the quality), 🔲 Reframe (a menu of shapes). Each queues a job for
// the clicker, priced like any other.
// Layer 7 (actions/): imports only layers 0–6, never commands/, scheduler/.
import type {
  APIInteractionResponse,
  APIMessageComponentInteraction,
  APIModalSubmitInteraction,
} from "discord-api-types/v10";
import { COMPONENT, RESPONSE, TEXT_STYLE } from "../discord/numbers.ts";
import { ephemeral } from "../discord/responses.ts";
import type { Speed } from "../ideogram/enums.ts";
import {
  priceOf,
  REFRAME_SHAPES,
  type ReframeShape,
  speedName,
  type ToolName,
  toolOperation,
} from "../ideogram/models.ts";
import { formatUsd } from "../ideogram/prices.ts";
import { reframeShapesFor } from "../ideogram/resolution.ts";
import { hasVisibleText } from "../ideogram/schema.ts";
import type { CommandContext } from "../interactions/context.ts";
import { expired, formExpired } from "../interactions/replies.ts";
import { scheduleWork } from "../interactions/schedule.ts";
import { type ComponentRef, componentId } from "../jobs/component-ids.ts";
import type { ToolWork } from "../jobs/job.ts";
import type { Manifest } from "../jobs/results.ts";
import { submittedValues } from "./edit.ts";

/** How long a new background's description may be (Ideogram documents no limit; a prompt's). */
const BACKGROUND_MAX = 1000;

/** The tool's work on the image the id names, or undefined if the result or image is gone. */
function toolWork(
  manifest: Manifest | undefined,
  ref: ComponentRef,
  tool: ToolName,
  more: Partial<Pick<ToolWork, "prompt" | "resolution" | "speed">> = {},
): ToolWork | undefined {
  const image = manifest?.images.find((i) => i.index === ref.index);
  if (!manifest || !image) return undefined;
  return {
    kind: "tool",
    tool,
    source: { type: "stored", jobId: manifest.jobId, index: image.index },
    prompt: image.prompt,
    basis: { seed: image.seed, resolution: image.resolution },
    ...more,
  };
}

/** The tool's work as a job of the clicker's; expired if the image is gone. */
const run =
  (tool: ToolName) =>
  async (interaction: APIMessageComponentInteraction, ref: ComponentRef, context: CommandContext) => {
    const work = toolWork(await context.results.manifest(ref.jobId), ref, tool);
    return work ? scheduleWork(interaction, work, context) : expired(context.results.retentionDays);
  };

/** ✂️ Remove background: a PNG of the subject alone. */
export const removeBackground = run("remove_background");

/**
 * 🔲 Reframe: the scene extended to the chosen shape, at 3.0's resolution of that ratio. Only the
 * shapes its menu offered are taken: never the one the image already is.
 */
export async function reframe(
  interaction: APIMessageComponentInteraction,
  ref: ComponentRef,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const shape = ref.variant as ReframeShape;
  const work = toolWork(await context.results.manifest(ref.jobId), ref, "reframe", {
    resolution: REFRAME_SHAPES[shape],
  });
  if (!work) return expired(context.results.retentionDays);
  if (!reframeShapesFor(work.basis.resolution).includes(shape)) {
    return ephemeral(`This image is ${shape} already: nothing was run. Choose another shape.`);
  }
  return scheduleWork(interaction, work, context);
}

/** 🖼️ Replace background: a form asks what the new background should be. */
export async function openBackgroundForm(
  _interaction: APIMessageComponentInteraction,
  ref: ComponentRef,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  if (!toolWork(await context.results.manifest(ref.jobId), ref, "replace_background")) {
    return expired(context.results.retentionDays);
  }
  return {
    type: RESPONSE.MODAL,
    data: {
      custom_id: componentId("background", ref.jobId, ref.index),
      title: "Replace the background",
      components: [
        {
          type: COMPONENT.LABEL,
          label: "New background",
          description: "The subject stays; describe what goes behind it",
          component: {
            type: COMPONENT.TEXT_INPUT,
            custom_id: "background",
            style: TEXT_STYLE.PARAGRAPH,
            required: true,
            max_length: BACKGROUND_MAX,
          },
        },
      ],
    },
  };
}

/** The form's answer: the new background, as a job for whoever submitted it. */
export async function submitBackground(
  interaction: APIModalSubmitInteraction,
  ref: ComponentRef,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const background = submittedValues(interaction).get("background") ?? "";
  if (!hasVisibleText(background) || background.length > BACKGROUND_MAX) {
    return ephemeral(`Nothing was run: describe the new background in 1 to ${BACKGROUND_MAX} characters.`);
  }
  const manifest = await context.results.manifest(ref.jobId);
  const work = toolWork(manifest, ref, "replace_background", { prompt: background });
  if (!work) return formExpired(context.results.retentionDays);
  return scheduleWork(interaction, work, context);
}

/** How long an edit's instruction may be (4.5's prompt takes 10,000; a form's paragraph 4,000). */
const INSTRUCTION_MAX = 4000;
/** The qualities the edit form offers (4.5's names, its prices), Medium first as Ideogram's default. */
const EDIT_SPEEDS: readonly Speed[] = ["DEFAULT", "FLASH", "TURBO", "QUALITY"];

/** ✏️ Edit with words: a form asks what should change, and at which quality. */
export async function openWordsForm(
  _interaction: APIMessageComponentInteraction,
  ref: ComponentRef,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  if (!toolWork(await context.results.manifest(ref.jobId), ref, "precise_edit")) {
    return expired(context.results.retentionDays);
  }
  const op = toolOperation("precise_edit");
  return {
    type: RESPONSE.MODAL,
    data: {
      custom_id: componentId("words", ref.jobId, ref.index),
      title: "Edit with words",
      components: [
        {
          type: COMPONENT.LABEL,
          label: "What should change?",
          description: "Ideogram 4.5 changes only that; the image keeps its exact size",
          component: {
            type: COMPONENT.TEXT_INPUT,
            custom_id: "instruction",
            style: TEXT_STYLE.PARAGRAPH,
            required: true,
            max_length: INSTRUCTION_MAX,
          },
        },
        {
          type: COMPONENT.LABEL,
          label: "Quality",
          component: {
            type: COMPONENT.STRING_SELECT,
            custom_id: "quality",
            required: false,
            options: EDIT_SPEEDS.map((speed, i) => ({
              label: `${speedName(op.model, speed)} · ${formatUsd(priceOf(op, op.model, speed) ?? 0)}`,
              value: speed,
              default: i === 0,
            })),
          },
        },
      ],
    },
  };
}

/** The form's answer: a precise edit of the image, as a job for whoever submitted it. */
export async function submitWords(
  interaction: APIModalSubmitInteraction,
  ref: ComponentRef,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const values = submittedValues(interaction);
  const instruction = values.get("instruction") ?? "";
  if (!hasVisibleText(instruction) || instruction.length > INSTRUCTION_MAX) {
    return ephemeral(`Nothing was run: say what should change in 1 to ${INSTRUCTION_MAX} characters.`);
  }
  const asked = values.get("quality") || "DEFAULT";
  const speed = EDIT_SPEEDS.find((s) => s === asked);
  if (!speed) return ephemeral("Nothing was run: pick one of the form's qualities.");
  const manifest = await context.results.manifest(ref.jobId);
  const work = toolWork(manifest, ref, "precise_edit", { prompt: instruction, speed });
  if (!work) return formExpired(context.results.retentionDays);
  return scheduleWork(interaction, work, context);
}

// The buttons under a result; their ids come from the registry. The state they point to (the job's
// manifest and images) is kept in R2.
// Layer 3 (messages/): imports only layers 0–2.

import { button, type Row, row, select } from "../discord/components.ts";
import { BUTTON_STYLE } from "../discord/numbers.ts";
import type { Model } from "../ideogram/enums.ts";
import { type ToolName, toolAllowed } from "../ideogram/models.ts";
import { reframeShapesFor } from "../ideogram/resolution.ts";
import { componentId } from "../jobs/component-ids.ts";
import { hasRequest } from "../jobs/job.ts";
import type { Manifest, StoredImage } from "../jobs/results.ts";

/** A legacy message holds at most 5 rows of at most 5 buttons. */
const ROW_MAX = 5;
/** With more images than this, Pick and Vary become select menus instead of a row of buttons each. */
const BUTTONS_PER_IMAGE_MAX = 4;

/**
 * Two levels, as people know them from Midjourney. A grid (2–8 images): 🔄 Re-roll and ✏️ Edit, then
 * 📌 Pick and 🔀 Vary for each image (buttons, or menus if many). A single image (a 1-image result):
 * Re-roll and Edit (for work with a prompt to edit) beside the tools for one image.
 */
export function resultComponents(
  manifest: Pick<Manifest, "jobId" | "images" | "work">,
  allowed?: readonly Model[],
): Row[] {
  const { jobId, images } = manifest;
  const main = [button("Re-roll", componentId("reroll", jobId), "🔄")];
  if (hasRequest(manifest.work)) main.push(button("Edit", componentId("edit", jobId), "✏️"));
  const [only] = images;
  if (images.length === 1 && only) {
    const [first, ...rest] = imageTools(jobId, only, allowed);
    return [row([...main, ...(first?.components ?? [])]), ...rest];
  }
  if (images.length === 0) return [row(main)];
  if (images.length <= BUTTONS_PER_IMAGE_MAX) {
    return [
      row(main),
      row(images.map((i) => button(`Pick ${i.index + 1}`, componentId("pick", jobId, i.index), "📌"))),
      row(images.map((i) => button(`Vary ${i.index + 1}`, componentId("vary", jobId, i.index), "🔀"))),
    ];
  }
  const menu = (action: "pick" | "vary", placeholder: string): Row =>
    row([
      select(
        componentId(action, jobId),
        placeholder,
        images.map((i) => ({ label: `Image ${i.index + 1}`, value: String(i.index) })),
      ),
    ]);
  return [row(main), menu("pick", "📌 Pick an image…"), menu("vary", "🔀 Vary an image…")];
}

/**
 * The tools for one image, acting on the kept copy (a picked image's act on the result it came
 * from): Upscale and Vary first (at most 3, so Re-roll and Edit fit beside them), the background
 * tools, then Reframe's menu of the shapes the image is not already. A tool whose model the server
 * does not allow (`allowed`, unset: every model) is left out: it could never run there.
 */
export function imageTools(
  jobId: string,
  image: Pick<StoredImage, "index" | "resolution">,
  allowed?: readonly Model[],
): Row[] {
  const { index } = image;
  const shapes = reframeShapesFor(image.resolution);
  const runs = (tool: ToolName) => toolAllowed(tool, allowed);
  const background = [
    // Always: its Remove mode runs on no model a server chooses (the page lists the modes allowed).
    button("Vary (Region)", componentId("region", jobId, index), "🖌️"),
    button("Remove background", componentId("cutout", jobId, index), "✂️"),
    ...(runs("replace_background")
      ? [button("Replace background", componentId("background", jobId, index), "🖼️")]
      : []),
    ...(runs("precise_edit") ? [button("Edit with words", componentId("words", jobId, index), "✏️")] : []),
  ];
  const reframe = select(
    componentId("reframe", jobId, index),
    "🔲 Reframe to another shape…",
    shapes.map((shape) => ({ label: shape, value: shape })),
  );
  return [
    row([
      button("Upscale", componentId("upscale", jobId, index), "⬆️"),
      button("Vary (Subtle)", componentId("subtle", jobId, index), "🔀"),
      button("Vary (Strong)", componentId("strong", jobId, index), "🌀"),
    ]),
    row(background),
    ...(runs("reframe") ? [row([reframe])] : []),
  ];
}

/** Under a failure that may pass: the same work again, as a re-roll. */
export function retryComponents(jobId: string): Row[] {
  return [row([button("Try again", componentId("reroll", jobId), "🔄", BUTTON_STYLE.PRIMARY)])];
}

/** "Imagine 1", "Imagine 2"…: one button per suggested prompt, at most one row's worth. */
export function describeComponents(manifest: Pick<Manifest, "jobId" | "descriptions">): Row[] {
  const prompts = (manifest.descriptions ?? []).slice(0, ROW_MAX);
  if (prompts.length === 0) return [];
  return [
    row(
      prompts.map((_, i) =>
        button(
          prompts.length === 1 ? "Imagine this" : `Imagine ${i + 1}`,
          componentId("use", manifest.jobId, i),
          "🎨",
          BUTTON_STYLE.PRIMARY,
        ),
      ),
    ),
  ];
}

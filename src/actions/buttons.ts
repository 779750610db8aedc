// The buttons under a result, and their custom_ids: "<action>:<job id>[:<image index>]", at most
// 30 characters. The state they point to (the job's manifest and images) is kept in R2.
import type { APIActionRowComponent, APIComponentInMessageActionRow } from "discord-api-types/v10";
import type { Manifest } from "../pipeline/results.ts";

export const ACTIONS = ["reroll", "edit", "upscale", "vary", "use"] as const;
export type Action = (typeof ACTIONS)[number];

export interface ActionRef {
  action: Action;
  jobId: string;
  index?: number;
}

/** Discord allows 1–100 characters; ours stay far below. */
export const CUSTOM_ID_MAX = 100;
/** A legacy message holds at most 5 rows of at most 5 buttons. */
const ROW_MAX = 5;
/** With more images than this, upscale and vary become select menus instead of a row of buttons each. */
const BUTTONS_PER_IMAGE_MAX = 4;

export const actionId = (action: Action, jobId: string, index?: number) =>
  index === undefined ? `${action}:${jobId}` : `${action}:${jobId}:${index}`;

/** The action a custom_id (plus a select menu's chosen value) names; undefined if malformed. */
export function parseActionId(customId: string, values?: readonly string[]): ActionRef | undefined {
  const match = /^([a-z]+):(\d{1,20})(?::(\d))?$/.exec(customId);
  const action = ACTIONS.find((a) => a === match?.[1]);
  if (!match || !action || customId.length > CUSTOM_ID_MAX) return undefined;
  const index = match[3] ?? values?.[0];
  if (index !== undefined && !/^\d$/.test(index)) return undefined;
  return { action, jobId: match[2] ?? "", ...(index === undefined ? {} : { index: Number(index) }) };
}

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
type Button = APIComponentInMessageActionRow;

/** Style 1 = primary, 2 = secondary. */
const button = (label: string, customId: string, emoji?: string, style: 1 | 2 = 2): Button => ({
  type: 2,
  style,
  label,
  custom_id: customId,
  ...(emoji ? { emoji: { name: emoji } } : {}),
});

const row = (components: Button[]): Row => ({ type: 1, components });

/** 🔄 Re-roll and ✏️ Edit, then Upscale and Vary for each kept image (buttons, or menus if many). */
export function resultComponents(manifest: Pick<Manifest, "jobId" | "images">): Row[] {
  const { jobId, images } = manifest;
  const main = [
    button("Re-roll", actionId("reroll", jobId), "🔄"),
    button("Edit", actionId("edit", jobId), "✏️"),
  ];
  if (images.length === 1 && images[0]) {
    const { index } = images[0];
    main.push(button("Upscale", actionId("upscale", jobId, index), "⬆️"));
    main.push(button("Vary", actionId("vary", jobId, index), "🔀"));
    return [row(main)];
  }
  if (images.length === 0) return [row(main)];
  if (images.length <= BUTTONS_PER_IMAGE_MAX) {
    return [
      row(main),
      row(images.map((i) => button(`Upscale ${i.index + 1}`, actionId("upscale", jobId, i.index), "⬆️"))),
      row(images.map((i) => button(`Vary ${i.index + 1}`, actionId("vary", jobId, i.index), "🔀"))),
    ];
  }
  const menu = (action: "upscale" | "vary", placeholder: string): Row => ({
    type: 1,
    components: [
      {
        type: 3,
        custom_id: actionId(action, jobId),
        placeholder,
        options: images.map((i) => ({ label: `Image ${i.index + 1}`, value: String(i.index) })),
      },
    ],
  });
  return [row(main), menu("upscale", "⬆️ Upscale an image…"), menu("vary", "🔀 Vary an image…")];
}

/** Under a failure that may pass: the same work again, as a re-roll. */
export function retryComponents(jobId: string): Row[] {
  return [row([button("Try again", actionId("reroll", jobId), "🔄", 1)])];
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
          actionId("use", manifest.jobId, i),
          "🎨",
          1,
        ),
      ),
    ),
  ];
}

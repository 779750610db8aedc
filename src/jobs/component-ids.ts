// Every component id the bot makes — the buttons under results and progress messages, their select
// menus, the edit form — in one table: each action's prefix and the arguments its id carries. Ids
// are built and read only here: "<action>:<job id>[:<image index>]" (a job id is a snowflake, or
// one and a number for one of several jobs a click started: "<id>-<n>"), at most 100 characters
// (Discord's limit). The ids live in Discord messages for as long as results are kept, so a prefix
// never changes. Where a click goes is actions/index.ts's table, keyed by these names.
// Layer 2 (jobs/): imports only layers 0–1, never config.ts.
import { own } from "../discord/shapes.ts";
import { REFRAME_SHAPES } from "../ideogram/models.ts";

/**
 * What an id names: the action, the job whose result (or progress) it sits under, an image, and
 * for a menu of variants (Reframe's shapes) the one chosen.
 */
export interface ComponentRef {
  action: ActionName;
  jobId: string;
  index?: number;
  variant?: string;
}

interface IdSpec {
  /** Which image of the result the id names: none; one, in the id; one, in the id or chosen in a menu. */
  image: "none" | "id" | "id-or-menu";
  /** A menu whose chosen value is one of these. */
  variants?: readonly string[];
}

export const ACTIONS = {
  cancel: { image: "none" },
  reroll: { image: "none" },
  edit: { image: "none" },
  upscale: { image: "id-or-menu" },
  vary: { image: "id-or-menu" },
  pick: { image: "id-or-menu" },
  subtle: { image: "id" },
  strong: { image: "id" },
  cutout: { image: "id" },
  background: { image: "id" },
  words: { image: "id" },
  reframe: { image: "id", variants: Object.keys(REFRAME_SHAPES) },
  region: { image: "id" },
  use: { image: "id" },
  describe: { image: "id-or-menu" },
  // A permutation or --repeat command's private confirmation: the id names the command, not a job.
  confirm: { image: "none" },
  decline: { image: "none" },
} satisfies Record<string, IdSpec>;
export type ActionName = keyof typeof ACTIONS;

/** Discord allows 1–100 characters; ours stay far below. */
export const CUSTOM_ID_MAX = 100;

/** The id of `action` on job `jobId` (and image `index`, for the actions that name one). */
export function componentId(action: ActionName, jobId: string, index?: number): string {
  return index === undefined ? `${action}:${jobId}` : `${action}:${jobId}:${index}`;
}

/** What an id (plus a select menu's chosen value) names; undefined for anything the bot didn't make. */
export function readComponentId(customId: string, values?: readonly string[]): ComponentRef | undefined {
  const match =
    customId.length <= CUSTOM_ID_MAX ? /^([a-z]+):(\d{1,20}(?:-\d{1,2})?)(?::(\d))?$/.exec(customId) : null;
  const action = match?.[1];
  const spec = action === undefined ? undefined : own<IdSpec>(ACTIONS, action);
  if (!match || !spec) return undefined;
  const index = spec.image === "id-or-menu" ? (match[3] ?? values?.[0]) : match[3];
  if ((spec.image === "none") !== (index === undefined) || (index !== undefined && !/^\d$/.test(index)))
    return undefined;
  const variant = spec.variants ? values?.[0] : undefined;
  if (spec.variants && !spec.variants.includes(variant ?? "")) return undefined;
  const ref: ComponentRef = { action: action as ActionName, jobId: match[2] ?? "" };
  if (index !== undefined) ref.index = Number(index);
  if (variant !== undefined) ref.variant = variant;
  return ref;
}

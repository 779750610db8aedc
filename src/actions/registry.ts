// Every component id the bot makes — the buttons under results and progress messages, their select
// menus, the edit form — in one table: each action's prefix, the arguments its id carries, and the
// handlers its clicks and submissions go to. Ids are built and read only here:
// "<action>:<job id>[:<image index>]", at most 100 characters (Discord's limit). A forged, stale or
// unknown id is answered privately as expired, never with an error.
import type {
  APIInteractionResponse,
  APIMessageComponentInteraction,
  APIModalSubmitInteraction,
} from "discord-api-types/v10";
import type { CommandContext } from "../commands/context.ts";
import { own } from "../discord/interactions.ts";
import { ephemeral } from "../discord/responses.ts";
import { REFRAME_SHAPES } from "../ideogram/models.ts";
import { handleCancel } from "./cancel.ts";
import { handleEditSubmit } from "./edit.ts";
import {
  describeKept,
  expired,
  imagineDescription,
  openEditForm,
  pick,
  reroll,
  upscale,
  vary,
  varyStrong,
  varySubtle,
} from "./handlers.ts";
import { openRegionEditor } from "./region.ts";
import { openBackgroundForm, reframe, removeBackground, submitBackground } from "./tools.ts";

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

type Answer = APIInteractionResponse | Promise<APIInteractionResponse>;
export type ClickHandler = (
  interaction: APIMessageComponentInteraction,
  ref: ComponentRef,
  context: CommandContext,
) => Answer;
export type SubmitHandler = (
  interaction: APIModalSubmitInteraction,
  ref: ComponentRef,
  context: CommandContext,
) => Answer;

interface ActionSpec {
  /** Which image of the result the id names: none; one, in the id; one, in the id or chosen in a menu. */
  image: "none" | "id" | "id-or-menu";
  /** A menu whose chosen value is one of these. */
  variants?: readonly string[];
  click?: ClickHandler;
  submit?: SubmitHandler;
}

export const ACTIONS = {
  cancel: { image: "none", click: handleCancel },
  reroll: { image: "none", click: reroll },
  edit: { image: "none", click: openEditForm, submit: handleEditSubmit },
  upscale: { image: "id-or-menu", click: upscale },
  vary: { image: "id-or-menu", click: vary },
  pick: { image: "id-or-menu", click: pick },
  subtle: { image: "id", click: varySubtle },
  strong: { image: "id", click: varyStrong },
  cutout: { image: "id", click: removeBackground },
  background: { image: "id", click: openBackgroundForm, submit: submitBackground },
  reframe: { image: "id", variants: Object.keys(REFRAME_SHAPES), click: reframe },
  region: { image: "id", click: openRegionEditor },
  use: { image: "id", click: imagineDescription },
  describe: { image: "id-or-menu", click: describeKept },
} satisfies Record<string, ActionSpec>;
export type ActionName = keyof typeof ACTIONS;

/** Discord allows 1–100 characters; ours stay far below. */
export const CUSTOM_ID_MAX = 100;

/** The id of `action` on job `jobId` (and image `index`, for the actions that name one). */
export function componentId(action: ActionName, jobId: string, index?: number): string {
  return index === undefined ? `${action}:${jobId}` : `${action}:${jobId}:${index}`;
}

/** What an id (plus a select menu's chosen value) names; undefined for anything the bot didn't make. */
export function readComponentId(customId: string, values?: readonly string[]): ComponentRef | undefined {
  const match = customId.length <= CUSTOM_ID_MAX ? /^([a-z]+):(\d{1,20})(?::(\d))?$/.exec(customId) : null;
  const action = match?.[1];
  const spec = action === undefined ? undefined : own<ActionSpec>(ACTIONS, action);
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

/** A click on one of the bot's buttons or menus, to its action's handler. */
export function routeClick(interaction: APIMessageComponentInteraction, context: CommandContext): Answer {
  const values = "values" in interaction.data ? interaction.data.values : undefined;
  const ref = readComponentId(interaction.data.custom_id, values);
  const click = ref && (ACTIONS[ref.action] as ActionSpec).click;
  return click ? click(interaction, ref, context) : expired(context.results.retentionDays);
}

/** A submitted form, to its action's handler. */
export function routeSubmit(interaction: APIModalSubmitInteraction, context: CommandContext): Answer {
  const ref = readComponentId(interaction.data.custom_id);
  const submit = ref && (ACTIONS[ref.action] as ActionSpec).submit;
  return submit ? submit(interaction, ref, context) : ephemeral("This form has expired.");
}

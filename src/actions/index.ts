// Where each click and form submission goes: one table from the component-id actions
// (jobs/component-ids.ts) to their handlers. A forged, stale or unknown id is answered privately as
// expired, never with an error.
// Layer 7 (actions/): imports only layers 0–6, never commands/, scheduler/.
import type {
  APIInteractionResponse,
  APIMessageComponentInteraction,
  APIModalSubmitInteraction,
} from "discord-api-types/v10";
import type { CommandContext } from "../interactions/context.ts";
import { expired, formExpired } from "../interactions/replies.ts";
import { type ActionName, type ComponentRef, readComponentId } from "../jobs/component-ids.ts";
import { confirmBatch, declineBatch } from "./batch.ts";
import { handleCancel } from "./cancel.ts";
import { handleEditSubmit } from "./edit.ts";
import {
  describeKept,
  imagineDescription,
  openEditForm,
  pick,
  reroll,
  rerollRemixed,
  upscale,
  vary,
  varyRemixed,
  varyStrong,
  varyStrongRemixed,
  varySubtle,
  varySubtleRemixed,
} from "./handlers.ts";
import { openRegionEditor } from "./region.ts";
import {
  openBackgroundForm,
  openWordsForm,
  reframe,
  removeBackground,
  submitBackground,
  submitWords,
} from "./tools.ts";

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

interface Handlers {
  click?: ClickHandler;
  submit?: SubmitHandler;
}

const HANDLERS: Record<ActionName, Handlers> = {
  cancel: { click: handleCancel },
  reroll: { click: reroll, submit: rerollRemixed },
  edit: { click: openEditForm, submit: handleEditSubmit },
  upscale: { click: upscale },
  vary: { click: vary, submit: varyRemixed },
  pick: { click: pick },
  subtle: { click: varySubtle, submit: varySubtleRemixed },
  strong: { click: varyStrong, submit: varyStrongRemixed },
  cutout: { click: removeBackground },
  background: { click: openBackgroundForm, submit: submitBackground },
  words: { click: openWordsForm, submit: submitWords },
  reframe: { click: reframe },
  region: { click: openRegionEditor },
  use: { click: imagineDescription },
  describe: { click: describeKept },
  confirm: { click: confirmBatch },
  decline: { click: declineBatch },
};

/** A click on one of the bot's buttons or menus, to its action's handler. */
export function routeClick(interaction: APIMessageComponentInteraction, context: CommandContext): Answer {
  const values = "values" in interaction.data ? interaction.data.values : undefined;
  const ref = readComponentId(interaction.data.custom_id, values);
  const click = ref && HANDLERS[ref.action].click;
  return click ? click(interaction, ref, context) : expired(context.results.retentionDays);
}

/** A submitted form, to its action's handler. */
export function routeSubmit(interaction: APIModalSubmitInteraction, context: CommandContext): Answer {
  const ref = readComponentId(interaction.data.custom_id);
  const submit = ref && HANDLERS[ref.action].submit;
  return submit ? submit(interaction, ref, context) : formExpired(context.results.retentionDays);
}

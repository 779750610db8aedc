// Maps each declared command, each button's custom_id and each form to its handler.
import type { APIApplicationCommandInteraction } from "discord-api-types/v10";
import { handleEditSubmit } from "../actions/edit.ts";
import { handleAction } from "../actions/handlers.ts";
import { CANCEL_PREFIX } from "../jobs/progress.ts";
import { handleCancel } from "./cancel.ts";
import type { CommandHandler, ComponentHandler, ModalHandler } from "./context.ts";
import type { CommandName } from "./definitions.ts";
import { handleDescribe, handleDescribeMessage } from "./describe.ts";
import { handleImagine } from "./imagine.ts";
import { handleSettings } from "./settings.ts";
import { handleUsage } from "./usage.ts";

/**
 * A missing handler for a declared command is a type error. Each handler takes the interaction
 * shape its command's type guarantees (`never` here accepts any of them).
 */
export const COMMAND_HANDLERS = {
  imagine: handleImagine,
  describe: handleDescribe,
  "Describe image": handleDescribeMessage,
  usage: handleUsage,
  settings: handleSettings,
} satisfies Record<CommandName, CommandHandler<never>>;

export function findHandler(name: string): CommandHandler | undefined {
  return Object.hasOwn(COMMAND_HANDLERS, name)
    ? (COMMAND_HANDLERS[name as CommandName] as CommandHandler<APIApplicationCommandInteraction>)
    : undefined;
}

/** The handler for a custom_id and the part of the id after its prefix; result buttons otherwise. */
export function findComponentHandler(customId: string): [ComponentHandler, string] {
  if (customId.startsWith(CANCEL_PREFIX)) return [handleCancel, customId.slice(CANCEL_PREFIX.length)];
  return [handleAction, customId];
}

export const MODAL_HANDLERS: Record<string, ModalHandler> = { edit: handleEditSubmit };

/** The handler for a form's custom_id ("edit:<job id>"). */
export function findModalHandler(customId: string): ModalHandler | undefined {
  const prefix = customId.split(":")[0] ?? "";
  return Object.hasOwn(MODAL_HANDLERS, prefix) ? MODAL_HANDLERS[prefix] : undefined;
}

// Maps each declared command, and each button's custom_id prefix, to its handler.
import { CANCEL_PREFIX } from "../jobs/progress.ts";
import { handleCancel } from "./cancel.ts";
import type { CommandHandler, ComponentHandler } from "./context.ts";
import type { CommandName } from "./definitions.ts";
import { handleImagine } from "./imagine.ts";

/** A missing handler for a declared command is a type error. */
export const COMMAND_HANDLERS = {
  imagine: handleImagine,
} satisfies Record<CommandName, CommandHandler>;

export function findHandler(name: string): CommandHandler | undefined {
  return Object.hasOwn(COMMAND_HANDLERS, name) ? COMMAND_HANDLERS[name as CommandName] : undefined;
}

const COMPONENT_HANDLERS: [prefix: string, handler: ComponentHandler][] = [[CANCEL_PREFIX, handleCancel]];

/** The handler for a custom_id and the part of the id after its prefix. */
export function findComponentHandler(customId: string): [ComponentHandler, string] | undefined {
  for (const [prefix, handler] of COMPONENT_HANDLERS) {
    if (customId.startsWith(prefix)) return [handler, customId.slice(prefix.length)];
  }
  return undefined;
}

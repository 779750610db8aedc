// Maps each declared command to its handler; a missing handler is a type error.
import type { CommandHandler } from "./context.ts";
import type { CommandName } from "./definitions.ts";
import { handleImagine } from "./imagine.ts";

export const COMMAND_HANDLERS = {
  imagine: handleImagine,
} satisfies Record<CommandName, CommandHandler>;

export function findHandler(name: string): CommandHandler | undefined {
  return Object.hasOwn(COMMAND_HANDLERS, name) ? COMMAND_HANDLERS[name as CommandName] : undefined;
}

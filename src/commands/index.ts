// Maps each declared command, each button's custom_id and each form to its handler, with the shape
// of interaction the handler reads (checked before it runs).
import type {
  APIApplicationCommandInteraction,
  APIChatInputApplicationCommandInteraction,
  APIMessageApplicationCommandInteraction,
} from "discord-api-types/v10";
import type * as z from "zod/mini";
import { handleEditSubmit } from "../actions/edit.ts";
import { handleAction } from "../actions/handlers.ts";
import { chatInputSchema, messageCommandSchema, own } from "../discord/interactions.ts";
import { CANCEL_PREFIX } from "../messages/progress.ts";
import { handleCancel } from "./cancel.ts";
import type { CommandHandler, ComponentHandler, ModalHandler } from "./context.ts";
import type { CommandName } from "./definitions.ts";
import { handleDescribe, handleDescribeMessage } from "./describe.ts";
import { handleImagine } from "./imagine.ts";
import { handleSettings } from "./settings.ts";
import { handleUsage } from "./usage.ts";

export interface Command {
  /** The interaction this command's type guarantees (a slash command, or a message menu command). */
  schema: z.ZodMiniType<APIApplicationCommandInteraction>;
  handle: CommandHandler;
}

const slash = (handle: CommandHandler<APIChatInputApplicationCommandInteraction>): Command => ({
  schema: chatInputSchema,
  handle: handle as CommandHandler,
});
const messageMenu = (handle: CommandHandler<APIMessageApplicationCommandInteraction>): Command => ({
  schema: messageCommandSchema,
  handle: handle as CommandHandler,
});

/** A missing handler for a declared command is a type error. */
export const COMMANDS_BY_NAME = {
  imagine: slash(handleImagine),
  describe: slash(handleDescribe),
  "Describe image": messageMenu(handleDescribeMessage),
  usage: slash(handleUsage),
  settings: slash(handleSettings),
} satisfies Record<CommandName, Command>;

export function findCommand(name: string): Command | undefined {
  return own<Command>(COMMANDS_BY_NAME, name);
}

/** The handler for a custom_id and the part of the id after its prefix; result buttons otherwise. */
export function findComponentHandler(customId: string): [ComponentHandler, string] {
  if (customId.startsWith(CANCEL_PREFIX)) return [handleCancel, customId.slice(CANCEL_PREFIX.length)];
  return [handleAction, customId];
}

export const MODAL_HANDLERS: Record<string, ModalHandler> = { edit: handleEditSubmit };

/** The handler for a form's custom_id ("edit:<job id>"). */
export function findModalHandler(customId: string): ModalHandler | undefined {
  return own(MODAL_HANDLERS, customId.split(":")[0] ?? "");
}

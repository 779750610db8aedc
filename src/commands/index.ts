// Maps each declared command to its handler, with the shape of interaction the handler reads (checked
// before it runs). Buttons, menus and forms are routed by actions/index.ts.
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.
import type {
  APIApplicationCommandInteraction,
  APIChatInputApplicationCommandInteraction,
  APIMessageApplicationCommandInteraction,
} from "discord-api-types/v10";
import type * as z from "zod/mini";
import { interactionSchemas, own } from "../discord/shapes.ts";
import type { CommandHandler } from "../interactions/context.ts";
import type { CommandName } from "./definitions.ts";
import { handleDescribe, handleDescribeMessage } from "./describe.ts";
import { handleImagine } from "./imagine.ts";
import { handlePrefer } from "./prefer.ts";
import { handleSettings } from "./settings.ts";
import { handleUsage } from "./usage.ts";

export interface Command {
  /** The interaction this command's type guarantees (a slash command, or a message menu command). */
  schema(): z.ZodMiniType<APIApplicationCommandInteraction>;
  handle: CommandHandler;
}

const slash = (handle: CommandHandler<APIChatInputApplicationCommandInteraction>): Command => ({
  schema: () => interactionSchemas().chatInput,
  handle: handle as CommandHandler,
});
const messageMenu = (handle: CommandHandler<APIMessageApplicationCommandInteraction>): Command => ({
  schema: () => interactionSchemas().messageCommand,
  handle: handle as CommandHandler,
});

/** A missing handler for a declared command is a type error. */
export const COMMANDS_BY_NAME = {
  imagine: slash(handleImagine),
  describe: slash(handleDescribe),
  "Describe image": messageMenu(handleDescribeMessage),
  usage: slash(handleUsage),
  settings: slash(handleSettings),
  prefer: slash(handlePrefer),
} satisfies Record<CommandName, Command>;

export function findCommand(name: string): Command | undefined {
  return own<Command>(COMMANDS_BY_NAME, name);
}

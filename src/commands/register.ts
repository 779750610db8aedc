// Bulk-overwrites the application's commands with COMMANDS, globally or in one guild.
// Docs: https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.
import * as z from "zod/mini";
import type { RegisterConfig } from "../config.ts";
import { COMMAND } from "../discord/numbers.ts";
import { USER_AGENT } from "../version.ts";
import { COMMANDS } from "./definitions.ts";

export interface RegisterResult {
  scope: "global" | "guild";
  url: string;
  names: string[];
  /** How people reach each command: "/imagine", "Apps › Describe image". */
  labels: string[];
  /** The install types the commands were registered for (0 = server, 1 = user); unset for a guild. */
  installs?: number[];
}

export class RegisterError extends Error {
  readonly status: number;
  constructor(status: number, detail: string) {
    super(`Discord refused the commands (HTTP ${status}): ${detail}`);
    this.name = "RegisterError";
    this.status = status;
  }
}

const SERVER_INSTALL = 0;
const USER_INSTALL = 1;
/** Group DMs: a command can be used there only by a user-installed app. */
const PRIVATE_CHANNEL = 2;

/**
 * The commands for one guild (no install types or contexts: those are for global commands only), or
 * globally for the install types the application enables in the Developer Portal (`installs`).
 */
export function commandsForScope(guildId: string | undefined, installs?: readonly number[]) {
  if (guildId) return COMMANDS.map(({ integration_types: _i, contexts: _c, ...command }) => command);
  if (!installs) return COMMANDS;
  return COMMANDS.map((command) => ({
    ...command,
    integration_types: command.integration_types.filter((t) => installs.includes(t)),
    contexts: installs.includes(USER_INSTALL)
      ? command.contexts
      : command.contexts.filter((c) => c !== PRIVATE_CHANNEL),
  }));
}

const applicationSchema = z.looseObject({
  integration_types_config: z.optional(z.record(z.string(), z.unknown())),
});

/**
 * The install types enabled on the Developer Portal's Installation page (GET /applications/@me):
 * commands that name another are refused. Undefined when Discord doesn't say.
 * Docs: https://discord.com/developers/docs/resources/application#get-current-application
 */
async function enabledInstalls(config: RegisterConfig, fetchFn: typeof fetch): Promise<number[] | undefined> {
  const response = await fetchFn(`${config.DISCORD_API_BASE}/applications/@me`, {
    headers: { Authorization: `Bot ${config.DISCORD_TOKEN}`, "User-Agent": USER_AGENT },
  }).catch(() => undefined);
  if (!response?.ok) return undefined;
  const application = applicationSchema.safeParse(await response.json().catch(() => undefined));
  const types = Object.keys(application.success ? (application.data.integration_types_config ?? {}) : {})
    .map(Number)
    .filter((t) => t === SERVER_INSTALL || t === USER_INSTALL);
  return types.length > 0 ? types : undefined;
}

export async function registerCommands(
  config: RegisterConfig,
  fetchFn: typeof fetch,
): Promise<RegisterResult> {
  const guildId = config.DISCORD_GUILD_ID;
  const installs = guildId ? undefined : await enabledInstalls(config, fetchFn);
  const path = guildId
    ? `/applications/${config.DISCORD_APPLICATION_ID}/guilds/${guildId}/commands`
    : `/applications/${config.DISCORD_APPLICATION_ID}/commands`;
  const url = `${config.DISCORD_API_BASE}${path}`;
  const response = await fetchFn(url, {
    method: "PUT",
    headers: {
      Authorization: `Bot ${config.DISCORD_TOKEN}`,
      "Content-Type": "application/json",
      "User-Agent": USER_AGENT,
    },
    body: JSON.stringify(commandsForScope(guildId, installs)),
  });
  const text = await response.text();
  if (!response.ok) throw new RegisterError(response.status, text.slice(0, 2000) || response.statusText);
  return {
    scope: guildId ? "guild" : "global",
    url,
    names: COMMANDS.map((c) => c.name),
    // A message command is reached from a message's Apps menu, not typed.
    labels: COMMANDS.map((c) => (c.type === COMMAND.MESSAGE ? `Apps › ${c.name}` : `/${c.name}`)),
    ...(installs ? { installs } : {}),
  };
}

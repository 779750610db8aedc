// Bulk-overwrites the application's commands with COMMANDS, globally or in one guild.
// Docs: https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
import type { RegisterConfig } from "../config.ts";
import { USER_AGENT } from "../version.ts";
import { COMMANDS } from "./definitions.ts";

export interface RegisterResult {
  scope: "global" | "guild";
  url: string;
  names: string[];
}

export class RegisterError extends Error {
  readonly status: number;
  constructor(status: number, detail: string) {
    super(`Discord refused the commands (HTTP ${status}): ${detail}`);
    this.name = "RegisterError";
    this.status = status;
  }
}

export function commandsForScope(guildId: string | undefined) {
  if (!guildId) return COMMANDS;
  // integration_types and contexts apply only to global commands.
  return COMMANDS.map(({ integration_types: _i, contexts: _c, ...command }) => command);
}

export async function registerCommands(
  config: RegisterConfig,
  fetchFn: typeof fetch,
): Promise<RegisterResult> {
  const guildId = config.DISCORD_GUILD_ID;
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
    body: JSON.stringify(commandsForScope(guildId)),
  });
  const text = await response.text();
  if (!response.ok) throw new RegisterError(response.status, text.slice(0, 2000) || response.statusText);
  return { scope: guildId ? "guild" : "global", url, names: COMMANDS.map((c) => c.name) };
}

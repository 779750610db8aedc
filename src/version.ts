// Identity used in the User-Agent Discord requires and on the status page (kept equal to package.json by a test).
// Layer 0 (version.ts): imports nothing of the bot's.
export const PROJECT = {
  name: "ideogram-imagine-bot",
  version: "0.1.0",
  url: "https://github.com/ideogram-imagine-bot/ideogram-imagine-bot",
} as const;

/** Discord requires `DiscordBot ($url, $versionNumber)`. Docs: https://discord.com/developers/docs/reference#user-agent */
export const USER_AGENT = `DiscordBot (${PROJECT.url}, ${PROJECT.version})`;

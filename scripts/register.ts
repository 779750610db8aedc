// `npm run register`: uploads the bot's slash commands to Discord.
// Reads DISCORD_TOKEN, DISCORD_APPLICATION_ID, optional DISCORD_GUILD_ID and DISCORD_API_BASE
// from the environment, falling back to .dev.vars.
import { existsSync } from "node:fs";
import { RegisterError, registerCommands } from "../src/commands/register.ts";
import { describeProblems, loadRegisterConfig } from "../src/config.ts";

// Values already in the environment win over .dev.vars.
if (existsSync(".dev.vars")) process.loadEnvFile(".dev.vars");

const config = loadRegisterConfig(process.env);
if (!config.ok) {
  console.error(`Cannot register commands: ${describeProblems(config.problems)}.`);
  console.error("Set them in the environment or in .dev.vars (see .dev.vars.example).");
  process.exit(1);
}

try {
  const result = await registerCommands(config.config, fetch);
  const where =
    result.scope === "guild" ? `in guild ${config.config.DISCORD_GUILD_ID} (available at once)` : "globally";
  console.log(`Registered ${result.labels.join(", ")} ${where}.`);
  if (result.installs && !result.installs.includes(1)) {
    console.log(
      "They work in servers that add the bot. User Install is off on the Developer Portal's Installation page: turn it on, then run this again, to use them in DMs and anywhere.",
    );
  }
  if (result.scope === "global")
    console.log("Global commands can take a few minutes to appear in Discord clients.");
} catch (error) {
  if (error instanceof RegisterError) {
    console.error(error.message);
    if (error.status === 401)
      console.error("Check DISCORD_TOKEN: it must be the bot token from the Developer Portal's Bot page.");
    if (error.status === 403 || error.status === 404) {
      console.error(
        "Check DISCORD_APPLICATION_ID, and DISCORD_GUILD_ID if set (the app must be installed in that server).",
      );
    }
  } else {
    console.error(`Could not reach Discord: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
}

// npm start: with no Discord application configured, the playground (the real Worker, a page to
// drive it, local emulators); with one configured, just `wrangler dev` — unless PLAYGROUND=1.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { launchPlayground } from "../playground/launch.ts";

/** KEY=VALUE lines of .dev.vars (what wrangler dev reads), without comments or quotes. */
function readDevVars(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return Object.fromEntries(
    readFileSync(path, "utf8")
      .split("\n")
      .map((line) => /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line))
      .flatMap((m) => (m?.[1] && m[2] ? [[m[1], m[2].replace(/^(['"])(.*)\1$/, "$2")]] : [])),
  );
}

const settings = { ...readDevVars(".dev.vars"), ...process.env };
const port = Number(settings.PORT ?? 8787);

if (settings.DISCORD_PUBLIC_KEY && settings.PLAYGROUND !== "1") {
  // A configured bot: the plain Worker, as Discord will reach it. The playground stays off.
  console.log(
    "DISCORD_PUBLIC_KEY is set: starting the Worker without the playground (PLAYGROUND=1 forces it).",
  );
  const child = spawn("npx", ["wrangler", "dev", "--port", String(port)], { stdio: "inherit" });
  child.on("exit", (code) => process.exit(code ?? 0));
} else {
  const logFile = ".wrangler/playground-worker.log";
  const launched = await launchPlayground({
    port,
    ideogramApiKey: settings.IDEOGRAM_API_KEY || undefined,
    logFile,
  });
  const source = settings.IDEOGRAM_API_KEY
    ? "the real Ideogram API (billed to IDEOGRAM_API_KEY)"
    : "a local emulator (placeholder images)";
  console.log(
    `\n  /imagine playground: ${launched.playground.url}\n\n  Images: ${source}. Worker log: ${logFile}. Ctrl+C to stop.\n`,
  );
  const stop = async () => {
    await launched.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

// npm run dev (and npm start once a Discord application is configured): the Worker under `wrangler
// dev`, configured by .dev.vars and the environment, every value passed in a 0600 file (never on a
// command line). Optional variables .dev.vars sets (WEBHOOK_SECRET, DEFAULT_MODEL, PUBLIC_URL…) run
// too: startWranglerDev declares them in a copy of the configuration.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startWranglerDev, type WranglerDev } from "../playground/wrangler-dev.ts";
import { configVariables } from "../src/config.ts";

/** KEY=VALUE lines of .dev.vars, without comments or quotes. */
export function readDevVars(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return Object.fromEntries(
    readFileSync(path, "utf8")
      .split("\n")
      .map((line) => /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line))
      .flatMap((m) => (m?.[1] && m[2] ? [[m[1], m[2].replace(/^(['"])(.*)\1$/, "$2")]] : [])),
  );
}

/** The Worker's variables from .dev.vars and the environment (the environment wins). */
export function devSettings(): Record<string, string> {
  const all: Record<string, string | undefined> = { ...readDevVars(".dev.vars"), ...process.env };
  return Object.fromEntries(configVariables().flatMap((name) => (all[name] ? [[name, all[name]]] : [])));
}

/** Starts the Worker as `npm run dev` does; it stops on `stop()`. */
export async function startDev(port: number): Promise<WranglerDev> {
  return startWranglerDev({
    port,
    vars: devSettings(),
    persistTo: resolve(".wrangler/state"),
    log: process.stdout,
  });
}

/**
 * Runs the Worker until this process ends: a signal (Ctrl+C, a closed terminal, `kill`) stops
 * wrangler and its workerd processes with it (their own process group), and so does their exit.
 */
export async function runDev(port: number): Promise<void> {
  let worker: WranglerDev | undefined;
  let stopping = false;
  // Listened for before wrangler starts: a signal while it starts stops it once it is up.
  const stop = async () => {
    stopping = true;
    if (!worker) return;
    await worker.stop();
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop());
  try {
    worker = await startDev(port);
  } catch (error) {
    console.error(`The Worker could not start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  if (stopping) return stop();
  console.log(
    `\n  The Worker: ${worker.url} (Discord's Interactions Endpoint is its /interactions). Ctrl+C to stop.\n`,
  );
  worker.process.on("exit", (code) => process.exit(code ?? 0));
}

// Run as a script (not imported by start.ts); the path compared as Node resolved it (symlinks followed).
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runDev(Number(process.env.PORT ?? 8787));
}

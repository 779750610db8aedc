// Starts the playground: the page and emulators, then the real Worker (`wrangler dev`) pointed at
// them, with a development key pair made for this run. Used by `npm start` and the browser test.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { freePort } from "./http.ts";
import { generateDevKeys, PLAYGROUND_APPLICATION_ID, type Playground, startPlayground } from "./server.ts";

export interface LaunchOptions {
  port: number;
  /** A real Ideogram key: the emulator stays off and Ideogram is called (and bills). */
  ideogramApiKey?: string | undefined;
  /** Where wrangler's own output goes. */
  logFile: string;
  ideogramLatencyMs?: number;
  /** Where wrangler keeps local state (Durable Object, R2); default .wrangler/state. */
  persistTo?: string;
}

export interface Launched {
  playground: Playground;
  worker: ChildProcess;
  stop(): Promise<void>;
}

export async function launchPlayground(options: LaunchOptions): Promise<Launched> {
  const keys = generateDevKeys();
  const realIdeogram = Boolean(options.ideogramApiKey);
  const playground = await startPlayground({
    port: options.port,
    keys,
    realIdeogram,
    ...(options.ideogramLatencyMs === undefined ? {} : { ideogramLatencyMs: options.ideogramLatencyMs }),
  });
  const workerPort = await freePort();
  const vars: Record<string, string> = {
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: PLAYGROUND_APPLICATION_ID,
    DISCORD_API_BASE: `${playground.url}/api/v10`,
    IDEOGRAM_API_KEY: options.ideogramApiKey ?? "playground-emulator",
    ...(realIdeogram ? {} : { IDEOGRAM_API_BASE: `${playground.url}/ideogram` }),
  };
  mkdirSync(".wrangler", { recursive: true });
  const log = createWriteStream(options.logFile, { flags: "a" });
  const worker = spawn(
    process.platform === "win32" ? "npx.cmd" : "npx",
    [
      "wrangler",
      "dev",
      ...["--port", String(workerPort), "--ip", "127.0.0.1"],
      ...(options.persistTo ? ["--persist-to", options.persistTo] : []),
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
    {
      detached: process.platform !== "win32",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  );
  worker.stdout?.pipe(log);
  worker.stderr?.pipe(log);
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  await waitUntilUp(workerUrl, worker, options.logFile);
  playground.setWorkerUrl(workerUrl);
  return {
    playground,
    worker,
    async stop() {
      if (worker.exitCode === null && worker.pid) {
        const exited = new Promise((resolve) => worker.once("exit", resolve));
        try {
          process.kill(process.platform === "win32" ? worker.pid : -worker.pid, "SIGTERM");
        } catch {
          worker.kill("SIGTERM");
        }
        await exited;
      }
      await playground.close();
      log.end();
    },
  };
}

async function waitUntilUp(url: string, worker: ChildProcess, logFile: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (worker.exitCode !== null) throw new Error(`wrangler dev exited (${worker.exitCode}); see ${logFile}`);
    const up = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the Worker did not start within 60 s; see ${logFile}`);
}

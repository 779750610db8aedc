// Starts the playground: the page and emulators, then the real Worker (`wrangler dev`) pointed at
// them, with a development key pair made for this run. Used by `npm start` and the browser test.
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { freePort } from "./http.ts";
import {
  generateDevKeys,
  PLAYGROUND_APPLICATION_ID,
  PLAYGROUND_BOT_TOKEN,
  type Playground,
  startPlayground,
} from "./server.ts";
import { startWranglerDev, type WranglerDev } from "./wrangler-dev.ts";

export interface LaunchOptions {
  port: number;
  /** A real Ideogram key: the emulator stays off and Ideogram is called (and bills). */
  ideogramApiKey?: string | undefined;
  /** Where wrangler's own output goes. */
  logFile: string;
  /** How long the emulator takes per request at first (the page can change it). */
  ideogramLatencyMs?: number;
  /**
   * Where wrangler keeps local state (Durable Object, R2). By default a fresh folder per run,
   * removed at the end: the channel starts empty each run, and so do the day's counts.
   */
  persistTo?: string;
}

export interface Launched {
  playground: Playground;
  worker: WranglerDev;
  stop(): Promise<void>;
}

/**
 * With the emulator nothing is billed, so the daily limits are set far out of the way; with a real
 * key the bot's own defaults stay, because they protect the key's owner (the page shows the count).
 */
const EMULATOR_LIMITS = { USER_DAILY_IMAGES: "10000", GUILD_DAILY_IMAGES: "100000" };

export async function launchPlayground(options: LaunchOptions): Promise<Launched> {
  const keys = generateDevKeys();
  const realIdeogram = Boolean(options.ideogramApiKey);
  const playground = await startPlayground({
    port: options.port,
    keys,
    realIdeogram,
    ...(options.ideogramLatencyMs === undefined ? {} : { ideogramLatencyMs: options.ideogramLatencyMs }),
  });
  const state = options.persistTo ?? mkdtempSync(join(tmpdir(), "imagine-playground-"));
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: "a" });
  let worker: WranglerDev;
  const workerPort = await freePort();
  try {
    worker = await startWranglerDev({
      port: workerPort,
      persistTo: state,
      log,
      vars: {
        DISCORD_PUBLIC_KEY: keys.publicKeyHex,
        DISCORD_APPLICATION_ID: PLAYGROUND_APPLICATION_ID,
        // Jobs in the page's channel may outlive their token (the page can expire tokens to show it).
        DISCORD_BOT_TOKEN: PLAYGROUND_BOT_TOKEN,
        DISCORD_API_BASE: `${playground.url}/api/v10`,
        IDEOGRAM_API_KEY: options.ideogramApiKey ?? "playground-emulator",
        // A prompt may link to an image the playground shows (its own origin); public https links work too.
        PROMPT_URL_ALLOW_ORIGINS: playground.url,
        // The emulator posts its signed webhooks to the Worker; the real Ideogram can't reach this
        // machine, so with a real key each generation is read instead.
        ...(realIdeogram
          ? {}
          : {
              IDEOGRAM_API_BASE: `${playground.url}/ideogram`,
              PUBLIC_URL: `http://127.0.0.1:${workerPort}`,
              ...EMULATOR_LIMITS,
            }),
      },
    });
  } catch (error) {
    await playground.close();
    log.end();
    throw new Error(`${error instanceof Error ? error.message : error}; see ${options.logFile}`);
  }
  playground.setWorkerUrl(worker.url);
  return {
    playground,
    worker,
    async stop() {
      await worker.stop();
      await playground.close();
      log.end();
      if (!options.persistTo) rmSync(state, { recursive: true, force: true });
    },
  };
}

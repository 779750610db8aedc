// npm start: with no Discord application configured, the playground (the real Worker, a page to
// drive it, local emulators); with one configured, just `wrangler dev` — unless PLAYGROUND=1.
import { createServer } from "node:net";
import { type Launched, launchPlayground } from "../playground/launch.ts";
import { readDevVars, runDev } from "./dev.ts";

/** True if nothing listens on 127.0.0.1:`port` yet. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once("error", () => resolve(false))
      .once("listening", () => probe.close(() => resolve(true)))
      .listen(port, "127.0.0.1");
  });
}

const settings = { ...readDevVars(".dev.vars"), ...process.env };
const port = Number(settings.PORT ?? 8787);
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

if (!(await portIsFree(port))) {
  console.error(`port ${port} is in use; try PORT=${port === 9000 ? 9001 : 9000} npm start`);
  process.exit(1);
}

if (settings.DISCORD_PUBLIC_KEY && settings.PLAYGROUND !== "1") {
  // A configured bot: the plain Worker, as Discord will reach it, with the operator's .dev.vars.
  console.log(
    "DISCORD_PUBLIC_KEY is set: starting the Worker without the playground (PLAYGROUND=1 forces it).",
  );
  // As `npm run dev`: its own process group, a 0600 configuration file (scripts/dev.ts).
  await runDev(port);
} else {
  const logFile = ".wrangler/playground-worker.log";
  // Listened for before anything starts: a signal during the launch stops what it started once it
  // is up, so no moment leaves wrangler or workerd behind (or ends this process by the signal).
  let launched: Launched | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // During the launch: it is stopped as soon as it is up (below).
    if (!launched) return;
    await launched.stop();
    process.exit(0);
  };
  for (const signal of SIGNALS) {
    process.on(signal, () =>
      stop().catch((error: unknown) => {
        console.error(`The playground did not stop cleanly: ${error}`);
        process.exit(1);
      }),
    );
  }
  try {
    launched = await launchPlayground({
      port,
      ideogramApiKey: settings.IDEOGRAM_API_KEY || undefined,
      logFile,
    });
  } catch (error) {
    console.error(`The playground could not start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  if (stopping) {
    await launched.stop();
    process.exit(0);
  }

  const source = settings.IDEOGRAM_API_KEY
    ? "THE REAL IDEOGRAM API: every image is billed to your IDEOGRAM_API_KEY (unset it for the free emulator)"
    : "a local emulator (placeholder images, nothing billed)";
  console.log(
    `\n  /imagine playground: ${launched.playground.url}\n\n  Images: ${source}. Worker log: ${logFile}. Ctrl+C to stop.\n`,
  );
  // Whatever else ends this process, wrangler and workerd (their own process group) end with it.
  const worker = launched.worker.process;
  process.on("exit", () => {
    if (worker.pid && worker.exitCode === null && worker.signalCode === null) {
      try {
        process.kill(-worker.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  });
}

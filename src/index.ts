// Worker entry point: wires the app to the real network, clock and log.
import { createApp } from "./app.ts";
import { systemClock } from "./http/retry.ts";
import { createLogger } from "./log.ts";

const app = createApp({
  // Bound lazily so the runtime's own fetch is used with its global receiver.
  fetch: (input, init) => fetch(input, init),
  clock: systemClock,
  log: createLogger(),
});

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;

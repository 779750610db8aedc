// Worker entry point: wires the app to the real clock and log, and exports the scheduler object and
// the Workflow that runs jobs.
// Layer 10 (index.ts): imports only layers 0–9.
import { createApp } from "./app.ts";
import { systemClock } from "./http/retry.ts";
import { createLogger } from "./log.ts";

export { JobRun } from "./pipeline/workflow.ts";
export { JobScheduler } from "./scheduler/object.ts";

const app = createApp({ clock: systemClock, log: createLogger() });

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;

// How a job's run starts outside the scheduler object: as a Cloudflare Workflow instance, one per
// run, so image bytes never pass through the one object that coordinates everything, and runs
// scale out. Why Workflows rather than a Queue: `wrangler dev` hands a Queue's messages to its
// consumer one batch at a time (measured: 10 messages of 2 s each ran one after another), which
// would leave Ideogram's places idle; Workflow instances run side by side there as in production,
// and an instance outlives a restart of the scheduler object. Neither survives a local restart of
// the whole runtime; the coordinator's leases (leases.ts) cover that, whatever runs the job.
// Docs: https://developers.cloudflare.com/workflows/
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { loadConfig } from "../config.ts";
import { systemClock } from "../http/retry.ts";
import { createLogger } from "../log.ts";
import type { JobRef } from "../pipeline/job.ts";
import { ResultStore } from "../pipeline/results.ts";
import { runJob } from "../pipeline/run-job.ts";
import type { Dispatch } from "./coordinator.ts";
import { schedulerStub } from "./scheduler-object.ts";

/** Starts a run as a Workflow instance named after it (so a repeated dispatch can't start it twice). */
export const dispatchToWorkflow =
  (env: Env): Dispatch =>
  async (ref) => {
    await env.JOB_RUNS.create({ id: `${ref.jobId}-${ref.attempt}`, params: ref });
  };

/** One run of one job. The step is not retried: a run the coordinator loses is its to redo. */
export class JobRun extends WorkflowEntrypoint<Env, JobRef> {
  override async run(event: WorkflowEvent<JobRef>, step: WorkflowStep): Promise<void> {
    await step.do("run", { retries: { limit: 0, delay: 0 }, timeout: "20 minutes" }, async () => {
      const config = loadConfig(this.env);
      if (!config.ok) throw new Error("configuration invalid");
      await runJob(event.payload, schedulerStub(this.env), {
        config: config.config,
        fetch: (input, init) => fetch(input, init),
        clock: systemClock,
        log: createLogger([config.config.IDEOGRAM_API_KEY], { component: "run" }),
        results: new ResultStore(this.env.IMAGES, config.config.IMAGE_RETENTION_DAYS),
      });
    });
  }
}

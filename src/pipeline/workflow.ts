// How a job's run starts outside the scheduler object: as a Cloudflare Workflow instance, one per
// run, so image bytes never pass through the one object that coordinates everything, and runs
// scale out. Why Workflows rather than a Queue: `wrangler dev` hands a Queue's messages to its
// consumer one batch at a time (measured: 10 messages of 2 s each ran one after another), which
// would leave Ideogram's places idle; Workflow instances run side by side there as in production,
// and an instance outlives a restart of the scheduler object. Neither survives a local restart of
// the whole runtime; the coordinator's leases (leases.ts) cover that, whatever runs the job.
// Docs: https://developers.cloudflare.com/workflows/
// Layer 5 (pipeline/): imports only layers 0–4, never queue/, region/.
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { schedulerStub } from "../bindings.ts";
import { loadConfig, secretsOf } from "../config.ts";
import { type Attempt, retrying, systemClock } from "../http/retry.ts";
import type { EndpointNotice, PriceQuote } from "../ideogram/client.ts";
import type { Priced, RunnerHost, Stage, Submission } from "../jobs/contract.ts";
import type { Generated, JobOutcome, JobRef } from "../jobs/job.ts";
import { ResultStore } from "../jobs/results.ts";
import { createLogger } from "../log.ts";
import { runJob } from "./run-job.ts";

/**
 * The scheduler object as a run's host, over RPC. A stub breaks when the object restarts (a deploy,
 * an eviction) while the run goes on: each call gets a fresh stub and is tried again for a few
 * seconds. Every host call is safe to repeat.
 */
export function schedulerHost(env: Env, clock = systemClock): RunnerHost {
  const call =
    <A extends unknown[], R>(method: (stub: ReturnType<typeof schedulerStub>, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const called = await retrying(
        { clock, attempts: HOST_ATTEMPTS, baseMs: 250, capMs: 4_000 },
        async (): Promise<Attempt<R, unknown>> => {
          try {
            return { ok: true, value: await method(schedulerStub(env), ...args) };
          } catch (error) {
            return { ok: false, fault: error };
          }
        },
      );
      if (!called.ok) throw called.fault;
      return called.value;
    };
  return {
    claim: call((stub, ref: JobRef) => stub.claim(ref)),
    checkpoint: call((stub, ref: JobRef, stage: Stage) => stub.checkpoint(ref, stage)),
    renew: call((stub, ref: JobRef) => stub.renew(ref)),
    priced: call((stub, ref: JobRef, quote: PriceQuote): Promise<Priced> => stub.priced(ref, quote)),
    generated: call((stub, ref: JobRef, answer: Generated | undefined, take: boolean) =>
      stub.generated(ref, answer, take),
    ),
    submitted: call((stub, ref: JobRef, submission: Submission, notices: readonly EndpointNotice[]) =>
      stub.submitted(ref, submission, notices),
    ),
    finished: call((stub, ref: JobRef, outcome: JobOutcome) => stub.finished(ref, outcome)),
  };
}

/** About ten seconds of trying: longer than an object takes to start again. */
const HOST_ATTEMPTS = 6;

/**
 * One run of one job (and any handed over to it). The step is not retried: a run the coordinator
 * loses is its to redo. Its timeout leaves room for a chain started near the end of CHAIN_MS.
 */
export class JobRun extends WorkflowEntrypoint<Env, JobRef> {
  override async run(event: WorkflowEvent<JobRef>, step: WorkflowStep): Promise<void> {
    await step.do("run", { retries: { limit: 0, delay: 0 }, timeout: "20 minutes" }, async () => {
      const config = loadConfig(this.env);
      if (!config.ok) throw new Error("configuration invalid");
      await runJob(event.payload, schedulerHost(this.env), {
        config: config.config,
        fetch: (input, init) => fetch(input, init),
        clock: systemClock,
        log: createLogger(secretsOf(config.config), { component: "run" }),
        results: new ResultStore(this.env.IMAGES, config.config.IMAGE_RETENTION_DAYS),
      });
    });
  }
}

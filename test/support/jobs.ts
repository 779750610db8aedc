// Builds jobs and runner dependencies for runJob tests, and a host that hands one job to one run.
import { env } from "cloudflare:workers";
import type { Config } from "../../src/config.ts";
import type { Priced, RunnerHost, Stage, Submission } from "../../src/jobs/contract.ts";
import type { Generated, Job, JobOutcome, JobRef } from "../../src/jobs/job.ts";
import { ResultStore } from "../../src/jobs/results.ts";
import { createLogger } from "../../src/log.ts";
import { type RunnerDeps, runJob } from "../../src/pipeline/run-job.ts";
import { LEASE_MS } from "../../src/queue/leases.ts";
import type { FakeClock } from "./clock.ts";
import type { FakeNetwork } from "./fake-network.ts";
import { APPLICATION_ID, INTERACTION_TOKEN, USER_ID } from "./interactions.ts";

export const TEST_CONFIG: RunnerDeps["config"] = {
  IDEOGRAM_API_KEY: "test-ideogram-key-0123456789",
  IDEOGRAM_API_BASE: "https://api.ideogram.ai",
  IDEOGRAM_TIMEOUT_MS: 120_000,
  DISCORD_API_BASE: "https://discord.com/api/v10",
  RUN_LEASE_MS: LEASE_MS,
} satisfies Partial<Config>;

let jobs = 0;

export function makeJob(clock: FakeClock, overrides: Partial<Job> = {}): Job {
  const id = `13000000000000${String(++jobs).padStart(5, "0")}`;
  return {
    kind: "generate",
    id,
    interactionId: id,
    applicationId: APPLICATION_ID,
    token: INTERACTION_TOKEN,
    request: { prompt: "a lighthouse" },
    user: { id: USER_ID, name: "Ada" },
    attachmentSizeLimit: 10 * 1024 * 1024,
    receivedAt: clock.now(),
    ...overrides,
  } as Job;
}

export function makeDeps(network: FakeNetwork, clock: FakeClock, logs: string[] = []): RunnerDeps {
  return {
    config: TEST_CONFIG,
    fetch: network.fetch,
    clock,
    log: createLogger([TEST_CONFIG.IDEOGRAM_API_KEY], {}, (line) => logs.push(line)),
    results: new ResultStore(env.IMAGES, 30),
  };
}

/** What the stand-in coordinator says: an earlier Ideogram answer, and where it stops the run. */
export interface HostOptions {
  earlier?: Generated;
  stopAt?: Stage | "claim" | "generated";
}

/** A coordinator stand-in for one run: it hands out `job`, records what the run reports. */
export class OneJobHost implements RunnerHost {
  readonly reports: string[] = [];
  outcome: JobOutcome | undefined;
  generatedAnswer: Generated | undefined;
  private readonly job: Job;
  private readonly options: HostOptions;

  constructor(job: Job, options: HostOptions = {}) {
    this.job = job;
    this.options = options;
  }

  async claim() {
    this.reports.push("claim");
    if (this.options.stopAt === "claim") return undefined;
    return { job: this.job, generated: this.options.earlier };
  }
  async checkpoint(_ref: JobRef, stage: Stage) {
    this.reports.push(`checkpoint:${stage}`);
    return stage !== this.options.stopAt;
  }
  async renew() {
    return true;
  }
  async priced(): Promise<Priced> {
    this.reports.push("priced");
    return { ok: true };
  }
  async generated(_ref: JobRef, answer: Generated | undefined) {
    this.reports.push(answer ? "generated" : "generated:none");
    this.generatedAnswer = answer;
    return { proceed: this.options.stopAt !== "generated" };
  }
  /** A generation Ideogram took asynchronously (the run ends without an outcome). */
  submission: Submission | undefined;
  async submitted(_ref: JobRef, submission: Submission) {
    this.reports.push("submitted");
    this.submission = submission;
    return true;
  }
  async finished(_ref: JobRef, outcome: JobOutcome) {
    this.reports.push("finished");
    this.outcome = outcome;
  }
}

/** Runs `job` once and returns the outcome the run reported (without what was kept in R2). */
export async function runOnce(job: Job, deps: RunnerDeps, options: HostOptions = {}): Promise<JobOutcome> {
  const host = new OneJobHost(job, options);
  await runJob({ jobId: job.id, attempt: 1 }, host, deps);
  if (!host.outcome) throw new Error("the run reported no outcome");
  const { stored: _stored, ...outcome } = host.outcome;
  return outcome;
}

// The Durable Object that hosts the one Scheduler of this deployment, on SQLite storage.
import { DurableObject } from "cloudflare:workers";
import { describeProblems, loadConfig } from "../config.ts";
import { systemClock } from "../http/retry.ts";
import { createLogger } from "../log.ts";
import {
  type SubmitResult,
  submitWebhookJob,
  type WebhookSubmission,
  webhookStatus,
} from "../webhook/intake.ts";
import type { WebhookStatus } from "../webhook/report.ts";
import type { Job } from "./job.ts";
import { ResultStore } from "./results.ts";
import { type CancelResult, type EnqueueResult, Scheduler } from "./scheduler.ts";
import { JobStore } from "./store.ts";

/** Ideogram's in-flight limit is per organisation, so one scheduler per deployment is the right scope. */
export const schedulerStub = (env: Env) => env.SCHEDULER.getByName("scheduler");

export class JobScheduler extends DurableObject<Env> {
  private readonly scheduler: Scheduler;
  private readonly store: JobStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const config = loadConfig(env);
    if (!config.ok) throw new Error(`configuration invalid: ${describeProblems(config.problems)}`);
    const log = createLogger([config.config.IDEOGRAM_API_KEY], { component: "scheduler" });
    const store = new JobStore(ctx.storage.sql);
    this.store = store;
    const results = new ResultStore(
      env.IMAGES,
      config.config.IMAGE_RETENTION_DAYS,
      (jobId, keys, expiresAt) => store.keptResult(jobId, keys, expiresAt),
    );
    this.scheduler = new Scheduler({
      store,
      jobDeps: {
        config: config.config,
        fetch: (input, init) => fetch(input, init),
        clock: systemClock,
        log,
        results,
      },
      maxInflight: config.config.IDEOGRAM_MAX_INFLIGHT,
      maxPerUser: config.config.MAX_JOBS_PER_USER,
      setAlarm: (at) => {
        ctx.storage.setAlarm(at).catch((error: unknown) => log.error("set_alarm_failed", { error }));
      },
    });
    // A new instance means the previous one stopped: pick up what it was running before anything else.
    void ctx.blockConcurrencyWhile(async () => this.scheduler.recover());
  }

  enqueue(job: Job): EnqueueResult {
    return this.scheduler.enqueue(job);
  }

  cancel(jobId: string, userId: string): CancelResult {
    return this.scheduler.cancel(jobId, userId);
  }

  submitWebhook(job: Job, submission: WebhookSubmission): SubmitResult {
    return submitWebhookJob(this.scheduler, this.store, job, submission, Date.now());
  }

  webhookStatus(id: string, secretId: string): WebhookStatus | undefined {
    return webhookStatus(this.scheduler, this.store, id, secretId);
  }

  status() {
    return this.scheduler.stats();
  }

  override alarm(): void {
    this.scheduler.tick();
  }
}

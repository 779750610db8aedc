// The Durable Object that hosts the one Scheduler of this deployment, on SQLite storage.
import { DurableObject } from "cloudflare:workers";
import { describeProblems, loadConfig } from "../config.ts";
import { systemClock } from "../http/retry.ts";
import { MICROS_PER_USD } from "../ideogram/prices.ts";
import { Admission, type UsageReport } from "../limits/admission.ts";
import { UsageLedger } from "../limits/ledger.ts";
import { type GuildSettings, SettingsStore } from "../limits/settings.ts";
import { createLogger } from "../log.ts";
import type { Job } from "../pipeline/job.ts";
import { ResultStore } from "../pipeline/results.ts";
import {
  type SubmitResult,
  submitWebhookJob,
  type WebhookDeps,
  type WebhookSubmission,
  webhookStatus,
} from "../webhook/intake.ts";
import type { WebhookStatus } from "../webhook/report.ts";
import { WebhookStore } from "../webhook/store.ts";
import { type CancelResult, type EnqueueResult, Scheduler } from "./coordinator.ts";
import { JobStore } from "./store.ts";

/** Ideogram's in-flight limit is per organisation, so one scheduler per deployment is the right scope. */
export const schedulerStub = (env: Env) => env.SCHEDULER.getByName("scheduler");

export class JobScheduler extends DurableObject<Env> {
  private readonly scheduler: Scheduler;
  private readonly admission: Admission;
  private readonly webhook: WebhookDeps;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const config = loadConfig(env);
    if (!config.ok) throw new Error(`configuration invalid: ${describeProblems(config.problems)}`);
    const log = createLogger([config.config.IDEOGRAM_API_KEY], { component: "scheduler" });
    const store = new JobStore(ctx.storage.sql);
    const webhooks = new WebhookStore(ctx.storage.sql);
    const budget = config.config.DAILY_BUDGET_USD;
    this.admission = new Admission(new UsageLedger(ctx.storage.sql), new SettingsStore(ctx.storage.sql), {
      userDailyImages: config.config.USER_DAILY_IMAGES,
      guildDailyImages: config.config.GUILD_DAILY_IMAGES,
      dailyBudgetMicros: budget === undefined ? undefined : Math.round(budget * MICROS_PER_USD),
    });
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
      admission: this.admission,
      webhooks,
      setAlarm: (at) => {
        ctx.storage.setAlarm(at).catch((error: unknown) => log.error("set_alarm_failed", { error }));
      },
    });
    this.webhook = { scheduler: this.scheduler, jobs: store, webhooks };
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
    return submitWebhookJob(this.webhook, job, submission, Date.now());
  }

  webhookStatus(id: string, secretId: string): WebhookStatus | undefined {
    return webhookStatus(this.webhook, id, secretId);
  }

  usage(userId: string, guildId: string | undefined): UsageReport {
    return this.admission.usage(userId, guildId, Date.now());
  }

  guildSettings(guildId: string): GuildSettings {
    return this.admission.guildSettings(guildId);
  }

  saveGuildSettings(guildId: string, settings: GuildSettings): void {
    this.admission.saveGuildSettings(guildId, settings, Date.now());
  }

  status() {
    return this.scheduler.stats();
  }

  override alarm(): void {
    this.scheduler.tick();
  }
}

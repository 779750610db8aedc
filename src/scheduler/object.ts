// The Durable Object that hosts this deployment's one Coordinator, on SQLite storage: the Worker's
// requests (enqueue, cancel, usage, settings, webhook intake) and the runs' reports arrive here.
// Layer 7 (scheduler/): imports only layers 0–6, never commands/, actions/.

import { DurableObject } from "cloudflare:workers";
import { dispatchToWorkflow } from "../bindings.ts";
import { describeProblems, loadConfig, secretsOf } from "../config.ts";
import { systemClock } from "../http/retry.ts";
import type { EndpointNotice, PriceQuote } from "../ideogram/client.ts";
import type {
  BatchClick,
  BatchConfirmed,
  BatchDeclined,
  BatchProposal,
  BatchProposed,
  CancelResult,
  Claimed,
  EnqueueResult,
  Handover,
  Priced,
  RegionOpened,
  RunnerHost,
  Stage,
  Submission,
} from "../jobs/contract.ts";
import type { Generated, Job, JobOutcome, JobRef, ToolWork } from "../jobs/job.ts";
import type { Admission, UsageReport } from "../limits/admission.ts";
import type { GuildSettings } from "../limits/guild-settings.ts";
import type { PreferenceStore, Preferences, VersionedPreferences } from "../limits/preferences.ts";
import { createLogger } from "../log.ts";
import type { Batches } from "../queue/batches.ts";
import type { Coordinator } from "../queue/coordinator.ts";
import type { RegionEdits, RegionJob, RegionLookup } from "../region/edits.ts";
import { allowedModes, EDITOR_MODES } from "../region/modes.ts";
import {
  type SubmitResult,
  submitWebhookJob,
  type WebhookDeps,
  type WebhookSubmission,
  webhookStatus,
} from "../webhook/intake.ts";
import type { WebhookStatus } from "../webhook/report.ts";
import { wireCoordinator } from "./factory.ts";

export type RegionSubmitted =
  | Exclude<RegionLookup, { status: "ok" }>
  | { status: "submitted"; result: EnqueueResult };

export class JobScheduler extends DurableObject<Env> implements RunnerHost {
  private readonly coordinator: Coordinator;
  private readonly admission: Admission;
  private readonly webhook: WebhookDeps;
  private readonly regions: RegionEdits;
  private readonly preferenceStore: PreferenceStore;
  private readonly batches: Batches;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const config = loadConfig(env);
    if (!config.ok) throw new Error(`configuration invalid: ${describeProblems(config.problems)}`);
    const log = createLogger(secretsOf(config.config), { component: "scheduler" });
    const wired = wireCoordinator({
      sql: ctx.storage.sql,
      bucket: env.IMAGES,
      config: config.config,
      fetch: (input, init) => fetch(input, init),
      clock: systemClock,
      log,
      dispatch: dispatchToWorkflow(env),
      setAlarm: (at) => {
        ctx.storage.setAlarm(at).catch((error: unknown) => log.error("set_alarm_failed", { error }));
      },
    });
    this.coordinator = wired.coordinator;
    this.admission = wired.admission;
    this.webhook = { scheduler: wired.coordinator, jobs: wired.store, webhooks: wired.webhooks };
    this.regions = wired.regions;
    this.preferenceStore = wired.preferences;
    this.batches = wired.batches;
    void ctx.blockConcurrencyWhile(async () => this.coordinator.recover());
  }

  enqueue(job: Job): EnqueueResult {
    // A prompt read with stale /prefer preferences is read again by the Worker with the current ones.
    if (job.preferencesVersion !== undefined) {
      const { version } = this.preferenceStore.get(job.user.id);
      if (version !== job.preferencesVersion) return { status: "preferences_changed", version };
    }
    return this.coordinator.enqueue(job);
  }

  /**
   * A command of several jobs (permutations, `--repeat`): checked as its Yes would queue them — each
   * rule, the daily limits for all of them together — and kept for that Yes; what they would spend.
   */
  proposeBatch(batch: BatchProposal): BatchProposed {
    const quoted = this.coordinator.quoteAll(batch.jobs);
    if (quoted.status === "proposed") this.batches.propose(batch, this.coordinator.clock.now());
    return quoted;
  }

  /** Yes: the batch's jobs become the click's (numbered ids, its token and time) and are queued together. */
  confirmBatch(id: string, click: BatchClick): BatchConfirmed {
    const taken = this.batches.take(id, click.userId, this.coordinator.clock.now());
    if (taken.status !== "ok") return { status: taken.status };
    const jobs = taken.jobs.map((job, i) => ({
      ...job,
      id: `${click.interactionId}-${i + 1}`,
      interactionId: click.interactionId,
      applicationId: click.applicationId,
      token: click.token,
      receivedAt: click.receivedAt,
      attachmentSizeLimit: click.attachmentSizeLimit,
      followUp: true as const,
    }));
    const result = this.coordinator.enqueueAll(jobs);
    if (result.status === "queued" || result.status === "duplicate")
      return { status: "started", jobs: jobs.length };
    return { status: "refused", result };
  }

  /** No: nothing of the batch starts. */
  declineBatch(id: string, userId: string): BatchDeclined {
    const taken = this.batches.take(id, userId, this.coordinator.clock.now());
    return taken.status === "ok" ? { status: "declined" } : { status: taken.status };
  }

  /** A verified Ideogram webhook event for a generation (routes/ideogram-events.ts). */
  ideogramEvent(
    generationId: string,
    event: Record<string, unknown>,
  ): { status: "new" | "duplicate" | "unknown" } {
    return this.coordinator.generationEvent(generationId, event);
  }

  cancel(jobId: string, userId: string): CancelResult {
    return this.coordinator.cancel(jobId, userId);
  }

  submitWebhook(job: Job, submission: WebhookSubmission): SubmitResult {
    return submitWebhookJob(this.webhook, job, submission, this.coordinator.clock.now());
  }

  webhookStatus(id: string, secretId: string): WebhookStatus | undefined {
    return webhookStatus(this.webhook, id, secretId);
  }

  /**
   * Vary (Region): the pending edit behind an editor link (region/edits.ts), its link's token — or,
   * when the server's rules refuse the edit already, why (nobody paints a mask for nothing).
   */
  async openRegionEdit(job: RegionJob, expiresAt: number): Promise<RegionOpened> {
    // Its tool until the page names one: the first mode the server's models allow (Remove runs on none).
    const allowed = job.guildId ? this.admission.guildSettings(job.guildId).allowedModels : undefined;
    const first = allowedModes(allowed)[0] ?? "remove";
    const prepared = this.admission.prepare({ ...job, tool: EDITOR_MODES[first].tool });
    if (!prepared.ok) return { status: "refused", message: prepared.message };
    const opened = prepared.value.job as RegionJob;
    return { status: "ok", token: await this.regions.open(opened, expiresAt, this.coordinator.clock.now()) };
  }

  findRegionEdit(token: string): Promise<RegionLookup> {
    return this.regions.find(token, this.coordinator.clock.now());
  }

  /**
   * The editor's submission: the edit is claimed once and its job queued with the mode's tool (and
   * quality), the painted mask and the prompt, its result replacing the follow-up `messageId`;
   * refused (the server's rules are checked again for the tool), the edit can be sent again.
   */
  async submitRegionEdit(
    token: string,
    change: Pick<ToolWork, "tool" | "prompt" | "speed"> & { maskKey: string; messageId: string },
  ): Promise<RegionSubmitted> {
    const claimed = await this.regions.claim(token, this.coordinator.clock.now());
    if (claimed.status !== "ok") return claimed;
    const { maskKey, messageId, ...work } = change;
    const job = { ...claimed.job, ...work, mask: { key: maskKey }, messageId };
    const result = this.coordinator.enqueue(job);
    if (result.status !== "queued") this.regions.release(job.id);
    return { status: "submitted", result };
  }

  usage(userId: string, guildId: string | undefined): UsageReport {
    return this.admission.usage(userId, guildId, this.coordinator.clock.now());
  }

  guildSettings(guildId: string): GuildSettings {
    return this.admission.guildSettings(guildId);
  }

  saveGuildSettings(guildId: string, settings: GuildSettings): void {
    this.admission.saveGuildSettings(guildId, settings, this.coordinator.clock.now());
  }

  /** A user's `/prefer` choices. */
  preferences(userId: string): VersionedPreferences {
    return this.preferenceStore.get(userId);
  }

  savePreferences(userId: string, preferences: Preferences): number {
    return this.preferenceStore.put(userId, preferences, this.coordinator.clock.now());
  }

  status() {
    return this.coordinator.status();
  }

  // The runs' reports (see jobs/contract.ts).
  claim(ref: JobRef): Promise<Claimed | undefined> {
    return this.coordinator.claim(ref);
  }

  checkpoint(ref: JobRef, stage: Stage): Promise<boolean> {
    return this.coordinator.checkpoint(ref, stage);
  }

  renew(ref: JobRef): Promise<boolean> {
    return this.coordinator.renew(ref);
  }

  priced(ref: JobRef, quote: PriceQuote): Promise<Priced> {
    return this.coordinator.priced(ref, quote);
  }

  generated(ref: JobRef, answer: Generated | undefined, take: boolean): Promise<Handover> {
    return this.coordinator.generated(ref, answer, take);
  }

  submitted(ref: JobRef, submission: Submission, notices: readonly EndpointNotice[]): Promise<boolean> {
    return this.coordinator.submitted(ref, submission, notices);
  }

  finished(ref: JobRef, outcome: JobOutcome): Promise<void> {
    return this.coordinator.finished(ref, outcome);
  }

  override alarm(): void {
    this.coordinator.tick();
  }
}

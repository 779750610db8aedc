// The job scheduler: durable queue, Ideogram in-flight gate, fair dispatch, progress, cancel, expiry.
// Plain TypeScript over a JobStore, so it runs (and is tested) inside a Durable Object.

import type { Admission, LimitRefusal } from "../limits/admission.ts";
import { MessageEditor } from "../messages/editor.ts";
import { renderCancelled, renderExpired, renderGenerating, renderQueued } from "../messages/progress.ts";
import { type Job, jobImages } from "../pipeline/job.ts";
import { type Checkpoint, type JobDeps, postMessage, runJob } from "../pipeline/run-job.ts";
import { reportOutcome } from "../webhook/report.ts";
import type { WebhookStore } from "../webhook/store.ts";
import { dispatchOrder, nextToStart } from "./fairness.ts";
import type { JobRow, JobStore } from "./store.ts";

export interface SchedulerDeps {
  store: JobStore;
  jobDeps: Omit<JobDeps, "checkpoint" | "onGenerated">;
  maxInflight: number;
  maxPerUser: number;
  /** Arms the Durable Object's alarm, which calls tick(). */
  setAlarm(at: number): void;
  /** Server rules and daily limits; without it, nothing is limited but the queue. */
  admission?: Admission;
  /** Where webhook jobs' reports are kept. */
  webhooks?: WebhookStore;
}

/** Heartbeat while work exists: keeps the object alive, moves the queue, expires, updates positions. */
export const TICK_MS = 3_000;
/** At most one progress edit per job this often. */
export const EDIT_INTERVAL_MS = 5_000;
/**
 * Progress edits wait this long, so a job that starts (or finishes) quickly never shows a state it
 * has already left, Discord gets fewer calls, and the acknowledgement never waits behind one.
 */
export const FIRST_EDIT_DELAY_MS = 1_000;
/** A job must start this soon after its interaction, leaving 5 of the token's 15 minutes to finish. */
export const LATEST_START_MS = 10 * 60_000;
/** A webhook job has no token to outlive; it may wait longer for its turn. */
export const WEBHOOK_LATEST_START_MS = 60 * 60_000;
const RETENTION_MS = 24 * 3_600_000;
const PURGE_EVERY_MS = 10 * 60_000;

export type EnqueueResult =
  /** Stored: it will get exactly one final message. */
  | { status: "queued" }
  /** The same interaction was accepted before: nothing new started. */
  | { status: "duplicate" }
  | { status: "user_limit"; limit: number }
  | { status: "too_many_images"; limit: number }
  /** A server rule refuses it; `message` says which, for the user. */
  | { status: "refused"; message: string }
  /** A daily limit has too little left for it. */
  | { status: "limited"; refusal: LimitRefusal };

export type CancelResult =
  | { status: "cancelled" }
  | { status: "not_owner"; owner: string }
  | { status: "finished" }
  | { status: "unknown" };

export class Scheduler {
  private readonly running = new Map<string, Promise<void>>();
  private readonly messages: MessageEditor;
  /** Delayed progress edits not yet due. */
  private readonly timers = new Set<object>();
  /** Per running job: cancels its delayed "Generating…" edit. */
  private readonly pendingGenerating = new Map<string, () => void>();
  private alarmAt: number | undefined;
  private purgedAt = 0;
  private readonly deps: SchedulerDeps;

  constructor(deps: SchedulerDeps) {
    this.deps = deps;
    this.messages = new MessageEditor(deps.store, deps.jobDeps);
  }

  private get store() {
    return this.deps.store;
  }

  private now() {
    return this.deps.jobDeps.clock.now();
  }

  private get log() {
    return this.deps.jobDeps.log;
  }

  /**
   * Stores the job; Discord is answered once this returns. Only the checks and the insert happen
   * in this call; the job is dispatched by a timer right after it. If the object dies first, the
   * heartbeat alarm (armed here when none is pending, and stored with the job) dispatches it.
   */
  enqueue(submitted: Job): EnqueueResult {
    const now = this.now();
    if (this.store.get(submitted.id)) return { status: "duplicate" };
    const prepared = this.deps.admission?.prepare(submitted) ?? { ok: true, value: { job: submitted } };
    if (!prepared.ok) return { status: "refused", message: prepared.message };
    const { job } = prepared.value;
    const images = jobImages(job);
    if (images > this.deps.maxInflight) return { status: "too_many_images", limit: this.deps.maxInflight };
    // Webhook callers are bounded by their own rate limit instead (WEBHOOK_RATE_PER_MINUTE).
    if (!job.channelWebhook && this.store.activeCount(job.user.id) >= this.deps.maxPerUser) {
      return { status: "user_limit", limit: this.deps.maxPerUser };
    }
    // Reserved in the same synchronous call as the insert: concurrent requests can't both take the last images.
    const reserved = this.deps.admission?.reserve(prepared.value, now) ?? { ok: true };
    if (!reserved.ok) return { status: "limited", refusal: reserved.refusal };
    const window = job.channelWebhook ? WEBHOOK_LATEST_START_MS : LATEST_START_MS;
    this.store.insert(job, images, job.receivedAt + window, now);
    this.armHeartbeat();
    setTimeout(() => this.pump(), 0);
    return { status: "queued" };
  }

  /** Only the user who asked may cancel; a cancelled job never gets a result message. */
  cancel(jobId: string, userId: string): CancelResult {
    const row = this.store.get(jobId);
    const job = this.store.job(jobId);
    if (!row || !job) return { status: "unknown" };
    if (row.user_id !== userId) return { status: "not_owner", owner: job.user.name };
    if (!this.store.transition(jobId, ["waiting", "running"], "cancelled")) return { status: "finished" };
    this.store.finish(jobId, "cancelled", "cancelled", this.now());
    // Not yet at Ideogram: nothing will be billed. A running job is settled when Ideogram answers.
    if (row.state === "waiting") this.deps.admission?.refund(jobId);
    // A job not yet at Ideogram frees its places now; one whose call is running frees them when
    // Ideogram answers, because Ideogram counts those images until then.
    this.log.info("job_cancelled", { jobId, wasRunning: row.state === "running" });
    void this.messages.edit(job, renderCancelled(job));
    this.pump();
    return { status: "cancelled" };
  }

  /** The heartbeat (Durable Object alarm): starts what fits, expires, updates positions. */
  tick(): void {
    this.alarmAt = undefined;
    const now = this.now();
    this.pump();
    this.updatePositions(now);
    if (now - this.purgedAt >= PURGE_EVERY_MS) {
      this.purgedAt = now;
      this.store.purge(now - RETENTION_MS);
      this.deps.webhooks?.purge(now - RETENTION_MS);
      this.deps.admission?.purge(now);
      this.track("purge-results", this.purgeResults(now));
    }
    this.armHeartbeat();
  }

  /**
   * At start-up: jobs a previous instance was running are run again, first. A job it was
   * delivering runs again only if its message does not show a final answer already.
   */
  recover(): void {
    const { requeued, verifying } = this.store.recoverInterrupted();
    if (requeued + verifying.length > 0)
      this.log.warn("jobs_recovered", { requeued, verifying: verifying.length });
    for (const id of verifying) this.track(`verify:${id}`, this.verify(id));
    this.pump();
    this.armHeartbeat();
  }

  private async verify(id: string): Promise<void> {
    const job = this.store.job(id);
    // A message posted through a channel webhook can't be read back: such a job runs again.
    if (job && !job.channelWebhook && (await this.messages.isFinal(job))) {
      if (this.store.transition(id, ["verifying"], "done")) {
        this.store.finish(id, "done", "delivered", this.now());
        this.log.info("job_already_delivered", { jobId: id });
      }
    } else if (this.store.requeue(id, "verifying")) {
      this.pump();
    }
  }

  /** Deletes kept results past their retention, a batch at a time. */
  private async purgeResults(now: number): Promise<void> {
    const { results } = this.deps.jobDeps;
    if (!results) return;
    const expired = this.store.expiredResults(now, 100);
    if (expired.length === 0) return;
    await results.remove(expired.flatMap((r) => r.keys));
    this.store.forgetResults(expired.map((r) => r.jobId));
    this.log.info("results_purged", { jobs: expired.length });
  }

  /** A waiting job's place in line (1 = next), or undefined if it is not waiting. */
  position(id: string): number | undefined {
    const index = dispatchOrder(this.store.waiting(), this.store.served()).findIndex((row) => row.id === id);
    return index < 0 ? undefined : index + 1;
  }

  stats() {
    return this.store.stats(this.now());
  }

  /** Settles when no job is running or about to start and no edit is pending (for tests). */
  async idle(): Promise<void> {
    for (;;) {
      const edits = this.messages.pending();
      if (this.running.size + edits.length + this.timers.size === 0) return;
      await Promise.allSettled([
        ...this.running.values(),
        ...edits,
        new Promise((resolve) => setTimeout(resolve, 0)),
      ]);
    }
  }

  /** Runs `task` after FIRST_EDIT_DELAY_MS; the timer counts as pending work for idle(). */
  private later(task: () => void): () => void {
    const key = {};
    this.timers.add(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      task();
    }, FIRST_EDIT_DELAY_MS);
    return () => {
      clearTimeout(timer);
      this.timers.delete(key);
    };
  }

  /** Starts every job that the gate and the fairness order allow. */
  private pump(): void {
    const now = this.now();
    this.expireOverdue(now);
    for (;;) {
      // Cheap exits first: with no place for even the smallest waiting job, nothing can start.
      const free = this.deps.maxInflight - this.store.inflight();
      const smallest = this.store.smallestWaiting();
      if (smallest === 0 || smallest > free) return;
      const next = nextToStart(dispatchOrder(this.store.waiting(), this.store.served()), free, now);
      if (!next) return;
      this.start(next, now);
    }
  }

  /** Keeps `work` in the set idle() waits for, under `key`. */
  private track(key: string, work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.log.error("job_crashed", { key, error }))
      .finally(() => this.running.delete(key));
    this.running.set(key, tracked);
  }

  private start(row: JobRow, now: number): void {
    this.store.start(row.id, row.user_id, now);
    const job = this.store.job(row.id);
    if (!job) return;
    this.track(
      job.id,
      this.execute(job).finally(() => {
        this.pump();
        this.armHeartbeat();
      }),
    );
  }

  private async execute(job: Job): Promise<void> {
    if (!job.channelWebhook) {
      this.pendingGenerating.set(
        job.id,
        this.later(() => {
          this.pendingGenerating.delete(job.id);
          if (this.store.get(job.id)?.state === "running")
            void this.messages.edit(job, renderGenerating(job));
        }),
      );
    }
    const outcome = await runJob(job, {
      ...this.deps.jobDeps,
      checkpoint: (stage) => this.checkpoint(job.id, stage),
      onGenerated: () => this.release(job.id),
    });
    this.release(job.id);
    this.dropGeneratingEdit(job.id);
    if (outcome.billed === false) this.deps.admission?.refund(job.id);
    else this.deps.admission?.settle(job.id);
    // A cancelled job was finished by cancel(); a job stopped because its token died was not.
    if (this.store.transition(job.id, ["running", "delivering"], "done")) {
      const status = outcome.status === "cancelled" ? "undeliverable" : outcome.status;
      this.store.finish(job.id, "done", status, this.now());
      if (job.channelWebhook) this.deps.webhooks?.report(job.id, reportOutcome(outcome));
    }
  }

  private async checkpoint(id: string, stage: Checkpoint): Promise<boolean> {
    const row = this.store.get(id);
    if (!row || row.token_dead) return false;
    if (stage !== "deliver") return row.state === "running";
    // Claiming delivery is atomic: from here on a cancel click is told the job has finished. The
    // result must land after any progress edit of the same message, never before it.
    if (!this.store.transition(id, ["running"], "delivering")) return false;
    this.dropGeneratingEdit(id);
    await this.messages.settled(id);
    return !this.store.get(id)?.token_dead;
  }

  /** Cancels a job's delayed "Generating…" edit if it has not gone yet. */
  private dropGeneratingEdit(id: string): void {
    this.pendingGenerating.get(id)?.();
    this.pendingGenerating.delete(id);
  }

  private release(id: string): void {
    if (this.store.release(id)) this.pump();
  }

  /** Ends waiting jobs that can no longer start in time, while their token still works. */
  private expireOverdue(now: number): void {
    for (const row of this.store.overdue(now)) {
      if (!this.store.transition(row.id, ["waiting"], "expired")) continue;
      this.store.finish(row.id, "expired", "expired", now);
      this.deps.admission?.refund(row.id);
      const job = this.store.job(row.id);
      this.log.warn("job_expired", { jobId: row.id, waitedMs: now - row.enqueued_at });
      if (job?.channelWebhook) this.track(`expired:${job.id}`, this.postExpired(job));
      else if (job) void this.messages.edit(job, renderExpired(job));
    }
  }

  /** Tells a webhook job's channel that it expired; its caller reads the same from its status. */
  private async postExpired(job: Job): Promise<void> {
    const error = "the queue was too long: the job could not start in time";
    this.deps.webhooks?.report(job.id, { status: "failed", error });
    const { config, fetch, clock } = this.deps.jobDeps;
    await postMessage(job, renderExpired(job), [], {
      apiBase: config.DISCORD_API_BASE,
      fetch,
      clock,
      tokenExpiresAt: Number.POSITIVE_INFINITY,
    }).catch((failure: unknown) =>
      this.log.warn("webhook_post_failed", { jobId: job.id, detail: String(failure) }),
    );
  }

  private updatePositions(now: number): void {
    const order = dispatchOrder(this.store.waiting(), this.store.served());
    order.forEach((row, i) => {
      const position = i + 1;
      if (row.token_dead || row.position === position || now - row.enqueued_at < FIRST_EDIT_DELAY_MS) return;
      if (row.edited_at !== null && now - row.edited_at < EDIT_INTERVAL_MS) return;
      const job = this.store.job(row.id);
      if (job) this.showPosition(row, job, position, now);
    });
  }

  private showPosition(row: JobRow, job: Job, position: number, now: number): void {
    this.store.shown(row.id, position, now);
    if (!job.channelWebhook) void this.messages.edit(job, renderQueued(job, position));
  }

  /** Arms the alarm for the next heartbeat, unless one is pending or there is no work. */
  private armHeartbeat(): void {
    if (this.alarmAt !== undefined) return;
    const busy = this.store.hasActive() || this.running.size > 0 || this.messages.pending().length > 0;
    if (!busy) return;
    this.alarmAt = this.now() + TICK_MS;
    this.deps.setAlarm(this.alarmAt);
  }
}

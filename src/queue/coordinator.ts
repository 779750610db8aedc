// The coordinator: intake (enqueue, cancel), the reports of runs (RunnerHost), Ideogram's in-flight
// gate with fair dispatch, and the heartbeat that drives expiry, lost runs (lost-runs.ts), places in
// line and the other notices (notices.ts) and purges. It moves no image bytes: each job runs elsewhere
// (a Workflow: pipeline/workflow.ts) and reports back here. Plain TypeScript over a JobStore, so it
// runs (and is tested) inside a Durable Object.
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.

import type { RESTPatchAPIInteractionOriginalResponseJSONBody as MessageBody } from "discord-api-types/v10";
import type { Clock } from "../http/retry.ts";
import type { EndpointNotice, GenerationRead, PriceQuote } from "../ideogram/client.ts";
import { MICROS_PER_USD } from "../ideogram/prices.ts";
import type {
  BatchProposed,
  CancelResult,
  Claimed,
  Dispatch,
  EnqueueResult,
  Handover,
  JobReports,
  Priced,
  RunnerHost,
  Stage,
  Submission,
} from "../jobs/contract.ts";
import { type DiscordAccess, destinationFor } from "../jobs/destination.ts";
import { type Generated, type Job, type JobOutcome, type JobRef, jobImages } from "../jobs/job.ts";
import type { ResultExpiries, ResultStore } from "../jobs/results.ts";
import type { Admission, Prepared } from "../limits/admission.ts";
import type { Logger } from "../log.ts";
import { renderCancelled, renderExpired, renderNotStarted } from "../messages/progress.ts";
import { Background } from "./background.ts";
import { type MessageEditor, Urgency } from "./editor.ts";
import type { EndpointNotices } from "./endpoint-notices.ts";
import { nextToStart } from "./fairness.ts";
import type { GenerationEvents } from "./generation-events.ts";
import { Generations } from "./generations.ts";
import type { JobRow, JobStore } from "./job-store.ts";
import { Leases } from "./leases.ts";
import { LostRuns } from "./lost-runs.ts";
import { Notices } from "./notices.ts";

export interface CoordinatorDeps {
  store: JobStore;
  editor: MessageEditor;
  /** The coordinator's own clock (the same one its Discord calls wait by). */
  clock: Clock;
  discord: DiscordAccess;
  log: Logger;
  dispatch: Dispatch;
  maxInflight: number;
  maxPerUser: number;
  /** Arms the Durable Object's alarm, which calls tick(). */
  setAlarm(at: number): void;
  results: ResultStore;
  expiries: ResultExpiries;
  /** Server rules and daily limits; without it, nothing is limited but the queue. */
  admission?: Admission | undefined;
  /** Where webhook jobs' outcomes are filed for their callers. */
  reports?: JobReports | undefined;
  /** Ideogram's verified webhook events, by generation. */
  events?: GenerationEvents | undefined;
  /** One read of a generation at Ideogram (GET /v2/generations/{id}) with the deployment's key. */
  readGeneration?: ((generationId: string) => Promise<GenerationRead>) | undefined;
  /** What Ideogram said of its endpoints' future, as runs report it. */
  endpointNotices?: EndpointNotices | undefined;
  /**
   * With a bot token (DISCORD_BOT_TOKEN): how long a job whose channel the bot may post in may wait
   * (MAX_WAIT_MINUTES); unset, every job is bound to its interaction token.
   */
  outliveMs?: number | undefined;
  /** How long a run may go unheard before it is taken as lost (RUN_LEASE_MS). */
  leaseMs?: number;
  /** How long a run is at Ideogram before its message says "Generating…" (tests shorten it). */
  firstEditDelayMs?: number;
}

/** What a job's time at Ideogram is taken to be before any has answered. */
export const TYPICAL_GENERATION_MS = 15_000;

/** Heartbeat while work exists: keeps the object alive, moves the queue, checks leases and deadlines. */
export const TICK_MS = 3_000;
/** Finished jobs are remembered this long, so a replayed interaction starts nothing. */
const FINISHED_KEPT_MS = 24 * 3_600_000;
const PURGE_EVERY_MS = 10 * 60_000;
/** Failed dispatches after which a job is ended: its run can't be started (say, an id Workflows refuses). */
export const DISPATCH_ATTEMPTS = 3;
/** How long after a click's job was delivered the same click is still taken as the same (a double click). */
export const CLICK_REPEAT_MS = 10_000;

export class Coordinator implements RunnerHost {
  private readonly deps: CoordinatorDeps;
  private readonly leases: Leases;
  /** Work not tied to a request (verifications, purges, delayed edits), for idle(). */
  private readonly background: Background;
  private readonly notices: Notices;
  private readonly lostRuns: LostRuns;
  private readonly generations: Generations;
  private alarmAt: number | undefined;
  private purgedAt = 0;
  /** A job's typical time at Ideogram (a running average of answers), for the head's reservation. */
  private typicalMs = TYPICAL_GENERATION_MS;

  constructor(deps: CoordinatorDeps) {
    this.deps = deps;
    this.leases = new Leases(deps.leaseMs);
    this.background = new Background(deps.log);
    const shared = { ...deps, background: this.background };
    this.notices = new Notices(shared);
    this.lostRuns = new LostRuns({
      ...shared,
      leases: this.leases,
      pump: () => this.pump(),
      armHeartbeat: () => this.armHeartbeat(),
    });
    this.generations = new Generations({
      ...shared,
      read: deps.readGeneration,
      done: (row, generated) => this.generationDone(row, generated),
    });
  }

  private get store() {
    return this.deps.store;
  }

  private get log() {
    return this.deps.log;
  }

  private now() {
    return this.deps.clock.now();
  }

  // ── Intake ─────────────────────────────────────────────────────────────────────────────

  /**
   * Stores the job; Discord is answered once this returns. Only the checks and the insert happen
   * in this call (one transaction); the job is dispatched by a timer right after it. If the object
   * dies first, the heartbeat alarm (armed here when none is pending) dispatches it.
   */
  enqueue(submitted: Job): EnqueueResult {
    const now = this.now();
    if (this.store.get(submitted.id)) return { status: "duplicate" };
    if (submitted.clickKey && this.store.clicked(submitted.clickKey, now - CLICK_REPEAT_MS)) {
      this.log.info("click_repeated", { jobId: submitted.id });
      return { status: "duplicate_click" };
    }
    const prepared = this.prepareOne(submitted);
    if ("status" in prepared) return prepared;
    const { job } = prepared;
    const images = jobImages(job);
    const destination = destinationFor(job);
    // Webhook callers are bounded by their own rate limit instead (WEBHOOK_RATE_PER_MINUTE).
    if (destination.progress && this.store.activeCount(job.user.id) >= this.deps.maxPerUser) {
      return { status: "user_limit", limit: this.deps.maxPerUser };
    }
    // Reserved in the same synchronous call as the insert: concurrent requests can't both take the last images.
    const reserved = this.deps.admission?.reserve(prepared, now) ?? { ok: true };
    if (!reserved.ok) return { status: "limited", refusal: reserved.refusal };
    this.store.insert(job, images, destination.latestStart(job), !destination.progress, now);
    this.armHeartbeat();
    // A dispatch pass only when this job could start now; otherwise a freed place will start it.
    if (this.store.inflight() + images <= this.deps.maxInflight) setTimeout(() => this.pump(), 0);
    return { status: "queued" };
  }

  /**
   * Stores all of one command's jobs (a permutation or `--repeat` command's Yes), or none: the same
   * checks as enqueue, but the daily limits weigh them together and the per-user limit does not
   * refuse any of them — it caps how many of them run at once (JobStore.startable). Each gets its
   * own follow-up message before it can start (Job.followUp).
   */
  enqueueAll(submitted: readonly Job[]): EnqueueResult {
    const now = this.now();
    if (submitted.some((job) => this.store.get(job.id))) return { status: "duplicate" };
    const prepared = this.prepareAll(submitted);
    if (!Array.isArray(prepared)) return prepared;
    const reserved = this.deps.admission?.reserveAll(prepared, now) ?? { ok: true };
    if (!reserved.ok) return { status: "limited", refusal: reserved.refusal };
    for (const { job } of prepared) {
      const destination = destinationFor(job);
      this.store.insert(job, jobImages(job), destination.latestStart(job), !destination.progress, now);
    }
    this.log.info("jobs_queued_together", { jobId: submitted[0]?.id, jobs: submitted.length });
    this.notices.makeMessages();
    this.armHeartbeat();
    return { status: "queued" };
  }

  /**
   * What `jobs` would spend together and leave of the daily limits, checked as enqueueAll would
   * check them now — or why they would be refused. Nothing is reserved.
   */
  quoteAll(jobs: readonly Job[]): BatchProposed {
    const prepared = this.prepareAll(jobs);
    if (!Array.isArray(prepared)) return { status: "refused", result: prepared };
    const checked = this.deps.admission?.check(prepared, this.now());
    if (checked && !checked.ok) {
      return { status: "refused", result: { status: "limited", refusal: checked.refusal } };
    }
    return { status: "proposed", totals: checked?.totals ?? { images: 0, cost: 0, estimated: 0, left: {} } };
  }

  /** Each job as it will run (the server's defaults and rules), or the first refusal. */
  private prepareAll(
    jobs: readonly Job[],
  ): Prepared[] | Extract<EnqueueResult, { status: "refused" | "too_many_images" }> {
    const prepared: Prepared[] = [];
    for (const job of jobs) {
      const one = this.prepareOne(job);
      if ("status" in one) return one;
      prepared.push(one);
    }
    return prepared;
  }

  /** The job as it will run, or why it is refused: a rule, or more images than Ideogram takes at once. */
  private prepareOne(job: Job): Prepared | Extract<EnqueueResult, { status: "refused" | "too_many_images" }> {
    const one = this.deps.admission?.prepare(job) ?? { ok: true, value: { job } };
    if (!one.ok) return { status: "refused", message: one.message };
    if (jobImages(one.value.job) > this.deps.maxInflight) {
      return { status: "too_many_images", limit: this.deps.maxInflight };
    }
    // With a bot token, a job whose channel the bot may post in waits as long as the deployment says.
    const { outliveMs } = this.deps;
    if (outliveMs && job.channel && !job.channelWebhook) {
      return { ...one.value, job: { ...one.value.job, outlivesTokenUntil: job.receivedAt + outliveMs } };
    }
    return one.value;
  }

  /** Whether the job must stop: its token is dead and it can't deliver without it. */
  private stopped(row: JobRow): boolean {
    return row.token_dead === 1 && row.outlives === 0;
  }

  /** A job's follow-up message exists (Job.followUp): it may start now. */
  messageMade(jobId: string, messageId: string): void {
    this.store.messageMade(jobId, messageId);
    this.notices.makeMessages();
    this.pump();
  }

  /**
   * A verified event from Ideogram (routes/ideogram-events.ts): kept once per generation. "duplicate"
   * when one was kept already; nothing happens twice.
   */
  generationEvent(
    generationId: string,
    event: Record<string, unknown>,
  ): { status: "new" | "duplicate" | "unknown" } {
    const fresh = this.deps.events?.receive(generationId, event, this.now()) ?? false;
    if (!fresh) return { status: "duplicate" };
    // Kept either way: a submission recorded after its event finds it.
    return { status: this.generations.fromEvent(generationId, event) === "ended" ? "new" : "unknown" };
  }

  /** Only the user who asked may cancel; a cancelled job never gets a result message. */
  cancel(jobId: string, userId: string): CancelResult {
    const row = this.store.get(jobId);
    const job = this.store.job(jobId);
    if (!row || !job) return { status: "unknown" };
    if (row.user_id !== userId) return { status: "not_owner", owner: job.user.name };
    if (!this.store.end(jobId, ["waiting", "running"], "cancelled", "cancelled", this.now())) {
      return { status: row.state === "cancelled" ? "already_cancelled" : "finished" };
    }
    // Not yet at Ideogram: nothing will be billed, and its places are free now. A running job's
    // run settles when Ideogram answers (Ideogram counts those images until then) or its lease ends.
    if (row.state === "waiting") this.deps.admission?.refund(jobId);
    this.log.info("job_cancelled", { jobId, wasRunning: row.state === "running" });
    this.deps.editor.edit(job, renderCancelled(job, row.state === "running"), Urgency.cancelled);
    this.pump();
    return { status: "cancelled" };
  }

  // ── Runs report here (RunnerHost) ──────────────────────────────────────────────────────

  /** The current run's row, or undefined for a stale run (its lease expired and the job moved on). */
  private current(ref: JobRef): JobRow | undefined {
    const row = this.store.get(ref.jobId);
    return row && row.attempt === ref.attempt ? row : undefined;
  }

  async claim(ref: JobRef): Promise<Claimed | undefined> {
    const row = this.current(ref);
    if (!row) return undefined;
    const now = this.now();
    if (row.state !== "running" || this.stopped(row)) {
      // Cancelled, or its token died, before its run began: nothing reaches Ideogram or Discord.
      this.leases.end(ref.jobId);
      this.deps.admission?.refund(ref.jobId);
      this.store.end(ref.jobId, ["running"], "done", "undeliverable", now);
      if (this.store.release(ref.jobId)) this.pump();
      return undefined;
    }
    const job = this.store.job(ref.jobId);
    if (!job) return undefined;
    this.leases.grant(ref.jobId, now);
    this.store.claim(ref.jobId, ref.attempt);
    const generated = this.store.generated(ref.jobId);
    if (!generated) this.notices.generating(ref, (r) => this.current(r));
    const quote = generated ? undefined : this.deps.admission?.knownQuote(job, now);
    return { job, generated, ...(quote ? { quote } : {}) };
  }

  async priced(ref: JobRef, quote: PriceQuote): Promise<Priced> {
    const row = this.current(ref);
    const job = row?.state === "running" && !this.stopped(row) ? this.store.job(ref.jobId) : undefined;
    if (!job) return { ok: false };
    this.leases.grant(ref.jobId, this.now());
    const repriced = this.deps.admission?.requote(job, quote, this.now()) ?? { ok: true };
    if (repriced.ok) return { ok: true };
    this.log.warn("quote_over_budget", { jobId: ref.jobId, quoted: repriced.refusal.needed });
    return { ok: false, refusal: repriced.refusal };
  }

  async renew(ref: JobRef): Promise<boolean> {
    const row = this.current(ref);
    if (!row || !["running", "delivering"].includes(row.state)) return false;
    // Submitted: Ideogram has it and no run holds it (a lease now would make it "lost" and sent again).
    if (row.generation_id && this.store.atIdeogram(row.generation_id)?.id === row.id) return false;
    this.leases.grant(ref.jobId, this.now());
    return !this.stopped(row);
  }

  async checkpoint(ref: JobRef, stage: Stage): Promise<boolean> {
    const row = this.current(ref);
    if (!row || this.stopped(row)) return false;
    this.leases.grant(ref.jobId, this.now());
    if (stage !== "deliver") return row.state === "running";
    return await this.clearDelivery(row);
  }

  /**
   * Claims the job's delivery for its run, atomically: from here on a cancel click is told the job
   * has finished. The result must land after any progress edit of the same message, never before
   * it. (Asked again by the same run, whose first answer was lost on the way, it is the same yes.)
   */
  private async clearDelivery(row: JobRow): Promise<boolean> {
    if (row.state !== "delivering" && !this.store.transition(row.id, ["running"], "delivering")) return false;
    this.deps.editor.drop(row.id);
    await this.deps.editor.settled(row.id);
    const now = this.store.get(row.id);
    return now !== undefined && !this.stopped(now);
  }

  async generated(ref: JobRef, answer: Generated | undefined, take: boolean): Promise<Handover> {
    const row = this.current(ref);
    if (!row) return { proceed: false };
    if (answer) {
      this.store.saveGenerated(ref.jobId, answer);
      this.timed(ref.jobId);
    }
    this.leases.grant(ref.jobId, this.now());
    // The freed places go to the next job in line, handed to this run (claimed) when it can take it.
    const handed = this.store.release(ref.jobId) ? this.pump(take) : undefined;
    const claimed = handed && (await this.claim(handed));
    const next = handed && claimed ? { ref: handed, claimed } : undefined;
    // The next job is started first: a progress edit in flight delays only this job's delivery.
    const proceed = row.state === "running" && !this.stopped(row) && (await this.clearDelivery(row));
    return { proceed, next };
  }

  async submitted(
    ref: JobRef,
    { generationId, webhook }: Submission,
    notices: readonly EndpointNotice[],
  ): Promise<boolean> {
    const now = this.now();
    if (notices.length > 0) this.deps.endpointNotices?.record(notices, now);
    const row = this.current(ref);
    if (!row) {
      // Its job moved on (a lost run's job runs again): this generation is made and billed for no one.
      this.log.error("generation_orphaned", { ...ref, generationId });
      return false;
    }
    // Recorded for a cancelled job too: its places stay taken until Ideogram is done with it.
    this.leases.end(ref.jobId);
    this.generations.submitted(row, generationId, webhook, now);
    this.armHeartbeat();
    return row.state === "running" && !this.stopped(row);
  }

  /**
   * What Ideogram made in the background for a job (its event, or a read): saved, its places freed,
   * and a new attempt dispatched that delivers it. A job cancelled (or whose token died) meanwhile
   * ends here, billed as Ideogram bills it.
   */
  private generationDone(row: JobRow, generated: Generated): void {
    const now = this.now();
    this.store.saveGenerated(row.id, generated);
    this.timed(row.id);
    this.store.release(row.id);
    const current = this.store.get(row.id);
    const attempt = current?.state === "running" && !this.stopped(current) && this.store.resume(row.id);
    if (attempt) {
      this.leases.grant(row.id, now);
      this.dispatch({ jobId: row.id, attempt }, current.expires_at);
    } else {
      if ("failed" in generated && !generated.billed) this.deps.admission?.refund(row.id);
      else this.deps.admission?.settle(row.id);
      this.store.end(row.id, ["running"], "done", "undeliverable", now);
    }
    this.pump();
    this.armHeartbeat();
  }

  async finished(ref: JobRef, outcome: JobOutcome): Promise<void> {
    const row = this.current(ref);
    if (!row) return;
    const now = this.now();
    this.leases.end(ref.jobId);
    this.store.release(ref.jobId);
    if (outcome.stored)
      this.deps.expiries.record(ref.jobId, outcome.stored, this.deps.results.expiresAt(now));
    if (outcome.billed === false) this.deps.admission?.refund(ref.jobId);
    else this.deps.admission?.settle(ref.jobId);
    if (outcome.notices) this.deps.endpointNotices?.record(outcome.notices, now);
    if (outcome.unconfirmed) this.store.unconfirmed(ref.jobId);
    // A cancelled job was finished by cancel(); a run stopped because its token died was not.
    const ended = outcome.status === "cancelled" ? "undeliverable" : outcome.status;
    if (this.store.end(ref.jobId, ["running", "delivering"], "done", ended, now)) {
      const job = this.store.job(ref.jobId);
      if (job?.channelWebhook) this.deps.reports?.finished(job.id, outcome);
    }
    this.pump();
    this.armHeartbeat();
  }

  // ── The heartbeat ──────────────────────────────────────────────────────────────────────

  /** The Durable Object's alarm: leases, deadlines, places in line, purges, then what can start. */
  tick(): void {
    this.alarmAt = undefined;
    const now = this.now();
    this.lostRuns.expire(now);
    this.expireOverdue(now);
    this.endUnmessaged(now);
    this.notices.makeMessages();
    this.pump();
    this.generations.tick(now);
    this.notices.places(now, TICK_MS);
    if (now - this.purgedAt >= PURGE_EVERY_MS) {
      this.purgedAt = now;
      this.store.purge(now - FINISHED_KEPT_MS);
      this.deps.reports?.purge(now);
      this.deps.admission?.purge(now);
      this.deps.events?.purge(now);
      this.background.track(
        this.deps.expiries.purge(this.deps.results, now).then((jobs) => {
          if (jobs > 0) this.log.info("results_purged", { jobs });
        }),
      );
    }
    this.armHeartbeat();
  }

  /**
   * At start-up: a new instance can't know which runs are still alive (in production, a restart of
   * this object does not stop them), so each run it finds gets one more lease: live runs renew it,
   * lost ones let it lapse and are dealt with then. Checks a previous instance began are resumed.
   */
  recover(): void {
    const now = this.now();
    for (const row of this.store.inRun()) this.leases.grant(row.id, now);
    for (const row of this.store.inState("verifying")) this.lostRuns.verify(row.id);
    this.pump();
    this.armHeartbeat();
  }

  // ── Dispatch ───────────────────────────────────────────────────────────────────────────

  /**
   * Starts every job that the gate and the fairness order allow. With `handOver`, the first of them
   * is returned instead of dispatched (a run will start it itself).
   */
  private pump(handOver = false): JobRef | undefined {
    const now = this.now();
    let handed: JobRef | undefined;
    for (;;) {
      // Cheap exits first: with no place for even the smallest waiting job, nothing can start.
      const free = this.deps.maxInflight - this.store.inflight();
      const smallest = this.store.smallestWaiting();
      if (smallest === undefined || smallest > free) return handed;
      const places = { free, running: () => this.store.holding(), typicalMs: this.typicalMs };
      const next = nextToStart(this.store.startable(100, this.deps.maxPerUser), places, now);
      if (!next) return handed;
      const ref = this.start(next, now);
      if (handOver && !handed) handed = ref;
      else this.dispatch(ref, next.expires_at);
    }
  }

  /** A job's time at Ideogram, into the running average (a fifth of each new one). */
  private timed(jobId: string): void {
    const started = this.store.startedAt(jobId);
    if (started === undefined) return;
    const took = Math.max(0, this.now() - started);
    this.typicalMs = Math.round(0.8 * this.typicalMs + 0.2 * took);
  }

  private start(row: JobRow, now: number): JobRef {
    const attempt = this.store.start(row.id, row.user_id, now);
    this.leases.grant(row.id, now);
    return { jobId: row.id, attempt };
  }

  private dispatch(ref: JobRef, expiresAt: number): void {
    this.deps.dispatch(ref).catch((error: unknown) => {
      // Nothing ran: the job goes back to the front of the line, its places free — unless its run
      // has been refused too often to expect another answer, when it ends here.
      this.log.error("dispatch_failed", { ...ref, error });
      this.leases.end(ref.jobId);
      const failures = this.store.dispatchFailed(ref.jobId);
      if (this.store.get(ref.jobId)?.state !== "running") {
        // Cancelled meanwhile: nothing ran, so nothing was billed and its places are free.
        this.store.release(ref.jobId);
        this.deps.admission?.refund(ref.jobId);
      } else if (failures < DISPATCH_ATTEMPTS) {
        this.store.requeue(ref.jobId, "running", expiresAt);
      } else if (this.store.end(ref.jobId, ["running"], "done", "failed", this.now())) {
        this.store.release(ref.jobId);
        this.log.error("job_not_started", { jobId: ref.jobId, attempts: DISPATCH_ATTEMPTS });
        this.endBeforeStart(ref.jobId, renderNotStarted, "the job's run could not be started");
        this.pump();
      }
      this.armHeartbeat();
    });
  }

  /** Ends waiting jobs that can no longer start in time, while their token still works. */
  private expireOverdue(now: number): void {
    for (const row of this.store.overdue(now)) {
      if (!this.store.end(row.id, ["waiting"], "expired", "expired", now)) continue;
      this.log.warn("job_expired", { jobId: row.id, waitedMs: now - row.enqueued_at });
      const error = "the queue was too long: the job could not start in time";
      this.endBeforeStart(row.id, renderExpired, error);
    }
  }

  /**
   * Ends waiting jobs whose follow-up message can never be made (Discord refused the click's token,
   * which all of that click's jobs share): no message can say anything of them, so they end with
   * their reservation back and a log line.
   */
  private endUnmessaged(now: number): void {
    const awaiting = this.store.awaitingMessage();
    if (awaiting.length === 0) return;
    const jobs = awaiting.flatMap((row) => {
      const job = this.store.job(row.id);
      return job ? [{ row, token: job.token }] : [];
    });
    const dead = new Set(jobs.filter(({ row }) => row.token_dead).map(({ token }) => token));
    for (const { row, token } of jobs) {
      if (!dead.has(token) || !this.store.end(row.id, ["waiting"], "done", "undeliverable", now)) continue;
      this.deps.admission?.refund(row.id);
      this.log.warn("job_without_message", { jobId: row.id });
    }
  }

  /** A job that ended before it reached Ideogram: its reservation back, and its one final message. */
  private endBeforeStart(id: string, render: (job: Job) => MessageBody, error: string): void {
    this.deps.admission?.refund(id);
    const job = this.store.job(id);
    if (job) this.notices.endedBeforeStart(job, render, error);
  }

  // ── Reading ────────────────────────────────────────────────────────────────────────────

  /** A waiting job's place in line (1 = next), or undefined if it is not waiting. */
  position(id: string): number | undefined {
    return this.store.positionOf(id);
  }

  /** The queue's figures, and today's calls sent again after a lost run (images, dollars). */
  status() {
    const now = this.now();
    const resent = this.deps.admission?.resentToday(now) ?? { images: 0, cost: 0 };
    return {
      ...this.store.figures(now),
      resent_today: { images: resent.images, usd: resent.cost / MICROS_PER_USD },
      ideogram_endpoint_notices: this.deps.endpointNotices?.list(now) ?? [],
    };
  }

  /** The coordinator's clock, for what its host does beside it (usage, settings, webhook intake). */
  get clock() {
    return this.deps.clock;
  }

  /** Settles when nothing is in the background and no edit is pending (for tests). */
  async idle(): Promise<void> {
    await this.background.idle(() => this.deps.editor.pending());
  }

  /** Arms the alarm for the next heartbeat, unless one is pending or there is no work. */
  private armHeartbeat(): void {
    if (this.alarmAt !== undefined) return;
    const busy = this.store.hasActive() || this.leases.size > 0 || this.background.size > 0;
    if (!busy) return;
    this.alarmAt = this.now() + TICK_MS;
    this.deps.setAlarm(this.alarmAt);
  }
}

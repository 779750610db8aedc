// Jobs Ideogram makes in the background (v2 async, ideogram-v2-4-5.md §6): no run waits for them. A
// job's generation ends by its verified webhook event or by the one paced reader here, which reads
// each waiting generation (GET /v2/generations/{id}, free, never runs it again) when no event came
// within WEBHOOK_GRACE_MS, then every READ_EVERY_MS, at most READS_PER_TICK a heartbeat, and not at
// all while Ideogram's Retry-After says to wait. What it made is saved on the job, its places are
// freed, and a new attempt delivers from the saved answer without calling Ideogram.
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import type { Clock } from "../http/retry.ts";
import { eventImages, type GenerationRead } from "../ideogram/client.ts";
import type { Generated } from "../jobs/job.ts";
import type { Logger } from "../log.ts";
import type { Background } from "./background.ts";
import type { GenerationEvents } from "./generation-events.ts";
import type { JobRow, JobStore } from "./job-store.ts";

/** How long after a submission with a webhook its generation is first read (its event usually comes first). */
export const WEBHOOK_GRACE_MS = 30_000;
/** The first read of a generation no webhook will announce: most take longer than this. */
export const FIRST_READ_MS = 5_000;
/** Each waiting generation is read at most once in this long (Ideogram: "every few seconds"). */
export const READ_EVERY_MS = 5_000;
/**
 * Reads per heartbeat (every 3 s): at most ~33 a second in all, far under Ideogram's 1,000 per 10 s.
 * Jobs at Ideogram are bounded by its in-flight places anyway.
 */
export const READS_PER_TICK = 100;
/** A generation unfinished this long after its submission is given up on (its message says so). */
export const GENERATION_WAIT_MS = 15 * 60_000;

export interface GenerationDeps {
  store: JobStore;
  clock: Clock;
  log: Logger;
  background: Background;
  events?: GenerationEvents | undefined;
  /** One read of a generation with the deployment's key; unset: only events end generations. */
  read?: ((generationId: string) => Promise<GenerationRead>) | undefined;
  /** What Ideogram made for a job at it (or why not): the coordinator saves it and moves the job on. */
  done(row: JobRow, generated: Generated): void;
}

export class Generations {
  private readonly deps: GenerationDeps;
  /** No read before this (Ideogram's Retry-After). */
  private pausedUntil = 0;

  constructor(deps: GenerationDeps) {
    this.deps = deps;
  }

  /** Ideogram took a job's request: read it after the grace, or now if its event came first. */
  submitted(row: JobRow, generationId: string, webhook: boolean, now: number): void {
    this.deps.store.submitted(row.id, generationId, now, now + (webhook ? WEBHOOK_GRACE_MS : FIRST_READ_MS));
    const event = this.deps.events?.find(generationId);
    if (event) this.fromEvent(generationId, event);
  }

  /**
   * A verified event (kept once per generation): the job it ends, if one waits for it. "unknown":
   * none does (yet: a submission not recorded so far finds it kept).
   */
  fromEvent(generationId: string, event: Record<string, unknown>): "ended" | "unknown" {
    const row = this.deps.store.atIdeogram(generationId);
    if (!row) return "unknown";
    const images = eventImages(event);
    if (!images) {
      // Verified, but not a shape we read: the generation's own read decides.
      this.deps.log.warn("ideogram_event_unread", { jobId: row.id, generationId });
      this.deps.store.readAt(row.id, 0);
      return "ended";
    }
    this.deps.log.info("generation_done", { jobId: row.id, by: "event" });
    this.deps.done(row, { made: images });
    return "ended";
  }

  /** The heartbeat: reads the generations that are due, in the background. */
  tick(now: number): void {
    const { read } = this.deps;
    if (!read || now < this.pausedUntil) return;
    for (const row of this.deps.store.dueReads(now, READS_PER_TICK, now + READ_EVERY_MS)) {
      const generationId = row.generation_id ?? "";
      this.deps.background.track(
        read(generationId).then((found) => this.found(row, found, this.deps.clock.now())),
      );
    }
  }

  private found(row: JobRow, found: GenerationRead, now: number): void {
    const { store, log } = this.deps;
    // Ended meanwhile (its event came while the read was on its way).
    if (!store.atIdeogram(row.generation_id ?? "")) return;
    const ended = this.ended(row, found, now);
    if (ended) this.deps.done(row, ended);
    else if (now - (row.submitted_at ?? now) >= GENERATION_WAIT_MS) {
      log.error("generation_timed_out", { jobId: row.id, generationId: row.generation_id });
      this.deps.done(row, { failed: "timeout", billed: true });
    }
  }

  /** What a read says the job's generation made, or undefined while it is not over. */
  private ended(row: JobRow, found: GenerationRead, now: number): Generated | undefined {
    const { log } = this.deps;
    switch (found.status) {
      case "completed":
        log.info("generation_done", { jobId: row.id, by: "read" });
        return { made: found.made };
      case "failed":
        log.warn("generation_failed", { jobId: row.id, reason: found.reason });
        // "A rejected request doesn't run and isn't billed" (§6.3).
        return { failed: found.reason, billed: false };
      case "unknown":
        log.error("generation_unknown", { jobId: row.id, generationId: row.generation_id });
        return { failed: "unknown", billed: true };
      case "unreadable":
        log.warn("generation_unreadable", { jobId: row.id, detail: found.detail });
        if (found.retryAfterMs) this.pausedUntil = Math.max(this.pausedUntil, now + found.retryAfterMs);
        return undefined;
      case "pending":
        return undefined;
    }
  }
}

// What the coordinator tells users while a job has no run to speak for it: places in line,
// "Generating…" once a run has been at Ideogram a moment, and the one final message of a job that
// ended before it reached Ideogram (replacing its progress message, or, for a webhook job, posted to
// its channel with its report filed).
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import type { RESTPatchAPIInteractionOriginalResponseJSONBody as MessageBody } from "discord-api-types/v10";
import type { Clock } from "../http/retry.ts";
import type { JobReports } from "../jobs/contract.ts";
import { type DiscordAccess, destinationFor } from "../jobs/destination.ts";
import type { Job, JobRef } from "../jobs/job.ts";
import type { Logger } from "../log.ts";
import { renderGenerating, renderQueued } from "../messages/progress.ts";
import type { Background } from "./background.ts";
import { type MessageEditor, Urgency } from "./editor.ts";
import type { JobRow, JobStore } from "./job-store.ts";
import { EDIT_INTERVAL_MS, FIRST_EDIT_DELAY_MS, placeEditBudget, placeLabel } from "./positions.ts";

export interface NoticeDeps {
  store: JobStore;
  editor: MessageEditor;
  discord: DiscordAccess;
  clock: Clock;
  log: Logger;
  background: Background;
  reports?: JobReports | undefined;
  /** How long a run is at Ideogram before its message says "Generating…" (tests shorten it). */
  firstEditDelayMs?: number | undefined;
}

export class Notices {
  private readonly deps: NoticeDeps;

  constructor(deps: NoticeDeps) {
    this.deps = deps;
  }

  /** Each waiting job whose place in line changed enough to show, edited into its message. */
  places(now: number, everyMs: number): void {
    const { store, editor } = this.deps;
    const rows = store.placesToShow(
      placeEditBudget(everyMs),
      now - FIRST_EDIT_DELAY_MS,
      now - EDIT_INTERVAL_MS,
    );
    for (const { id, position, label } of rows) {
      const job = store.job(id);
      if (!job) continue;
      store.shown(id, label, now);
      editor.edit(job, renderQueued(job, label), Urgency.queued, position);
    }
  }

  /**
   * The message of the next waiting job of several from one click that has none yet (Job.followUp),
   * showing its place: one click's messages are made one at a time, in their order, so they appear
   * in the channel as the confirmation listed them. One Discord did not take is made again on the
   * next heartbeat; the next is made once it is.
   */
  makeMessages(): void {
    const { store, editor } = this.deps;
    const pending = store.awaitingMessage().filter((row) => !row.token_dead);
    if (pending.length === 0) return;
    const places = store.positionsOf(pending.map((row) => row.id));
    const byToken = new Map<string, { job: Job; place: number }[]>();
    for (const row of pending) {
      const job = store.job(row.id);
      if (!job) continue;
      const jobs = byToken.get(job.token) ?? [];
      jobs.push({ job, place: places.get(row.id) ?? 1 });
      byToken.set(job.token, jobs);
    }
    for (const jobs of byToken.values()) {
      if (jobs.some(({ job }) => editor.busy(job.id))) continue;
      const { job, place } = jobs.reduce((first, other) => (other.place < first.place ? other : first));
      editor.edit(job, renderQueued(job, placeLabel(place)), Urgency.queued, place);
    }
  }

  /** "Generating…" a moment after a run claimed its job, if `current(ref)` says it is still at it. */
  generating(ref: JobRef, current: (ref: JobRef) => JobRow | undefined): void {
    const { store, editor } = this.deps;
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        const row = current(ref);
        const job = row?.state === "running" && !row.quiet ? store.job(ref.jobId) : undefined;
        if (job) editor.edit(job, renderGenerating(job), Urgency.generating);
        resolve();
      }, this.deps.firstEditDelayMs ?? FIRST_EDIT_DELAY_MS),
    );
    this.deps.background.track(timer);
  }

  /** The one final message of a job that ended before it reached Ideogram. */
  endedBeforeStart(job: Job, render: (job: Job) => MessageBody, error: string): void {
    const { editor, discord, clock, log } = this.deps;
    const destination = destinationFor(job);
    if (destination.progress) {
      editor.edit(job, render(job), Urgency.expired);
      return;
    }
    this.deps.reports?.failed(job.id, error);
    this.deps.background.track(
      destination
        .post(job, render(job), [], clock.now() + 60_000, discord)
        .catch((failure: unknown) =>
          log.warn("webhook_post_failed", { jobId: job.id, detail: String(failure) }),
        ),
    );
  }
}

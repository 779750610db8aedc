// Progress edits of jobs' messages (queued, generating, cancelled, expired): one at a time per job
// and in order, a newer edit replacing one not yet sent, never with a token Discord refused, and
// paced for the whole deployment so a long queue never floods Discord: at most one edit every
// EDIT_SPACING_MS in total, the most urgent first. A job of several from one click has no message
// until its first edit here makes it, a new follow-up of the click's token; later edits replace it.
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import type { RESTPatchAPIInteractionOriginalResponseJSONBody } from "discord-api-types/v10";
import { createFollowupMessage, DiscordApiError, editOriginalResponse } from "../discord/client.ts";
import { type DiscordAccess, interactionOptions, postToChannel } from "../jobs/destination.ts";
import type { Job } from "../jobs/job.ts";
import type { Logger } from "../log.ts";

/** 10 edits a second at most, for every job together. */
export const EDIT_SPACING_MS = 110;

/** Lower goes first. */
export const Urgency = { cancelled: 0, generating: 1, expired: 2, queued: 3 } as const;

type Body = RESTPatchAPIInteractionOriginalResponseJSONBody;

interface Pending {
  job: Job;
  body: Body;
  /** Urgency, then place in line for queued edits. */
  rank: number;
}

export interface EditorDeps {
  discord: DiscordAccess;
  log: Logger;
  /** Whether Discord has refused the job's token (then nothing more is sent with it). */
  isTokenDead(jobId: string): boolean;
  markTokenDead(jobId: string): void;
  /** A job's follow-up message was made (Job.followUp): every later message of the job replaces it. */
  messageMade(jobId: string, messageId: string): void;
  /** An edit's answer named the job's message (kept for a result the bot token posts as a reply). */
  sawMessage(jobId: string, messageId: string): void;
}

export class MessageEditor {
  private readonly deps: EditorDeps;
  private readonly waiting = new Map<string, Pending>();
  private readonly sending = new Map<string, Promise<void>>();
  /** Follow-ups made since this editor began, for edits that carry the job as it was before. */
  private readonly made = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private nextAt = 0;

  constructor(deps: EditorDeps) {
    this.deps = deps;
  }

  /** Queues an edit; it replaces this job's edit not yet sent, and goes after one being sent. */
  edit(job: Job, body: Body, urgency: number, place = 0): void {
    this.waiting.set(job.id, { job, body, rank: urgency * 1e9 + place });
    this.schedule();
  }

  /** Drops the job's edit not yet sent (its result is about to replace the message). */
  drop(jobId: string): void {
    this.waiting.delete(jobId);
  }

  /** Settles when the job's edit being sent, if any, has been sent (or given up). */
  settled(jobId: string): Promise<void> {
    return this.sending.get(jobId) ?? Promise.resolve();
  }

  /** Whether an edit of the job waits or is being sent. */
  busy(jobId: string): boolean {
    return this.waiting.has(jobId) || this.sending.has(jobId);
  }

  /** Edits not yet settled, for tests that wait for quiet. */
  pending(): number {
    return this.waiting.size + this.sending.size;
  }

  // The pace is kept in real time (Date.now, setTimeout): it is about how often Discord is called.
  private schedule(): void {
    if (this.timer !== undefined || this.waiting.size === 0) return;
    const delay = Math.max(0, this.nextAt - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sendNext();
      this.schedule();
    }, delay);
  }

  /** Sends the most urgent edit whose job has no edit in flight. */
  private sendNext(): void {
    let next: Pending | undefined;
    for (const pending of this.waiting.values()) {
      if (this.sending.has(pending.job.id)) continue;
      if (!next || pending.rank < next.rank) next = pending;
    }
    if (!next) {
      // Every waiting edit is behind one in flight: try again when one settles.
      const inFlight = [...this.sending.values()];
      if (inFlight.length > 0) void Promise.race(inFlight).then(() => this.schedule());
      return;
    }
    const { job, body, rank } = next;
    this.waiting.delete(job.id);
    this.nextAt = Date.now() + EDIT_SPACING_MS;
    const sent = this.send(job, body, Math.floor(rank / 1e9)).finally(() => this.sending.delete(job.id));
    this.sending.set(job.id, sent);
  }

  private async send(job: Job, body: Body, urgency: number): Promise<void> {
    if (!this.deps.isTokenDead(job.id) && (await this.sendWithToken(job, body))) return;
    // Its token is dead (Discord said so, or its 15 minutes are over): a job that outlives it says
    // its last word (expired, cancelled) in the channel with the bot token; progress is not shown
    // where the bot can't edit.
    const last = urgency === Urgency.cancelled || urgency === Urgency.expired;
    if (!job.outlivesTokenUntil || !last) return;
    const { discord } = this.deps;
    await postToChannel(job, body, [], discord.clock.now() + 30_000, discord).catch((error: unknown) =>
      this.deps.log.warn("channel_post_failed", { jobId: job.id, detail: String(error) }),
    );
  }

  /** The edit (or the follow-up it makes) with the job's interaction token; false once the token is dead. */
  private async sendWithToken(job: Job, body: Body): Promise<boolean> {
    try {
      const options = {
        ...interactionOptions(job, this.deps.discord),
        maxAttempts: 3,
        maxRetryAfterMs: 10_000,
      };
      const messageId = job.messageId ?? this.made.get(job.id);
      if (job.followUp && messageId === undefined) {
        // Never @original: that is the click's own answer. A follow-up whose answer is lost may be
        // made twice by the retry; the second becomes the job's message.
        const posted = await createFollowupMessage(job.applicationId, job.token, body, options);
        this.made.set(job.id, posted.id);
        this.deps.messageMade(job.id, posted.id);
        return true;
      }
      const answer = await editOriginalResponse(job.applicationId, job.token, body, [], options, messageId);
      const seen = (answer as { id?: unknown } | undefined)?.id;
      if (job.outlivesTokenUntil && !job.originalMessageId && typeof seen === "string") {
        this.deps.sawMessage(job.id, seen);
      }
      return true;
    } catch (error) {
      // The client refuses a token past its 15 minutes without calling Discord: dead, too.
      const dead = error instanceof DiscordApiError && error.tokenDead;
      if (dead) this.deps.markTokenDead(job.id);
      const event = job.followUp && !job.messageId ? "followup_failed" : "progress_edit_failed";
      this.deps.log.warn(event, { jobId: job.id, tokenDead: dead, detail: String(error) });
      return !dead;
    }
  }
}

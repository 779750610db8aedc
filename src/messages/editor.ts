// Edits of a job's message: one at a time per job, in order, never with a token Discord refused.
import type { RESTPatchAPIInteractionOriginalResponseJSONBody } from "discord-api-types/v10";
import {
  DiscordApiError,
  type DiscordClientOptions,
  editOriginalResponse,
  getOriginalResponse,
} from "../discord/client.ts";
import { INTERACTION_TOKEN_LIFETIME_MS } from "../discord/limits.ts";
import type { Job } from "../pipeline/job.ts";
import type { JobDeps } from "../pipeline/run-job.ts";
import type { JobStore } from "../queue/store.ts";
import { CANCEL_PREFIX } from "./progress.ts";

/** Discord's message flag for a deferred response still "thinking…". */
const LOADING = 1 << 7;

export class MessageEditor {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly store: JobStore;
  private readonly deps: Pick<JobDeps, "config" | "fetch" | "clock" | "log">;

  constructor(store: JobStore, deps: Pick<JobDeps, "config" | "fetch" | "clock" | "log">) {
    this.store = store;
    this.deps = deps;
  }

  /** Queues an edit of the job's message after any edit already queued for it. */
  edit(job: Job, body: RESTPatchAPIInteractionOriginalResponseJSONBody): Promise<void> {
    const next = (this.chains.get(job.id) ?? Promise.resolve()).then(() => this.send(job, body));
    this.chains.set(job.id, next);
    void next.finally(() => {
      if (this.chains.get(job.id) === next) this.chains.delete(job.id);
    });
    return next;
  }

  /** Settles when every edit queued so far for this job has been sent (or given up). */
  settled(jobId: string): Promise<void> {
    return this.chains.get(jobId) ?? Promise.resolve();
  }

  pending(): Promise<void>[] {
    return [...this.chains.values()];
  }

  /** Whether the message already shows a final answer: not "thinking…" and no Cancel button. */
  async isFinal(job: Job): Promise<boolean> {
    try {
      const message = (await getOriginalResponse(job.applicationId, job.token, {
        ...this.options(job),
        maxAttempts: 2,
      })) as { flags?: number; components?: unknown[] } | undefined;
      // Progress messages carry the Cancel button; a final one has the result's buttons or none.
      return !!message && ((message.flags ?? 0) & LOADING) === 0 && !hasCancelButton(message.components);
    } catch {
      return false; // Unknown: running the job again beats leaving the user without an answer.
    }
  }

  private async send(job: Job, body: RESTPatchAPIInteractionOriginalResponseJSONBody): Promise<void> {
    if (this.store.get(job.id)?.token_dead) return;
    try {
      await editOriginalResponse(job.applicationId, job.token, body, [], {
        ...this.options(job),
        maxAttempts: 3,
        maxRetryAfterMs: 10_000,
      });
    } catch (error) {
      const dead = error instanceof DiscordApiError && error.tokenDead;
      if (dead) this.store.tokenDead(job.id);
      this.deps.log.warn("progress_edit_failed", { jobId: job.id, tokenDead: dead, detail: String(error) });
    }
  }

  private options(job: Job): DiscordClientOptions {
    return {
      apiBase: this.deps.config.DISCORD_API_BASE,
      fetch: this.deps.fetch,
      clock: this.deps.clock,
      tokenExpiresAt: job.receivedAt + INTERACTION_TOKEN_LIFETIME_MS,
    };
  }
}

function hasCancelButton(rows: unknown[] | undefined): boolean {
  return (rows ?? []).some((row) =>
    ((row as { components?: { custom_id?: string }[] }).components ?? []).some((c) =>
      c.custom_id?.startsWith(CANCEL_PREFIX),
    ),
  );
}

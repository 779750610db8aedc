// The scheduler object's side of POST /webhook and GET /webhook/jobs/{id}: idempotency, the
// per-secret rate limit and the enqueue happen in one call, so concurrent requests can't race.
import type { Job } from "../jobs/job.ts";
import type { Scheduler } from "../jobs/scheduler.ts";
import type { JobStore } from "../jobs/store.ts";
import { describeStatus, type StoredReport, type WebhookStatus } from "./report.ts";

/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_MS = 24 * 3_600_000;
const MINUTE_MS = 60_000;

export interface WebhookSubmission {
  /** Which configured secret the caller presented (a hash, not the secret). */
  secretId: string;
  idempotencyKey?: string | undefined;
  ratePerMinute: number;
}

export type SubmitResult =
  | { status: "queued"; id: string; position: number }
  /** The same Idempotency-Key was used before: that job, nothing new started. */
  | { status: "duplicate"; job: WebhookStatus }
  | { status: "rate_limited"; limit: number; retryAfterSeconds: number }
  | { status: "too_many_images"; limit: number }
  /** The deployment's daily budget is spent. */
  | { status: "refused"; message: string; retryAfterSeconds?: number | undefined };

export function submitWebhookJob(
  scheduler: Scheduler,
  store: JobStore,
  job: Job,
  submission: WebhookSubmission,
  now: number,
): SubmitResult {
  const { secretId, idempotencyKey, ratePerMinute } = submission;
  if (idempotencyKey) {
    const earlier = store.webhookByKey(secretId, idempotencyKey, now - IDEMPOTENCY_MS);
    const status = earlier && webhookStatus(scheduler, store, earlier, secretId);
    if (status) return { status: "duplicate", job: status };
  }
  const recent = store.webhookRecent(secretId, now - MINUTE_MS);
  if (recent.n >= ratePerMinute) {
    const freeAt = (recent.oldest ?? now) + MINUTE_MS;
    return {
      status: "rate_limited",
      limit: ratePerMinute,
      retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)),
    };
  }
  const result = scheduler.enqueue(job);
  if (result.status === "too_many_images") return result;
  if (result.status === "refused") {
    const wait = result.resetsAt === undefined ? undefined : Math.ceil((result.resetsAt - now) / 1000);
    return { status: "refused", message: result.message, retryAfterSeconds: wait };
  }
  store.webhookInsert(job.id, secretId, idempotencyKey, now);
  return { status: "queued", id: job.id, position: scheduler.position(job.id) ?? 1 };
}

/** A job's status, for the secret that submitted it only. */
export function webhookStatus(
  scheduler: Scheduler,
  store: JobStore,
  id: string,
  secretId: string,
): WebhookStatus | undefined {
  const row = store.webhookJob(id);
  if (!row || row.secret_id !== secretId) return undefined;
  const report = row.report ? (JSON.parse(row.report) as StoredReport) : undefined;
  const state = store.get(id)?.state;
  return describeStatus(id, state, report, state === "waiting" ? scheduler.position(id) : undefined);
}

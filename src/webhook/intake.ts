// The scheduler object's side of POST /webhook and GET /webhook/jobs/{id}: idempotency, the
// per-secret rate limit and the enqueue happen in one call, so concurrent requests can't race.
// Layer 6 (webhook/): imports only layers 0–5, never interactions/.

import type { LimitRefusal } from "../jobs/contract.ts";
import type { Job } from "../jobs/job.ts";
import type { Coordinator } from "../queue/coordinator.ts";
import type { JobStore } from "../queue/job-store.ts";
import { describeStatus, type StoredReport, type WebhookStatus } from "./report.ts";
import { IDEMPOTENCY_MS, type WebhookStore } from "./webhook-store.ts";

const MINUTE_MS = 60_000;

export interface WebhookSubmission {
  /** Which configured secret the caller presented (a hash, not the secret). */
  secretId: string;
  idempotencyKey?: string | undefined;
  /** SHA-256 of the request body: a key reused with another body is refused. */
  bodyHash: string;
  ratePerMinute: number;
}

export type SubmitResult =
  | { status: "queued"; id: string; position: number }
  /** The same Idempotency-Key and body were sent before: that job, nothing new started. */
  | { status: "duplicate"; job: WebhookStatus }
  /** The same Idempotency-Key was sent before with a different body. */
  | { status: "key_reused"; id: string }
  | { status: "rate_limited"; limit: number; retryAfterSeconds: number }
  | { status: "too_many_images"; limit: number }
  /** The deployment's daily budget has too little left. */
  | { status: "limited"; refusal: LimitRefusal };

export interface WebhookDeps {
  scheduler: Coordinator;
  jobs: JobStore;
  webhooks: WebhookStore;
}

export function submitWebhookJob(
  deps: WebhookDeps,
  job: Job,
  submission: WebhookSubmission,
  now: number,
): SubmitResult {
  const { secretId, idempotencyKey, bodyHash, ratePerMinute } = submission;
  if (idempotencyKey) {
    const earlier = deps.webhooks.byKey(secretId, idempotencyKey, now - IDEMPOTENCY_MS);
    // A job stored before bodies were remembered (null) is taken to match.
    if (earlier && earlier.body_hash !== null && earlier.body_hash !== bodyHash) {
      return { status: "key_reused", id: earlier.id };
    }
    const status = earlier && webhookStatus(deps, earlier.id, secretId);
    if (status) return { status: "duplicate", job: status };
  }
  const recent = deps.webhooks.recent(secretId, now - MINUTE_MS);
  if (recent.n >= ratePerMinute) {
    const freeAt = (recent.oldest ?? now) + MINUTE_MS;
    return {
      status: "rate_limited",
      limit: ratePerMinute,
      retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)),
    };
  }
  const result = deps.scheduler.enqueue(job);
  if (result.status === "too_many_images" || result.status === "limited") return result;
  deps.webhooks.insert(job.id, secretId, idempotencyKey, bodyHash, now);
  return { status: "queued", id: job.id, position: deps.scheduler.position(job.id) ?? 1 };
}

/** A job's status, for the secret that submitted it only. */
export function webhookStatus(deps: WebhookDeps, id: string, secretId: string): WebhookStatus | undefined {
  const row = deps.webhooks.get(id);
  if (!row || row.secret_id !== secretId) return undefined;
  const report = row.report ? (JSON.parse(row.report) as StoredReport) : undefined;
  const state = deps.jobs.get(id)?.state;
  return describeStatus(id, state, report, state === "waiting" ? deps.scheduler.position(id) : undefined);
}

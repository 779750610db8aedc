// What GET /webhook/jobs/{id} tells the caller: the job's state, and once it has ended, Ideogram's
// answer (minus its expiring links) with the URLs of the images as posted to the channel.
// Layer 6 (webhook/): imports only layers 0–5, never interactions/.
import type { JobReports } from "../jobs/contract.ts";
import type { JobOutcome } from "../jobs/job.ts";
import type { JobState } from "../queue/job-store.ts";
import { IDEMPOTENCY_MS, type WebhookStore } from "./webhook-store.ts";

export interface WebhookResult {
  created: string;
  data: {
    prompt: string;
    resolution: string;
    is_image_safe: boolean;
    seed: number;
    style_type?: string | null | undefined;
    /** The image as attached to the posted message; null when it was not delivered. */
    url: string | null;
  }[];
  message?: { id: string; channel_id: string };
}

/** Kept with the webhook job once it has ended. */
export type StoredReport =
  | { status: "delivered"; result: WebhookResult }
  | { status: "failed"; error: string; result?: WebhookResult };

export interface WebhookStatus {
  id: string;
  status: "queued" | "running" | "delivered" | "failed";
  position?: number;
  error?: string;
  result?: WebhookResult;
}

/** The report for a finished job's outcome. */
export function reportOutcome(outcome: JobOutcome): StoredReport {
  if (outcome.status === "cancelled") return { status: "failed", error: "the job was stopped" };
  if (outcome.status === "undeliverable") {
    return { status: "failed", error: `Discord refused the message: ${outcome.reason}` };
  }
  const result = outcome.ideogram && {
    // Legacy /generate (the only endpoint webhook jobs call) always dates its answer.
    created: outcome.ideogram.created ?? "",
    data: outcome.ideogram.data.map((image, i) => ({
      prompt: image.prompt,
      resolution: image.resolution,
      is_image_safe: image.is_image_safe,
      seed: image.seed,
      style_type: image.style_type,
      // Files are named ideogram-<n>-<seed>.<ext> after their place in Ideogram's answer.
      url: outcome.posted?.attachments.find((a) => a.filename.startsWith(`ideogram-${i + 1}-`))?.url ?? null,
    })),
    ...(outcome.posted ? { message: { id: outcome.posted.id, channel_id: outcome.posted.channel_id } } : {}),
  };
  if (outcome.status === "delivered" && result) return { status: "delivered", result };
  const error = outcome.status === "failed" ? outcome.reason.replace(/^⚠️\s*/, "") : "no image was delivered";
  return result ? { status: "failed", error, result } : { status: "failed", error };
}

/** The status of a job from its state (while it lives) and its report (once it has ended). */
export function describeStatus(
  id: string,
  state: JobState | undefined,
  report: StoredReport | undefined,
  position: number | undefined,
): WebhookStatus {
  if (report) return { id, ...report };
  if (state === "waiting") return { id, status: "queued", ...(position ? { position } : {}) };
  if (state === "expired") {
    return { id, status: "failed", error: "the queue was too long: the job could not start in time" };
  }
  if (state === "running" || state === "delivering" || state === "verifying")
    return { id, status: "running" };
  return { id, status: "failed", error: "the job ended without a report" };
}

/** The coordinator's reports of webhook jobs, filed in `store` for GET /webhook/jobs/{id}. */
export function jobReports(store: WebhookStore): JobReports {
  return {
    finished: (jobId, outcome) => store.report(jobId, reportOutcome(outcome)),
    failed: (jobId, error) => store.report(jobId, { status: "failed", error } satisfies StoredReport),
    purge: (now) => store.purge(now - IDEMPOTENCY_MS),
  };
}

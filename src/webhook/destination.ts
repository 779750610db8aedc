// A POST /webhook job's destination: a Discord channel webhook. Its id and token stand in for the
// interaction's; the result is one new message (no progress, no buttons), and there is no 15-minute
// token to race, so a job may wait longer for its turn.
import { executeWebhook, postedMessageSchema } from "../discord/client.ts";
import type { Destination } from "../pipeline/destination.ts";

/** A webhook job may wait this long for its turn. */
export const WEBHOOK_LATEST_START_MS = 60 * 60_000;
/** How long a webhook job may spend once started, its delivery retries included. */
export const WEBHOOK_WORK_MS = 10 * 60_000;

export const channelWebhook: Destination = {
  latestStart: (job) => job.receivedAt + WEBHOOK_LATEST_START_MS,
  deliverBy: (_job, now) => now + WEBHOOK_WORK_MS,
  progress: false,
  buttons: false,
  reports: true,
  async post(job, body, files, retryUntil, discord) {
    const webhook = { id: job.applicationId, token: job.token, threadId: job.channelWebhook?.threadId };
    const answer = await executeWebhook(webhook, body, files, {
      ...discord,
      tokenExpiresAt: Number.POSITIVE_INFINITY,
      retryUntil,
    });
    const message = postedMessageSchema().safeParse(answer);
    return message.success ? { posted: message.data } : {};
  },
  // A channel webhook's message can't be read back: an interrupted delivery is posted again.
  check: async () => "not_final",
};

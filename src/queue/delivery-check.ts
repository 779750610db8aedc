// After a run was lost while delivering: does the message already show the result? "Unknown" is
// not "no": Discord is asked again, with backoff, as long as the token lives, and the job runs again
// only on a definite "no" (running it on a guess would call Ideogram, and bill, twice).
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import { INTERACTION_TOKEN_LIFETIME_MS } from "../discord/bounds.ts";
import { backoffDelay } from "../http/retry.ts";
import type { Destination, DiscordAccess, MessageCheck } from "../jobs/destination.ts";
import type { Job } from "../jobs/job.ts";

/** "final", "not_final", or "gone" when the token died before Discord could say. */
export async function verifyDelivery(
  job: Job,
  destination: Destination,
  discord: DiscordAccess,
): Promise<Exclude<MessageCheck, "unknown">> {
  const { clock } = discord;
  const deadline = job.receivedAt + INTERACTION_TOKEN_LIFETIME_MS;
  for (let attempt = 1; ; attempt++) {
    const found = await destination.check(job, discord);
    if (found !== "unknown") return found;
    const delay = backoffDelay(attempt, clock.random, 1_000, 60_000);
    if (clock.now() + delay >= deadline) return "gone";
    await clock.sleep(delay);
  }
}

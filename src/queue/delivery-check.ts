// After a run was lost while delivering: does the message already show the result? "Unknown" is
// not "no": Discord is asked again, with backoff, as long as the token lives, and the job runs again
// only on a definite "no" (running it on a guess would call Ideogram, and bill, twice).
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import { INTERACTION_TOKEN_LIFETIME_MS } from "../discord/bounds.ts";
import { type Attempt, retrying } from "../http/retry.ts";
import type { Destination, DiscordAccess, MessageCheck } from "../jobs/destination.ts";
import type { Job } from "../jobs/job.ts";

/** "final", "not_final", or "gone" when the token died before Discord could say. */
export async function verifyDelivery(
  job: Job,
  destination: Destination,
  discord: DiscordAccess,
): Promise<Exclude<MessageCheck, "unknown">> {
  const checked = await retrying(
    { clock: discord.clock, until: job.receivedAt + INTERACTION_TOKEN_LIFETIME_MS, capMs: 60_000 },
    async (): Promise<Attempt<Exclude<MessageCheck, "unknown">, "unknown">> => {
      const found = await destination.check(job, discord);
      return found === "unknown" ? { ok: false, fault: found } : { ok: true, value: found };
    },
  );
  return checked.ok ? checked.value : "gone";
}

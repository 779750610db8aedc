// Runs that stopped being heard from (their lease lapsed): their places are freed, and the job runs
// again from Ideogram's saved answer, or, if the run was delivering, Discord is asked whether the
// result already landed, and only a definite "no" runs it again (delivery-check.ts).
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import type { Clock } from "../http/retry.ts";
import { DELIVERY_RESERVE_MS, type DiscordAccess, destinationFor } from "../jobs/destination.ts";
import { jobOperation } from "../jobs/job.ts";
import type { Admission } from "../limits/admission.ts";
import type { Logger } from "../log.ts";
import type { Background } from "./background.ts";
import { verifyDelivery } from "./delivery-check.ts";
import type { JobStore } from "./job-store.ts";
import type { Leases } from "./leases.ts";

export interface LostRunDeps {
  store: JobStore;
  leases: Leases;
  discord: DiscordAccess;
  clock: Clock;
  log: Logger;
  background: Background;
  admission?: Admission | undefined;
  /** Starts what can start (a job put back in line). */
  pump(): void;
  /** Keeps the heartbeat on while a check is pending. */
  armHeartbeat(): void;
}

export class LostRuns {
  private readonly deps: LostRunDeps;

  constructor(deps: LostRunDeps) {
    this.deps = deps;
  }

  /** Runs whose lease lapsed: their places are freed, and the job is run again or checked. */
  expire(now: number): void {
    const { store, leases, log, admission } = this.deps;
    for (const id of leases.expired(now)) {
      leases.end(id);
      const row = store.get(id);
      const job = store.job(id);
      if (!row || !job) continue;
      store.release(id);
      const generated = store.generated(id) !== undefined;
      // Lost after it claimed the job and before Ideogram's answer was saved: its call may have been
      // billed, and the next run sends it again.
      const resent = row.state === "running" && !generated && row.claimed === row.attempt;
      log.warn("run_lost", { jobId: id, attempt: row.attempt, state: row.state, generated, resent });
      // Lost before it recorded a generation: Ideogram may have one whose id never came back.
      if (resent && jobOperation(job)?.async) {
        log.error("ideogram_submit_unconfirmed", { jobId: id, attempt: row.attempt });
        store.unconfirmed(id);
      }
      const restartBy = destinationFor(job).deliverBy(job, now) - DELIVERY_RESERVE_MS;
      // Ideogram's answer, if it came, is saved: the next run starts from it and is not billed again.
      if (row.state === "running" && store.requeue(id, "running", restartBy) && resent) {
        admission?.resend(job, now);
      } else if (row.state === "delivering" && store.transition(id, ["delivering"], "verifying")) {
        this.verify(id);
      }
    }
  }

  /** After a lost delivery: whether the message already shows the result decides what happens. */
  verify(id: string): void {
    const { store, log, admission, clock } = this.deps;
    const job = store.job(id);
    if (!job) return;
    const destination = destinationFor(job);
    this.deps.background.track(
      verifyDelivery(job, destination, this.deps.discord).then((found) => {
        const now = clock.now();
        if (found === "final" && store.end(id, ["verifying"], "done", "delivered", now)) {
          admission?.settle(id);
          log.info("job_already_delivered", { jobId: id });
        } else if (found === "not_final") {
          store.requeue(id, "verifying", destination.deliverBy(job, now) - DELIVERY_RESERVE_MS);
          this.deps.pump();
        } else if (store.end(id, ["verifying"], "done", "unverified", now)) {
          // The token died before Discord could say: the message stays as it is.
          admission?.settle(id);
          log.error("job_unverified", { jobId: id });
        }
        this.deps.armHeartbeat();
      }),
    );
  }
}

// How a job's run talks to the coordinator that dispatched it: a narrow interface, an RPC stub of
// the scheduler object in production and the coordinator itself in tests. Every call names the run
// (job id and attempt): a run the coordinator has given up on (its lease expired and the job was
// dispatched again) is told to stop, so two runs never both deliver.
import type { Generated, Job, JobOutcome, JobRef } from "./job.ts";

export interface Handover {
  goOn: boolean;
  /** The job handed over, already claimed for its run. */
  next?: { ref: JobRef; claimed: Claimed } | undefined;
}

/** Where a run is: the coordinator answers whether it may go on. */
export type Stage = "retry" | "deliver";

export interface Claimed {
  job: Job;
  /** What Ideogram answered on an earlier attempt: this run does not call Ideogram again. */
  generated?: Generated | undefined;
}

export interface RunnerHost {
  /**
   * The job this run is for, which may go on to Ideogram; undefined if the run must not start
   * (stale, cancelled, or its token is dead: the coordinator has ended it).
   */
  claim(ref: JobRef): Promise<Claimed | undefined>;
  /**
   * Before each Ideogram retry and before delivering: false stops the run without a message
   * (cancelled, token dead, or the run is stale). "deliver" also waits until no progress edit of
   * the message is in flight, so the result lands last.
   */
  checkpoint(ref: JobRef, stage: Stage): Promise<boolean>;
  /** The run is alive: its lease is extended. False: stop. */
  renew(ref: JobRef): Promise<boolean>;
  /**
   * Ideogram answered, or was given up on (undefined): its places are free for the next job. The
   * answer: whether to go on (download and deliver), as a checkpoint's; and, when this run said it
   * can `take` one, the next job to start in its place, handed over without a new dispatch.
   */
  generated(ref: JobRef, answer: Generated | undefined, take: boolean): Promise<Handover>;
  /** The run is over, and how. */
  finished(ref: JobRef, outcome: JobOutcome): Promise<void>;
}

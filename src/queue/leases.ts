// Which runs the coordinator believes alive: a run holds a lease that its renewals (every third of
// RUN_LEASE_MS) and its reports extend. A lease that runs out means the run is gone (a crash, a
// restart that killed it, a lost dispatch): the coordinator frees its places and decides what next.
// Kept in memory only: a new instance cannot know which runs are alive, so it gives every run it
// finds one more lease, and those that are alive renew it.
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.

/** Three missed renewals (RUN_LEASE_MS; a run renews every third of it). */
export const LEASE_MS = 30_000;

export class Leases {
  private readonly until = new Map<string, number>();
  private readonly leaseMs: number;

  constructor(leaseMs = LEASE_MS) {
    this.leaseMs = leaseMs;
  }

  grant(jobId: string, now: number): void {
    this.until.set(jobId, now + this.leaseMs);
  }

  end(jobId: string): void {
    this.until.delete(jobId);
  }

  /** Job ids whose lease ran out before `now`. */
  expired(now: number): string[] {
    return [...this.until].filter(([, until]) => until < now).map(([jobId]) => jobId);
  }

  get size(): number {
    return this.until.size;
  }
}

// Work the coordinator starts that no request waits for (delivery checks, purges, delayed edits,
// webhook notices): tracked so a failure is logged, the heartbeat stays on while any is pending,
// and tests can wait for all of it.
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import type { Logger } from "../log.ts";

export class Background {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  get size(): number {
    return this.pending.size;
  }

  track(work: Promise<unknown>): void {
    const tracked = work
      .catch((error: unknown) => this.log.error("background_failed", { error }))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Settles when nothing is pending here and `others()` (say, the editor's queue) is 0. */
  async idle(others: () => number = () => 0): Promise<void> {
    while (this.pending.size + others() > 0) {
      await Promise.allSettled([...this.pending, new Promise((resolve) => setTimeout(resolve, 5))]);
    }
  }
}

// Which waiting job starts next. The order itself (lost runs first, then round-robin across users,
// each user's jobs oldest first) is computed by SQLite in JobStore (startable, placesToShow).
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.

export interface Candidate {
  images: number;
  enqueued_at: number;
}

/** How long the head of the line may be passed by smaller jobs that fit in the free places. */
export const BACKFILL_WINDOW_MS = 30_000;

/**
 * The next job to start, or undefined. The head of the line starts when its images fit; until it
 * has waited BACKFILL_WINDOW_MS, a later job that fits may use the free places meanwhile, after
 * that nothing passes it, so a large job is never starved by a stream of small ones. Jobs that need
 * no place at all pass at any time.
 */
export function nextToStart<T extends Candidate>(
  order: readonly T[],
  free: number,
  now: number,
): T | undefined {
  const head = order[0];
  if (!head) return undefined;
  if (head.images <= free) return head;
  // A job that takes no place at Ideogram (a pick) delays no one: it never waits for places.
  const placeless = order.find((job) => job.images === 0);
  if (placeless) return placeless;
  if (now - head.enqueued_at >= BACKFILL_WINDOW_MS) return undefined;
  return order.find((job) => job.images <= free);
}

// Dispatch order: interrupted jobs first, then round-robin across users, each user's jobs oldest first.

export interface Candidate {
  id: string;
  user_id: string;
  images: number;
  priority: number;
  enqueued_at: number;
}

/**
 * The order waiting jobs would start in if places were free: a user served less recently goes
 * before one served more recently, and a user's second job only after everyone's first.
 */
export function dispatchOrder<T extends Candidate>(
  waiting: readonly T[],
  served: ReadonlyMap<string, number>,
): T[] {
  const byAge = [...waiting].sort((a, b) => a.enqueued_at - b.enqueued_at || a.id.localeCompare(b.id));
  const urgent = byAge.filter((j) => j.priority > 0);
  const queues = new Map<string, T[]>();
  for (const job of byAge) {
    if (job.priority > 0) continue;
    queues.set(job.user_id, [...(queues.get(job.user_id) ?? []), job]);
  }
  // Never-served users (0) first; ties keep the order of their oldest waiting job.
  const users = [...queues.keys()].sort((a, b) => (served.get(a) ?? 0) - (served.get(b) ?? 0));
  const order = [...urgent];
  for (let round = 0; order.length < waiting.length; round++) {
    for (const user of users) {
      const job = queues.get(user)?.[round];
      if (job) order.push(job);
    }
  }
  return order;
}

/** How long the head of the line may be passed by smaller jobs that fit in the free places. */
export const BACKFILL_WINDOW_MS = 30_000;

/**
 * The next job to start, or undefined. The head of the line starts when its images fit; until it
 * has waited BACKFILL_WINDOW_MS, a later job that fits may use the free places meanwhile, after
 * that nothing passes it, so a large job is never starved by a stream of small ones.
 */
export function nextToStart<T extends Candidate>(
  order: readonly T[],
  free: number,
  now: number,
): T | undefined {
  const head = order[0];
  if (!head) return undefined;
  if (head.images <= free) return head;
  if (now - head.enqueued_at >= BACKFILL_WINDOW_MS) return undefined;
  return order.find((job) => job.images <= free);
}

// Which waiting job starts next. The order itself (lost runs first, then round-robin across users,
// each user's jobs oldest first) is computed by SQLite in JobStore (startable, placesToShow).
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.

export interface Candidate {
  images: number;
  enqueued_at: number;
}

/** A job holding places at Ideogram: how many, and since when. */
// A type alias, not an interface: SqlStorage rows must be indexable records.
export type Running = {
  images: number;
  started_at: number;
};

/** What the line's head can expect of the places: who holds them, and how long a job typically holds them. */
export interface Places {
  free: number;
  /** Read only when the head does not fit. */
  running: () => readonly Running[];
  /** A typical job's time at Ideogram (the coordinator's running average). */
  typicalMs: number;
}

/**
 * The next job to start, or undefined. The head of the line starts when its images fit. Until then
 * it holds a reservation, as backfilling schedulers do: the time its places are expected to be free
 * (the "shadow": running jobs ending one by one, each a typical time after it started) and the places
 * left over then. A later job that fits now may start meanwhile only if it is expected to be done by
 * then, or takes only places the head won't need even then — so, as far as can be known, the head is
 * never delayed, and a large job is never starved by a stream of small ones. Jobs that need no place
 * at all pass at any time.
 */
export function nextToStart<T extends Candidate>(
  line: Iterable<T>,
  places: Places,
  now: number,
): T | undefined {
  // The rest of the line is read only when the head has to wait.
  const rows = line[Symbol.iterator]();
  const first = rows.next();
  if (first.done) return undefined;
  const head = first.value;
  if (head.images <= places.free) return head;
  const order = [head];
  for (let row = rows.next(); !row.done; row = rows.next()) order.push(row.value);
  // A job that takes no place at Ideogram (a pick) delays no one: it never waits for places.
  const placeless = order.find((job) => job.images === 0);
  if (placeless) return placeless;
  const { shadow, extra } = reservation(head.images, places, now);
  return order.find(
    (job) => job.images <= places.free && (now + places.typicalMs <= shadow || job.images <= extra),
  );
}

/** When the head's places are expected to be free, and how many more are free then. */
function reservation(needed: number, { free, running, typicalMs }: Places, now: number) {
  const ends = running()
    .map((job) => ({ images: job.images, at: Math.max(now, job.started_at + typicalMs) }))
    .sort((a, b) => a.at - b.at);
  let available = free;
  for (const end of ends) {
    available += end.images;
    if (available >= needed) return { shadow: end.at, extra: available - needed };
  }
  // More than Ideogram's places in all: nothing can be promised; nothing passes it.
  return { shadow: now, extra: 0 };
}

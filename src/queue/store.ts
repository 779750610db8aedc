// The scheduler's durable state: one SQLite row per job, keyed by interaction id.
import { type Job, type JobOutcome, normalizeJob } from "../pipeline/job.ts";

/** `verifying`: interrupted while delivering; its message is checked before it may run again. */
export type JobState = "waiting" | "running" | "delivering" | "verifying" | "done" | "cancelled" | "expired";

// A type alias, not an interface: SqlStorage rows must be indexable records.
export type JobRow = {
  id: string;
  user_id: string;
  images: number;
  state: JobState;
  /** 1 for a job interrupted mid-run: it goes first when dispatched again. */
  priority: number;
  enqueued_at: number;
  /** Latest time it may start, while its interaction token still works. */
  expires_at: number;
  /** 1 while the job holds places at Ideogram. */
  holding: number;
  position: number | null;
  edited_at: number | null;
  token_dead: number;
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  images INTEGER NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  enqueued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  outcome TEXT,
  holding INTEGER NOT NULL DEFAULT 0,
  runs INTEGER NOT NULL DEFAULT 0,
  position INTEGER,
  edited_at INTEGER,
  token_dead INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, enqueued_at);
CREATE INDEX IF NOT EXISTS jobs_by_user ON jobs (user_id, state);
CREATE INDEX IF NOT EXISTS jobs_holding ON jobs (holding) WHERE holding = 1;
CREATE INDEX IF NOT EXISTS jobs_by_finish ON jobs (finished_at) WHERE finished_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS users (user_id TEXT PRIMARY KEY, served INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS users_by_served ON users (served);
CREATE TABLE IF NOT EXISTS results (job_id TEXT PRIMARY KEY, keys TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS results_by_expiry ON results (expires_at);
`;

const ROW =
  "id, user_id, images, state, priority, enqueued_at, expires_at, holding, position, edited_at, token_dead";
const ACTIVE = "('waiting', 'running', 'delivering', 'verifying')";

export class JobStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    sql.exec(SCHEMA);
  }

  /** Stores a new job; false if a job with this id exists already (a replay). */
  insert(job: Job, images: number, expiresAt: number, now: number): boolean {
    const cursor = this.sql.exec(
      `INSERT INTO jobs (id, user_id, images, payload, state, enqueued_at, expires_at)
       VALUES (?, ?, ?, ?, 'waiting', ?, ?) ON CONFLICT (id) DO NOTHING`,
      job.id,
      job.user.id,
      images,
      JSON.stringify(job),
      now,
      expiresAt,
    );
    return cursor.rowsWritten > 0;
  }

  get(id: string): JobRow | undefined {
    return this.sql.exec<JobRow>(`SELECT ${ROW} FROM jobs WHERE id = ?`, id).toArray()[0];
  }

  job(id: string): Job | undefined {
    const row = this.sql.exec<{ payload: string }>("SELECT payload FROM jobs WHERE id = ?", id).toArray()[0];
    return row ? normalizeJob(JSON.parse(row.payload)) : undefined;
  }

  /** Remembers what was kept in R2 for a job, so it can be deleted once its retention ends. */
  keptResult(jobId: string, keys: readonly string[], expiresAt: number): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO results (job_id, keys, expires_at) VALUES (?, ?, ?)",
      jobId,
      JSON.stringify(keys),
      expiresAt,
    );
  }

  expiredResults(now: number, limit: number): { jobId: string; keys: string[] }[] {
    return this.sql
      .exec<{ job_id: string; keys: string }>(
        "SELECT job_id, keys FROM results WHERE expires_at <= ? ORDER BY expires_at LIMIT ?",
        now,
        limit,
      )
      .toArray()
      .map((r) => ({ jobId: r.job_id, keys: JSON.parse(r.keys) as string[] }));
  }

  forgetResults(jobIds: readonly string[]): void {
    for (const id of jobIds) this.sql.exec("DELETE FROM results WHERE job_id = ?", id);
  }

  waiting(): JobRow[] {
    return this.sql
      .exec<JobRow>(`SELECT ${ROW} FROM jobs WHERE state = 'waiting' ORDER BY enqueued_at, id`)
      .toArray();
  }

  /** Waiting jobs whose latest start has passed. */
  overdue(now: number): JobRow[] {
    return this.sql
      .exec<JobRow>(`SELECT ${ROW} FROM jobs WHERE state = 'waiting' AND expires_at <= ?`, now)
      .toArray();
  }

  /** The fewest images any waiting job needs (0 when nothing waits). */
  smallestWaiting(): number {
    return (
      this.sql.exec<{ n: number | null }>("SELECT MIN(images) AS n FROM jobs WHERE state = 'waiting'").one()
        .n ?? 0
    );
  }

  activeCount(userId: string): number {
    return this.sql
      .exec<{ n: number }>(`SELECT COUNT(*) AS n FROM jobs WHERE user_id = ? AND state IN ${ACTIVE}`, userId)
      .one().n;
  }

  hasActive(): boolean {
    return this.sql.exec(`SELECT 1 FROM jobs WHERE state IN ${ACTIVE} LIMIT 1`).toArray().length > 0;
  }

  /** Images currently counted against Ideogram's in-flight limit. */
  inflight(): number {
    return this.sql
      .exec<{ n: number }>("SELECT COALESCE(SUM(images), 0) AS n FROM jobs WHERE holding = 1")
      .one().n;
  }

  /** How recently each user with a waiting job was served, as a sequence number (higher = more recent). */
  served(): Map<string, number> {
    const rows = this.sql
      .exec<{ user_id: string; served: number }>(
        "SELECT user_id, served FROM users WHERE user_id IN (SELECT user_id FROM jobs WHERE state = 'waiting')",
      )
      .toArray();
    return new Map(rows.map((r) => [r.user_id, r.served]));
  }

  /** Marks a job running and holding its places, and its user as just served. */
  start(id: string, userId: string, now: number): void {
    this.sql.exec(
      "UPDATE jobs SET state = 'running', holding = 1, started_at = ?, runs = runs + 1, priority = 0 WHERE id = ?",
      now,
      id,
    );
    this.sql.exec(
      `INSERT INTO users (user_id, served) VALUES (?, (SELECT COALESCE(MAX(served), 0) + 1 FROM users))
       ON CONFLICT (user_id) DO UPDATE SET served = excluded.served`,
      userId,
    );
  }

  /** Frees a job's places; true if it held any. */
  release(id: string): boolean {
    return this.sql.exec("UPDATE jobs SET holding = 0 WHERE id = ? AND holding = 1", id).rowsWritten > 0;
  }

  /** Moves a job from one state to another; false if it was not in `from` (someone else got there first). */
  transition(id: string, from: readonly JobState[], to: JobState): boolean {
    const states = from.map(() => "?").join(", ");
    return (
      this.sql.exec(`UPDATE jobs SET state = ? WHERE id = ? AND state IN (${states})`, to, id, ...from)
        .rowsWritten > 0
    );
  }

  /**
   * Records how a job ended; the row stays (for replays and the hourly figures) until purged.
   * Places are released separately: a cancelled job's Ideogram call may still be running.
   */
  finish(
    id: string,
    state: "done" | "cancelled" | "expired",
    outcome: JobOutcome["status"] | "expired",
    now: number,
  ): void {
    this.sql.exec(
      "UPDATE jobs SET state = ?, outcome = ?, finished_at = ? WHERE id = ?",
      state,
      outcome,
      now,
      id,
    );
  }

  /**
   * Jobs a previous instance was running when it stopped go back in line, first. Those it was
   * delivering (or checking) become `verifying`, returned here: their message may show the result.
   */
  recoverInterrupted(): { requeued: number; verifying: string[] } {
    const requeued = this.sql.exec(
      "UPDATE jobs SET state = 'waiting', holding = 0, priority = 1 WHERE state = 'running'",
    ).rowsWritten;
    this.sql.exec(
      "UPDATE jobs SET state = 'verifying', holding = 0 WHERE state IN ('delivering', 'verifying')",
    );
    const verifying = this.sql
      .exec<{ id: string }>("SELECT id FROM jobs WHERE state = 'verifying'")
      .toArray()
      .map((r) => r.id);
    return { requeued, verifying };
  }

  /** Puts a job back in line, ahead of others. */
  requeue(id: string, from: JobState): boolean {
    return (
      this.sql.exec("UPDATE jobs SET state = 'waiting', priority = 1 WHERE id = ? AND state = ?", id, from)
        .rowsWritten > 0
    );
  }

  shown(id: string, position: number, now: number): void {
    this.sql.exec("UPDATE jobs SET position = ?, edited_at = ? WHERE id = ?", position, now, id);
  }

  tokenDead(id: string): void {
    this.sql.exec("UPDATE jobs SET token_dead = 1 WHERE id = ?", id);
  }

  /** Forgets finished jobs; their ids no longer need replay protection after a day. */
  purge(before: number): void {
    this.sql.exec(`DELETE FROM jobs WHERE finished_at < ? AND state NOT IN ${ACTIVE}`, before);
    this.sql.exec("DELETE FROM users WHERE user_id NOT IN (SELECT user_id FROM jobs)");
  }

  stats(now: number) {
    const waiting = this.sql
      .exec<{ n: number; oldest: number | null }>(
        "SELECT COUNT(*) AS n, MIN(enqueued_at) AS oldest FROM jobs WHERE state = 'waiting'",
      )
      .one();
    const running = this.sql
      .exec<{ n: number }>(`SELECT COUNT(*) AS n FROM jobs WHERE state IN ${ACTIVE} AND state != 'waiting'`)
      .one().n;
    const lastHour = this.sql
      .exec<{ outcome: string; n: number }>(
        "SELECT outcome, COUNT(*) AS n FROM jobs WHERE finished_at >= ? GROUP BY outcome",
        now - 3_600_000,
      )
      .toArray();
    const count = (...outcomes: string[]) =>
      lastHour.filter((r) => outcomes.includes(r.outcome)).reduce((n, r) => n + r.n, 0);
    return {
      jobs_waiting: waiting.n,
      jobs_running: running,
      images_in_flight: this.inflight(),
      oldest_waiting_seconds: waiting.oldest === null ? 0 : Math.round((now - waiting.oldest) / 1000),
      last_hour: {
        delivered: count("delivered"),
        failed: count("failed", "undeliverable"),
        cancelled: count("cancelled"),
        expired: count("expired"),
      },
    };
  }
}

// The coordinator's durable state: one SQLite row per job (keyed by interaction id), and when each
// user was last served. It owns these two tables and nothing else.
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import type { Generated, Job, JobOutcome } from "../jobs/job.ts";
import { normalizeJob } from "../jobs/job.ts";
import { migrate, type Step } from "../migrations.ts";
import type { Running } from "./fairness.ts";
import { placeLabelSql } from "./positions.ts";

/**
 * waiting → running (dispatched: a run holds a lease) → delivering (posting the final message) → done.
 * `verifying`: a run was lost while delivering; the message is checked before anything runs again.
 */
export type JobState = "waiting" | "running" | "delivering" | "verifying" | "done" | "cancelled" | "expired";

// A type alias, not an interface: SqlStorage rows must be indexable records.
export type JobRow = {
  id: string;
  user_id: string;
  images: number;
  state: JobState;
  /** 1 for a job whose run was lost: it goes first when dispatched again. */
  priority: number;
  enqueued_at: number;
  /** Latest time it may start. */
  expires_at: number;
  /** 1 while the job holds places at Ideogram. */
  holding: number;
  /** Which run is the current one; a report from any other is stale. */
  attempt: number;
  /** 1 when its message shows no progress (a channel webhook). */
  quiet: number;
  /** The place in line its message shows ("#3", "#200+"). */
  shown: string | null;
  edited_at: number | null;
  token_dead: number;
  /** 1 for a job that may outlive its token (Job.outlivesTokenUntil): a dead token does not stop it. */
  outlives: number;
  /** The attempt whose run last claimed the job (and so may have called Ideogram); 0: none. */
  claimed: number;
  /** 1 while the follow-up message a job of several gets is not made yet (it can't start before). */
  message_pending: number;
  /** The generation Ideogram makes the job's images in, once it took the request asynchronously. */
  generation_id: string | null;
  submitted_at: number | null;
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
`;

/**
 * What dispatch asks on every pass, answered from small indexes, not a scan or a sort of the line:
 * the fairness order is kept in two columns of each waiting job (round, served), so the line in
 * order is an index walk. SQLite's planner, with no statistics, prefers jobs_by_state's equality
 * on `state` to these partial indexes (measured: with 10,000 waiting, the line's first rows took
 * 7.5 ms through a sort of every waiting job instead of 0.09 ms), so the queries that need one name
 * it (`INDEXED BY`, which fails loudly rather than fall back to a scan).
 */
const INDEXES = `
CREATE INDEX IF NOT EXISTS waiting_by_expiry ON jobs (expires_at) WHERE state = 'waiting';
CREATE INDEX IF NOT EXISTS waiting_by_images ON jobs (images) WHERE state = 'waiting';
CREATE INDEX IF NOT EXISTS waiting_in_order ON jobs (round, served, enqueued_at, id) WHERE state = 'waiting';
CREATE INDEX IF NOT EXISTS jobs_by_click ON jobs (click_key) WHERE click_key IS NOT NULL;
`;

/** The jobs tables, step by step (migrations.ts): `runs` became the attempt. */
const STEPS: readonly Step[] = [
  SCHEMA,
  { table: "jobs", column: "generated", definition: "TEXT" },
  { table: "jobs", column: "shown", definition: "TEXT" },
  { table: "jobs", column: "quiet", definition: "INTEGER NOT NULL DEFAULT 0" },
  { table: "jobs", column: "round", definition: "INTEGER NOT NULL DEFAULT 1" },
  { table: "jobs", column: "served", definition: "INTEGER NOT NULL DEFAULT 0" },
  { table: "jobs", column: "click_key", definition: "TEXT" },
  { table: "jobs", column: "dispatch_failures", definition: "INTEGER NOT NULL DEFAULT 0" },
  { table: "jobs", column: "claimed", definition: "INTEGER NOT NULL DEFAULT 0" },
  INDEXES,
  { table: "jobs", column: "message_pending", definition: "INTEGER NOT NULL DEFAULT 0" },
  { table: "jobs", column: "generation_id", definition: "TEXT" },
  { table: "jobs", column: "submitted_at", definition: "INTEGER" },
  { table: "jobs", column: "read_at", definition: "INTEGER" },
  { table: "jobs", column: "unconfirmed", definition: "INTEGER NOT NULL DEFAULT 0" },
  { table: "jobs", column: "outlives", definition: "INTEGER NOT NULL DEFAULT 0" },
  `CREATE INDEX IF NOT EXISTS jobs_by_generation ON jobs (generation_id) WHERE generation_id IS NOT NULL;
   CREATE INDEX IF NOT EXISTS jobs_at_ideogram ON jobs (read_at) WHERE generation_id IS NOT NULL AND generated IS NULL AND holding = 1;`,
  "CREATE INDEX IF NOT EXISTS waiting_for_message ON jobs (id) WHERE state = 'waiting' AND message_pending = 1;",
];

/** A job Ideogram is making in the background: no run holds it; the coordinator reads its generation. */
const AT_IDEOGRAM = "generation_id IS NOT NULL AND generated IS NULL AND holding = 1";

/** A waiting job's round: its place among its user's waiting jobs (0 for a lost run's job, which goes first). */
const ROUND_OF = `(SELECT COUNT(*) FROM jobs AS earlier WHERE earlier.user_id = jobs.user_id
  AND earlier.state = 'waiting' AND earlier.priority = 0
  AND (earlier.enqueued_at < jobs.enqueued_at OR (earlier.enqueued_at = jobs.enqueued_at AND earlier.id <= jobs.id)))`;

/**
 * Waiting jobs in the order they would start (see fairness.ts): lost runs first (round 0), oldest
 * first; then round-robin over users: every user's oldest job (round 1), the least recently served
 * user first, then every user's second… Ties go to the older job. The waiting_in_order index's
 * columns: the line in order is an index walk.
 */
const LINE_ORDER = "round, served, enqueued_at, id";
/** A waiting job's place in line (1 = next), numbered over LINE_ORDER. */
const POSITION = `ROW_NUMBER() OVER (ORDER BY ${LINE_ORDER}) AS position`;
/** The waiting jobs, walked in LINE_ORDER through its index. */
const WAITING_IN_ORDER = "jobs INDEXED BY waiting_in_order WHERE state = 'waiting'";

const ROW = `id, user_id, images, state, priority, enqueued_at, expires_at, holding, runs AS attempt, quiet,
  shown, edited_at, token_dead, outlives, claimed, message_pending, generation_id, submitted_at`;
const ACTIVE = "('waiting', 'running', 'delivering', 'verifying')";
const IN_RUN = "('running', 'delivering', 'verifying')";

export class JobStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, "jobs", STEPS);
    // Rows written before the order columns existed (or by an older instance) get them once here.
    sql.exec(
      `UPDATE jobs SET round = CASE WHEN priority > 0 THEN 0 ELSE ${ROUND_OF} END,
         served = CASE WHEN priority > 0 THEN 0
           ELSE COALESCE((SELECT served FROM users WHERE users.user_id = jobs.user_id), 0) END
       WHERE state = 'waiting'`,
    );
  }

  /** Renumbers a user's waiting jobs' rounds after one of them left the line (or joined it). */
  private renumber(userId: string): void {
    this.sql.exec(
      `UPDATE jobs SET round = ${ROUND_OF} WHERE user_id = ? AND state = 'waiting' AND priority = 0`,
      userId,
    );
  }

  /** Stores a new job; false if a job with this id exists already (a replay). */
  insert(job: Job, images: number, expiresAt: number, quiet: boolean, now: number): boolean {
    const cursor = this.sql.exec(
      `INSERT INTO jobs (id, user_id, images, payload, state, enqueued_at, expires_at, quiet, click_key,
         message_pending, outlives, round, served)
       VALUES (?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?,
         (SELECT COUNT(*) + 1 FROM jobs WHERE user_id = ? AND state = 'waiting' AND priority = 0),
         COALESCE((SELECT served FROM users WHERE user_id = ?), 0))
       ON CONFLICT (id) DO NOTHING`,
      job.id,
      job.user.id,
      images,
      JSON.stringify(job),
      now,
      expiresAt,
      quiet ? 1 : 0,
      job.clickKey ?? null,
      job.followUp && !job.messageId ? 1 : 0,
      job.outlivesTokenUntil ? 1 : 0,
      job.user.id,
      job.user.id,
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

  /** What Ideogram answered for the job, once it has. */
  generated(id: string): Generated | undefined {
    const row = this.sql
      .exec<{ generated: string | null }>("SELECT generated FROM jobs WHERE id = ?", id)
      .toArray()[0];
    return row?.generated ? (JSON.parse(row.generated) as Generated) : undefined;
  }

  saveGenerated(id: string, generated: Generated): void {
    this.sql.exec("UPDATE jobs SET generated = ? WHERE id = ?", JSON.stringify(generated), id);
  }

  /** A waiting job's place in line (1 = next); undefined if it is not waiting. */
  positionOf(id: string): number | undefined {
    return this.positionsOf([id]).get(id);
  }

  /**
   * The waiting jobs whose message should show a new place now, front first, at most `limit`: the
   * line numbered in SQL (a window over the order's index), only the rows that change leave it.
   * Skipped: quiet and message-less jobs, dead tokens, jobs newer than `firstAfter` or edited after
   * `editedBefore`, and those already showing their label.
   */
  placesToShow(
    limit: number,
    firstAfter: number,
    editedBefore: number,
  ): (JobRow & { position: number; label: string })[] {
    const label = placeLabelSql("position");
    return this.sql
      .exec<JobRow & { position: number; label: string }>(
        `SELECT *, ${label} AS label FROM (SELECT ${ROW}, ${POSITION} FROM ${WAITING_IN_ORDER})
         WHERE quiet = 0 AND token_dead = 0 AND message_pending = 0 AND enqueued_at <= ?
           AND (edited_at IS NULL OR edited_at <= ?) AND (shown IS NULL OR shown != ${label})
         ORDER BY position LIMIT ?`,
        firstAfter,
        editedBefore,
        limit,
      )
      .toArray();
  }

  /** Each of `ids`' place in line, if waiting. */
  positionsOf(ids: readonly string[]): Map<string, number> {
    if (ids.length === 0) return new Map();
    const rows = this.sql
      .exec<{ id: string; position: number }>(
        `SELECT id, position FROM (SELECT id, ${POSITION} FROM ${WAITING_IN_ORDER})
         WHERE id IN (${ids.map(() => "?").join(", ")})`,
        ...ids,
      )
      .toArray();
    return new Map(rows.map((r) => [r.id, r.position]));
  }

  /**
   * The line as dispatch may take it: the line's order without the jobs that can't start yet — one
   * whose message is not made yet, and every waiting job of a user who already has `perUser` of
   * their jobs with a message running (several jobs from one click never run more at once). Rows
   * are read as they are taken: dispatch usually needs only the first.
   */
  startable(limit: number, perUser: number): Iterable<JobRow> {
    return this.sql.exec<JobRow>(
      `SELECT ${ROW} FROM ${WAITING_IN_ORDER} AND message_pending = 0
         AND user_id NOT IN (SELECT user_id FROM jobs WHERE state IN ${IN_RUN} AND quiet = 0
           GROUP BY user_id HAVING COUNT(*) >= ?)
       ORDER BY ${LINE_ORDER} LIMIT ?`,
      perUser,
      limit,
    );
  }

  /** Waiting jobs whose follow-up message is not made yet. */
  awaitingMessage(): JobRow[] {
    return this.sql
      .exec<JobRow>(
        `SELECT ${ROW} FROM jobs INDEXED BY waiting_for_message WHERE state = 'waiting' AND message_pending = 1`,
      )
      .toArray();
  }

  /** The job's follow-up message exists now: its progress and result go to `messageId`. */
  messageMade(id: string, messageId: string): void {
    this.sql.exec(
      "UPDATE jobs SET payload = json_set(payload, '$.messageId', ?), message_pending = 0 WHERE id = ?",
      messageId,
      id,
    );
  }

  /** Waiting jobs whose latest start has passed. */
  overdue(now: number): JobRow[] {
    return this.sql
      .exec<JobRow>(
        `SELECT ${ROW} FROM jobs INDEXED BY waiting_by_expiry WHERE state = 'waiting' AND expires_at <= ?`,
        now,
      )
      .toArray();
  }

  /**
   * Jobs some run is (or was, before this instance) working on — not those Ideogram makes in the
   * background, which no run holds.
   */
  inRun(): JobRow[] {
    return this.sql
      .exec<JobRow>(
        `SELECT ${ROW} FROM jobs WHERE (state IN ('running', 'delivering') OR holding = 1) AND NOT (${AT_IDEOGRAM})`,
      )
      .toArray();
  }

  /** Ideogram took the job's request: its generation, first read at `readAt` unless its event comes. */
  submitted(id: string, generationId: string, now: number, readAt: number): void {
    this.sql.exec(
      "UPDATE jobs SET generation_id = ?, submitted_at = ?, read_at = ? WHERE id = ?",
      generationId,
      now,
      readAt,
      id,
    );
  }

  /** The job Ideogram makes `generationId` for, while it waits for it. */
  atIdeogram(generationId: string): JobRow | undefined {
    return this.sql
      .exec<JobRow>(`SELECT ${ROW} FROM jobs WHERE generation_id = ? AND ${AT_IDEOGRAM}`, generationId)
      .toArray()[0];
  }

  /** Jobs at Ideogram whose generation is due to be read, soonest first; each is not due again before `next`. */
  dueReads(now: number, limit: number, next: number): JobRow[] {
    return this.sql
      .exec<JobRow>(
        `UPDATE jobs SET read_at = ? WHERE id IN (
           SELECT id FROM jobs WHERE ${AT_IDEOGRAM} AND read_at <= ? ORDER BY read_at LIMIT ?)
         RETURNING ${ROW}`,
        next,
        now,
        limit,
      )
      .toArray();
  }

  /** Reads the job's generation again at `at` (or sooner, when its event comes). */
  readAt(id: string, at: number): void {
    this.sql.exec("UPDATE jobs SET read_at = ? WHERE id = ?", at, id);
  }

  /** A new attempt of a running job whose answer is saved: it delivers, holding no places. */
  resume(id: string): number | undefined {
    return this.sql
      .exec<{ attempt: number }>(
        "UPDATE jobs SET runs = runs + 1, holding = 0 WHERE id = ? AND state = 'running' RETURNING runs AS attempt",
        id,
      )
      .toArray()[0]?.attempt;
  }

  /** Marks a submission whose answer was lost after it was sent (ideogram_submit_unconfirmed). */
  unconfirmed(id: string): void {
    this.sql.exec("UPDATE jobs SET unconfirmed = 1 WHERE id = ?", id);
  }

  inState(state: JobState): JobRow[] {
    return this.sql.exec<JobRow>(`SELECT ${ROW} FROM jobs WHERE state = ?`, state).toArray();
  }

  /** The fewest places a waiting job needs (0 for a pick), or undefined when none waits. */
  smallestWaiting(): number | undefined {
    return (
      this.sql
        .exec<{ n: number | null }>(
          "SELECT MIN(images) AS n FROM jobs INDEXED BY waiting_by_images WHERE state = 'waiting'",
        )
        .one().n ?? undefined
    );
  }

  /** Whether a job of this click waits or runs, or was delivered at `since` or later. */
  clicked(clickKey: string, since: number): boolean {
    return (
      this.sql
        .exec(
          `SELECT 1 FROM jobs WHERE click_key = ?
             AND (state IN ${ACTIVE} OR (outcome = 'delivered' AND finished_at >= ?)) LIMIT 1`,
          clickKey,
          since,
        )
        .toArray().length > 0
    );
  }

  activeCount(userId: string): number {
    return this.sql
      .exec<{ n: number }>(`SELECT COUNT(*) AS n FROM jobs WHERE user_id = ? AND state IN ${ACTIVE}`, userId)
      .one().n;
  }

  hasActive(): boolean {
    return (
      this.sql.exec(`SELECT 1 FROM jobs WHERE state IN ${ACTIVE} OR holding = 1 LIMIT 1`).toArray().length > 0
    );
  }

  /** The jobs holding places at Ideogram, and since when (for the head's reservation, fairness.ts). */
  holding(): Running[] {
    return this.sql
      .exec<Running>("SELECT images, COALESCE(started_at, 0) AS started_at FROM jobs WHERE holding = 1")
      .toArray();
  }

  /** When the job last started, if it has. */
  startedAt(id: string): number | undefined {
    return (
      this.sql.exec<{ at: number | null }>("SELECT started_at AS at FROM jobs WHERE id = ?", id).toArray()[0]
        ?.at ?? undefined
    );
  }

  /** Images currently counted against Ideogram's in-flight limit. */
  inflight(): number {
    return this.sql
      .exec<{ n: number }>("SELECT COALESCE(SUM(images), 0) AS n FROM jobs WHERE holding = 1")
      .one().n;
  }

  /** Marks a job dispatched: running, holding its places, its user just served. Returns the new attempt. */
  start(id: string, userId: string, now: number): number {
    const { attempt } = this.sql
      .exec<{ attempt: number }>(
        `UPDATE jobs SET state = 'running', holding = 1, started_at = ?, runs = runs + 1, priority = 0
         WHERE id = ? RETURNING runs AS attempt`,
        now,
        id,
      )
      .one();
    const { served } = this.sql
      .exec<{ served: number }>(
        `INSERT INTO users (user_id, served) VALUES (?, (SELECT COALESCE(MAX(served), 0) + 1 FROM users))
         ON CONFLICT (user_id) DO UPDATE SET served = excluded.served RETURNING served`,
        userId,
      )
      .one();
    this.sql.exec(
      "UPDATE jobs SET served = ? WHERE user_id = ? AND state = 'waiting' AND priority = 0",
      served,
      userId,
    );
    this.renumber(userId);
    return attempt;
  }

  /** The run of `attempt` has claimed the job: from here on it may call Ideogram. */
  claim(id: string, attempt: number): void {
    this.sql.exec("UPDATE jobs SET claimed = ? WHERE id = ?", attempt, id);
  }

  /** Counts a dispatch of the job that failed; how many have. */
  dispatchFailed(id: string): number {
    const row = this.sql
      .exec<{ n: number }>(
        "UPDATE jobs SET dispatch_failures = dispatch_failures + 1 WHERE id = ? RETURNING dispatch_failures AS n",
        id,
      )
      .toArray()[0];
    return row?.n ?? 0;
  }

  /** Frees a job's places; true if it held any. */
  release(id: string): boolean {
    return this.sql.exec("UPDATE jobs SET holding = 0 WHERE id = ? AND holding = 1", id).rowsWritten > 0;
  }

  /** Moves a job from one state to another; false if it was not in `from` (someone else got there first). */
  transition(id: string, from: readonly JobState[], to: JobState): boolean {
    return this.move(id, from, { state: to });
  }

  /**
   * Ends a job that is in one of `from`: its final state, how it ended and when, recorded at once;
   * false if it was not (someone else got there first). The row stays (for replays and the hourly
   * figures) until purged.
   */
  end(
    id: string,
    from: readonly JobState[],
    state: "done" | "cancelled" | "expired",
    outcome: JobOutcome["status"] | "expired" | "unverified",
    now: number,
  ): boolean {
    return this.move(id, from, { state, outcome, finished_at: now });
  }

  /** Sets `columns` of a job that is in one of `from`, in one statement; false if it was not. */
  private move(id: string, from: readonly JobState[], columns: Record<string, string | number>): boolean {
    const assignments = Object.keys(columns).map((column) => `${column} = ?`);
    const moved = this.sql
      .exec<{ user_id: string }>(
        `UPDATE jobs SET ${assignments.join(", ")} WHERE id = ? AND state IN (${from.map(() => "?").join(", ")})
         RETURNING user_id`,
        ...Object.values(columns),
        id,
        ...from,
      )
      .toArray()[0];
    // A job leaving the line moves its user's later jobs up a round.
    if (moved && from.includes("waiting")) this.renumber(moved.user_id);
    return moved !== undefined;
  }

  /** Puts a job back in line, ahead of others, able to start until `expiresAt` at least. */
  requeue(id: string, from: JobState, expiresAt: number): boolean {
    return (
      this.sql.exec(
        `UPDATE jobs SET state = 'waiting', priority = 1, holding = 0, round = 0, served = 0,
           expires_at = MAX(expires_at, ?)
         WHERE id = ? AND state = ?`,
        expiresAt,
        id,
        from,
      ).rowsWritten > 0
    );
  }

  shown(id: string, label: string, now: number): void {
    this.sql.exec("UPDATE jobs SET shown = ?, edited_at = ? WHERE id = ?", label, now, id);
  }

  /** The interaction's message, as an edit's answer showed it (a bot-token result replies to it). */
  sawMessage(id: string, messageId: string): void {
    this.sql.exec(
      "UPDATE jobs SET payload = json_set(payload, '$.originalMessageId', ?) WHERE id = ? AND json_extract(payload, '$.originalMessageId') IS NULL",
      messageId,
      id,
    );
  }

  tokenDead(id: string): void {
    this.sql.exec("UPDATE jobs SET token_dead = 1 WHERE id = ?", id);
  }

  /** Forgets finished jobs; their ids no longer need replay protection after a day. */
  purge(before: number): void {
    this.sql.exec(
      `DELETE FROM jobs WHERE finished_at < ? AND state NOT IN ${ACTIVE} AND holding = 0`,
      before,
    );
    this.sql.exec("DELETE FROM users WHERE user_id NOT IN (SELECT user_id FROM jobs)");
  }

  figures(now: number) {
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
    const unconfirmed = this.sql
      .exec<{ n: number }>(
        "SELECT COUNT(*) AS n FROM jobs WHERE unconfirmed = 1 AND enqueued_at >= ?",
        now - 24 * 3_600_000,
      )
      .one().n;
    return {
      jobs_waiting: waiting.n,
      jobs_at_ideogram: this.sql
        .exec<{ n: number }>(`SELECT COUNT(*) AS n FROM jobs WHERE ${AT_IDEOGRAM}`)
        .one().n,
      ideogram_submit_unconfirmed: unconfirmed,
      jobs_running: running,
      images_in_flight: this.inflight(),
      oldest_waiting_seconds: waiting.oldest === null ? 0 : Math.round((now - waiting.oldest) / 1000),
      last_hour: {
        delivered: count("delivered"),
        failed: count("failed", "undeliverable"),
        cancelled: count("cancelled"),
        expired: count("expired"),
        unverified: count("unverified"),
      },
    };
  }
}

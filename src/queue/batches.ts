// Commands of several jobs (permutations, `--repeat`) waiting for their user's Yes, in the
// scheduler's SQLite: a command's jobs are kept under its interaction id until its token expires,
// and a click takes them once — Yes to queue them, No to drop them. The table is this class's own.
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import type { BatchProposal } from "../jobs/contract.ts";
import type { Job } from "../jobs/job.ts";
import { migrate } from "../migrations.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS batches (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  jobs TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  taken INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS batches_by_expiry ON batches (expires_at);
`;

/** How long a batch is kept after it expired, so a late click hears "expired" rather than "unknown". */
const KEPT_AFTER_EXPIRY_MS = 24 * 3_600_000;

export type BatchTaken =
  | { status: "ok"; jobs: Job[] }
  | { status: "unknown" | "not_owner" | "expired" | "used" };

export class Batches {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, "batches", [SCHEMA]);
  }

  /** Keeps the jobs until Yes or No (a replayed command keeps the first). */
  propose(batch: BatchProposal, now: number): void {
    this.sql.exec("DELETE FROM batches WHERE expires_at < ?", now - KEPT_AFTER_EXPIRY_MS);
    const [first] = batch.jobs;
    if (!first) return;
    this.sql.exec(
      "INSERT INTO batches (id, user_id, jobs, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
      batch.id,
      first.user.id,
      JSON.stringify(batch.jobs),
      batch.expiresAt,
    );
  }

  /** Takes the batch for `userId`, once; a batch past its expiry is never taken. */
  take(id: string, userId: string, now: number): BatchTaken {
    const row = this.sql
      .exec<{ user_id: string; jobs: string; expires_at: number; taken: number }>(
        "SELECT user_id, jobs, expires_at, taken FROM batches WHERE id = ?",
        id,
      )
      .toArray()[0];
    if (!row) return { status: "unknown" };
    if (row.user_id !== userId) return { status: "not_owner" };
    if (row.taken) return { status: "used" };
    if (row.expires_at <= now) return { status: "expired" };
    this.sql.exec("UPDATE batches SET taken = 1 WHERE id = ?", id);
    return { status: "ok", jobs: JSON.parse(row.jobs) as Job[] };
  }
}

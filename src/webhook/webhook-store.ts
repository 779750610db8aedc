// The webhook's own table in the scheduler's SQLite: who submitted each job, under which
// Idempotency-Key and with which body, and its report once it has ended.
// Layer 6 (webhook/): imports only layers 0–5, never interactions/.
import { migrate, type Step } from "../migrations.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_jobs (
  id TEXT PRIMARY KEY,
  secret_id TEXT NOT NULL,
  idempotency_key TEXT,
  created_at INTEGER NOT NULL,
  report TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS webhook_jobs_by_key ON webhook_jobs (secret_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS webhook_jobs_by_secret ON webhook_jobs (secret_id, created_at);
`;

/** The webhook's table, step by step (migrations.ts): then a SHA-256 of each request's body. */
const STEPS: readonly Step[] = [SCHEMA, { table: "webhook_jobs", column: "body_hash", definition: "TEXT" }];

// A type alias, not an interface: SqlStorage rows must be indexable records.
/** How long an Idempotency-Key (and a finished job's report) is remembered. */
export const IDEMPOTENCY_MS = 24 * 3_600_000;

export type KeyedJob = {
  id: string;
  /** Null for jobs stored before bodies were remembered. */
  body_hash: string | null;
};

export class WebhookStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, "webhook_jobs", STEPS);
  }

  /** Remembers who submitted a webhook job, under which Idempotency-Key and with which body. */
  insert(id: string, secretId: string, key: string | undefined, bodyHash: string, now: number): void {
    // A key older than a day may be used again: the old row gives way.
    this.sql.exec(
      "DELETE FROM webhook_jobs WHERE secret_id = ? AND idempotency_key = ?",
      secretId,
      key ?? null,
    );
    this.sql.exec(
      "INSERT INTO webhook_jobs (id, secret_id, idempotency_key, created_at, body_hash) VALUES (?, ?, ?, ?, ?)",
      id,
      secretId,
      key ?? null,
      now,
      bodyHash,
    );
  }

  /** The job an earlier request with this key started, if it is still remembered. */
  byKey(secretId: string, key: string, since: number): KeyedJob | undefined {
    return this.sql
      .exec<KeyedJob>(
        "SELECT id, body_hash FROM webhook_jobs WHERE secret_id = ? AND idempotency_key = ? AND created_at > ?",
        secretId,
        key,
        since,
      )
      .toArray()[0];
  }

  /** Jobs a secret submitted since `since`, and when the oldest of them was. */
  recent(secretId: string, since: number): { n: number; oldest: number | null } {
    return this.sql
      .exec<{ n: number; oldest: number | null }>(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM webhook_jobs WHERE secret_id = ? AND created_at > ?",
        secretId,
        since,
      )
      .one();
  }

  get(id: string): { secret_id: string; report: string | null } | undefined {
    return this.sql
      .exec<{ secret_id: string; report: string | null }>(
        "SELECT secret_id, report FROM webhook_jobs WHERE id = ?",
        id,
      )
      .toArray()[0];
  }

  report(id: string, report: unknown): void {
    this.sql.exec("UPDATE webhook_jobs SET report = ? WHERE id = ?", JSON.stringify(report), id);
  }

  /** Forgets jobs submitted before `before`. */
  purge(before: number): void {
    this.sql.exec("DELETE FROM webhook_jobs WHERE created_at < ?", before);
  }
}

// Ideogram's verified webhook events, by generation id, in the scheduler's SQLite: each kept a day, so
// a duplicate (Ideogram may deliver an event more than once) changes nothing, and an event that
// arrives before its run has said which generation it waits for is there when it does. The table is
// this class's own.
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import { migrate } from "../migrations.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS generation_events (
  generation_id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS generation_events_by_time ON generation_events (received_at);
`;

/** How long an event is kept: longer than any job waits for its generation. */
export const EVENTS_KEPT_MS = 24 * 3_600_000;

export class GenerationEvents {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, "generation_events", [SCHEMA]);
  }

  /** Keeps the event; false if one for this generation was kept already (a duplicate). */
  receive(generationId: string, event: Record<string, unknown>, now: number): boolean {
    return (
      this.sql.exec(
        "INSERT INTO generation_events (generation_id, event, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        generationId,
        JSON.stringify(event),
        now,
      ).rowsWritten > 0
    );
  }

  /** The event kept for this generation, if one came. */
  find(generationId: string): Record<string, unknown> | undefined {
    const row = this.sql
      .exec<{ event: string }>("SELECT event FROM generation_events WHERE generation_id = ?", generationId)
      .toArray()[0];
    return row ? (JSON.parse(row.event) as Record<string, unknown>) : undefined;
  }

  purge(now: number): void {
    this.sql.exec("DELETE FROM generation_events WHERE received_at < ?", now - EVENTS_KEPT_MS);
  }
}

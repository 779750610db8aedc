// What Ideogram's answers said of their endpoints' future (a `Deprecation` date, a successor), as the
// runs report them with their outcomes, in the scheduler's SQLite: one warning line per endpoint per
// UTC day for the owner, and the list in GET /status. The table is this class's own.
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import type { EndpointNotice } from "../ideogram/client.ts";
import { dayOf } from "../limits/ledger.ts";
import type { Logger } from "../log.ts";
import { migrate } from "../migrations.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS endpoint_notices (
  endpoint TEXT PRIMARY KEY,
  deprecation TEXT,
  successor TEXT,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  logged_day TEXT NOT NULL
);
`;

/** A notice no answer has repeated for this long is dropped from the list (the endpoint changed, or went). */
const FORGOTTEN_AFTER_MS = 7 * 24 * 3_600_000;

export interface ListedNotice extends EndpointNotice {
  first_seen: string;
  last_seen: string;
}

export class EndpointNotices {
  private readonly sql: SqlStorage;
  private readonly log: Logger;

  constructor(sql: SqlStorage, log: Logger) {
    this.sql = sql;
    this.log = log;
    migrate(sql, "endpoint_notices", [SCHEMA]);
  }

  /** Keeps what the answers said; the first report of an endpoint on a UTC day is logged. */
  record(notices: readonly EndpointNotice[], now: number): void {
    const day = dayOf(now);
    for (const notice of notices) {
      const logged = this.sql
        .exec<{ logged_day: string }>(
          `INSERT INTO endpoint_notices (endpoint, deprecation, successor, first_seen, last_seen, logged_day)
           VALUES (?, ?, ?, ?, ?, '')
           ON CONFLICT (endpoint) DO UPDATE SET deprecation = excluded.deprecation,
             successor = excluded.successor, last_seen = excluded.last_seen
           RETURNING logged_day`,
          notice.endpoint,
          notice.deprecation ?? null,
          notice.successor ?? null,
          now,
          now,
        )
        .one().logged_day;
      if (logged === day) continue;
      this.sql.exec("UPDATE endpoint_notices SET logged_day = ? WHERE endpoint = ?", day, notice.endpoint);
      this.log.warn("ideogram_endpoint_notice", { ...notice });
    }
  }

  /** The endpoints Ideogram said something of lately, for GET /status. */
  list(now: number): ListedNotice[] {
    return this.sql
      .exec<{
        endpoint: string;
        deprecation: string | null;
        successor: string | null;
        first_seen: number;
        last_seen: number;
      }>(
        "SELECT endpoint, deprecation, successor, first_seen, last_seen FROM endpoint_notices WHERE last_seen >= ? ORDER BY endpoint",
        now - FORGOTTEN_AFTER_MS,
      )
      .toArray()
      .map((row) => ({
        endpoint: row.endpoint,
        ...(row.deprecation ? { deprecation: row.deprecation } : {}),
        ...(row.successor ? { successor: row.successor } : {}),
        first_seen: new Date(row.first_seen).toISOString(),
        last_seen: new Date(row.last_seen).toISOString(),
      }));
  }
}

// Ideogram's exact prices, as its dry runs quote them (`?dry_run=true`: priced, not run, not billed),
// kept a day per request shape (jobs/job.ts quoteShape) in the scheduler object's SQLite, per image.
// The reservation, the budget and /usage use them; the table's price is only the fallback.
// Layer 4 (limits/): imports only layers 0–3.
import { migrate } from "../migrations.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS price_quotes (
  shape TEXT PRIMARY KEY,
  micros_each INTEGER NOT NULL,
  exact INTEGER NOT NULL,
  quoted_at INTEGER NOT NULL
);
`;

/** How long a quote stands for requests of its shape. */
export const QUOTE_KEPT_MS = 24 * 3_600_000;

export interface KeptQuote {
  /** Micro-dollars per image. */
  each: number;
  exact: boolean;
}

export class QuoteStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, "price_quotes", [SCHEMA]);
  }

  /** The quote for `shape` made within the last day, if any. */
  fresh(shape: string, now: number): KeptQuote | undefined {
    const row = this.sql
      .exec<{ micros_each: number; exact: number }>(
        "SELECT micros_each, exact FROM price_quotes WHERE shape = ? AND quoted_at > ?",
        shape,
        now - QUOTE_KEPT_MS,
      )
      .toArray()[0];
    return row ? { each: row.micros_each, exact: row.exact === 1 } : undefined;
  }

  put(shape: string, quote: KeptQuote, now: number): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO price_quotes (shape, micros_each, exact, quoted_at) VALUES (?, ?, ?, ?)",
      shape,
      quote.each,
      quote.exact ? 1 : 0,
      now,
    );
  }
}

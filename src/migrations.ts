// Each store's tables, built by numbered steps that each run once: the store's version (a row of
// `schema_versions`) says how many of its steps a Durable Object's storage has had. A new column or
// index is a new step at the end; a step is never edited or removed once shipped.
// Layer 0 (migrations.ts): imports nothing of the Worker's.

/**
 * SQL to run, or a column to add. A column step is skipped when the column is there already: storage
 * from before versions were kept added its columns on every wake, so its version starts at 0 while
 * some of its columns exist.
 */
export type Step = string | { table: string; column: string; definition: string };

const VERSIONS =
  "CREATE TABLE IF NOT EXISTS schema_versions (store TEXT PRIMARY KEY, version INTEGER NOT NULL)";

/** Brings `store`'s tables up to the last of `steps`; returns how many steps ran. */
export function migrate(sql: SqlStorage, store: string, steps: readonly Step[]): number {
  sql.exec(VERSIONS);
  const version =
    sql.exec<{ version: number }>("SELECT version FROM schema_versions WHERE store = ?", store).toArray()[0]
      ?.version ?? 0;
  for (const step of steps.slice(version)) {
    if (typeof step === "string") sql.exec(step);
    else if (!hasColumn(sql, step.table, step.column)) {
      sql.exec(`ALTER TABLE ${step.table} ADD COLUMN ${step.column} ${step.definition}`);
    }
  }
  if (steps.length > version) {
    sql.exec(
      `INSERT INTO schema_versions (store, version) VALUES (?, ?)
       ON CONFLICT (store) DO UPDATE SET version = excluded.version`,
      store,
      steps.length,
    );
  }
  return Math.max(0, steps.length - version);
}

function hasColumn(sql: SqlStorage, table: string, column: string): boolean {
  return sql.exec("SELECT 1 FROM pragma_table_info(?) WHERE name = ?", table, column).toArray().length > 0;
}

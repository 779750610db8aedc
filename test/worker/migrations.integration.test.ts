// Each store's tables are built by numbered steps that run once (src/migrations.ts), on a fresh
// object and on storage from before versions were kept, whose columns were added on every wake.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { migrate, type Step } from "../../src/migrations.ts";
import { JobStore } from "../../src/queue/job-store.ts";

/** Runs `test` on a fresh object's SQLite storage. */
async function withStorage(test: (sql: SqlStorage) => void) {
  const stub = env.SCHEDULER.get(env.SCHEDULER.newUniqueId());
  await runInDurableObject(stub, (_instance, state) => test(state.storage.sql));
}

const columns = (sql: SqlStorage, table: string) =>
  sql
    .exec<{ name: string }>("SELECT name FROM pragma_table_info(?)", table)
    .toArray()
    .map((c) => c.name);
const version = (sql: SqlStorage, store: string) =>
  sql.exec<{ version: number }>("SELECT version FROM schema_versions WHERE store = ?", store).toArray()[0]
    ?.version;

const STEPS: Step[] = [
  "CREATE TABLE things (id TEXT PRIMARY KEY)",
  { table: "things", column: "size", definition: "INTEGER NOT NULL DEFAULT 0" },
  "CREATE INDEX things_by_size ON things (size)",
];

describe("migrate", () => {
  it("runs each step once and records the store's version", async () => {
    await withStorage((sql) => {
      expect(migrate(sql, "things", STEPS)).toBe(3);
      expect(version(sql, "things")).toBe(3);
      expect(columns(sql, "things")).toEqual(["id", "size"]);
      // A second wake runs nothing: the steps without IF NOT EXISTS would fail if they ran again.
      expect(migrate(sql, "things", STEPS)).toBe(0);
    });
  });

  it("runs only the steps added since, and keeps stores apart", async () => {
    await withStorage((sql) => {
      migrate(sql, "things", STEPS.slice(0, 2));
      migrate(sql, "others", ["CREATE TABLE others (id TEXT)"]);
      expect(migrate(sql, "things", STEPS)).toBe(1);
      expect(version(sql, "things")).toBe(3);
      expect(version(sql, "others")).toBe(1);
    });
  });

  it("skips a column that storage from before versions has already", async () => {
    await withStorage((sql) => {
      sql.exec("CREATE TABLE things (id TEXT PRIMARY KEY, size INTEGER NOT NULL DEFAULT 0)");
      expect(
        migrate(sql, "things", [
          "CREATE TABLE IF NOT EXISTS things (id TEXT PRIMARY KEY)",
          ...STEPS.slice(1),
        ]),
      ).toBe(3);
      expect(columns(sql, "things")).toEqual(["id", "size"]);
    });
  });

  it("fails loudly on a step that is wrong, and records nothing for it", async () => {
    await withStorage((sql) => {
      expect(() => migrate(sql, "things", ["CREATE TABLE things (", ...STEPS])).toThrow();
      expect(version(sql, "things")).toBeUndefined();
    });
  });
});

describe("the stores' own steps", () => {
  it("bring a jobs table from before versions up to date, keeping its rows", async () => {
    await withStorage((sql) => {
      // The object built its tables when it started: put the first jobs table in their place, with
      // one later column that an older deployment added on a wake, and no version.
      sql.exec("DROP TABLE jobs; DELETE FROM schema_versions WHERE store = 'jobs'");
      sql.exec(`CREATE TABLE jobs (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, images INTEGER NOT NULL,
        payload TEXT NOT NULL, state TEXT NOT NULL, priority INTEGER NOT NULL DEFAULT 0,
        enqueued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER,
        outcome TEXT, holding INTEGER NOT NULL DEFAULT 0, runs INTEGER NOT NULL DEFAULT 0, position INTEGER,
        edited_at INTEGER, token_dead INTEGER NOT NULL DEFAULT 0, generated TEXT)`);
      sql.exec(
        "INSERT INTO jobs (id, user_id, images, payload, state, enqueued_at, expires_at) VALUES ('j1', 'u1', 1, '{}', 'waiting', 1, 2)",
      );
      new JobStore(sql);
      expect(columns(sql, "jobs")).toEqual(
        expect.arrayContaining(["generated", "shown", "quiet", "round", "served", "click_key", "claimed"]),
      );
      expect(sql.exec("SELECT id, round FROM jobs").toArray()).toEqual([{ id: "j1", round: 1 }]);
      const steps = version(sql, "jobs");
      new JobStore(sql);
      expect(version(sql, "jobs")).toBe(steps);
    });
  });

  it("have given the scheduler's object every store's tables, each at its last step", async () => {
    await withStorage((sql) => {
      const stores = sql
        .exec<{ store: string }>("SELECT store FROM schema_versions ORDER BY store")
        .toArray();
      expect(stores.map((row) => row.store)).toEqual([
        "batches",
        "endpoint_notices",
        "generation_events",
        "guild_settings",
        "jobs",
        "price_quotes",
        "region_edits",
        "results",
        "usage",
        "user_preferences",
        "webhook_jobs",
      ]);
      expect(columns(sql, "reservations")).toContain("resent");
      expect(columns(sql, "webhook_jobs")).toContain("body_hash");
      expect(columns(sql, "jobs")).toContain("dispatch_failures");
      expect(columns(sql, "jobs")).toContain("message_pending");
      expect(version(sql, "webhook_jobs")).toBe(2);
    });
  });
});

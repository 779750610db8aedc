// Each Discord user's own preferences (`/prefer`), kept in the scheduler object's SQLite with the other
// settings: custom options (`--mine` in a prompt stands for its parameters), a suffix added to every
// prompt, and Remix mode. Plain data; what they mean in a prompt is the command layer's.
// Layer 4 (limits/): imports only layers 0–3.
import * as z from "zod/mini";
import { lazy } from "../lazy.ts";
import { migrate } from "../migrations.ts";

/** As in Midjourney: at most 20 custom options per user. */
export const CUSTOM_OPTIONS_MAX = 20;

export const preferencesSchema = lazy(() =>
  z.object({
    options: z._default(z.record(z.string(), z.string()), {}),
    suffix: z.optional(z.string()),
    remix: z._default(z.boolean(), false),
  }),
);
export type Preferences = z.infer<ReturnType<typeof preferencesSchema>>;

const SCHEMA =
  "CREATE TABLE IF NOT EXISTS user_preferences (user_id TEXT PRIMARY KEY, preferences TEXT NOT NULL, updated_at INTEGER NOT NULL)";

export class PreferenceStore {
  private readonly sql: SqlStorage;
  /** Read once per user per instance: every /imagine needs them. */
  private readonly cache = new Map<string, Preferences>();

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, "user_preferences", [SCHEMA]);
  }

  get(userId: string): Preferences {
    const cached = this.cache.get(userId);
    if (cached) return cached;
    const row = this.sql
      .exec<{ preferences: string }>("SELECT preferences FROM user_preferences WHERE user_id = ?", userId)
      .toArray()[0];
    const parsed = preferencesSchema().safeParse(row ? JSON.parse(row.preferences) : {});
    const preferences = parsed.success ? parsed.data : preferencesSchema().parse({});
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(userId, preferences);
    return preferences;
  }

  put(userId: string, preferences: Preferences, now: number): void {
    this.cache.set(userId, preferences);
    this.sql.exec(
      "INSERT OR REPLACE INTO user_preferences (user_id, preferences, updated_at) VALUES (?, ?, ?)",
      userId,
      JSON.stringify(preferences),
      now,
    );
  }
}

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

/** A user's preferences and their version (when they last changed; 0: never). */
export interface VersionedPreferences {
  preferences: Preferences;
  version: number;
}

const SCHEMA =
  "CREATE TABLE IF NOT EXISTS user_preferences (user_id TEXT PRIMARY KEY, preferences TEXT NOT NULL, updated_at INTEGER NOT NULL)";

export class PreferenceStore {
  private readonly sql: SqlStorage;
  /** Read once per user per instance: every /imagine needs them. */
  private readonly cache = new Map<string, VersionedPreferences>();

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, "user_preferences", [SCHEMA]);
  }

  /** Their preferences, and when they last changed (0: never): the version an /imagine was read with. */
  get(userId: string): VersionedPreferences {
    const cached = this.cache.get(userId);
    if (cached) return cached;
    const row = this.sql
      .exec<{ preferences: string; updated_at: number }>(
        "SELECT preferences, updated_at FROM user_preferences WHERE user_id = ?",
        userId,
      )
      .toArray()[0];
    const parsed = preferencesSchema().safeParse(row ? JSON.parse(row.preferences) : {});
    const preferences = parsed.success ? parsed.data : preferencesSchema().parse({});
    const stored = { preferences, version: row?.updated_at ?? 0 };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(userId, stored);
    return stored;
  }

  /** Saves them as a new version, and returns it. */
  put(userId: string, preferences: Preferences, now: number): number {
    // Each change is a new version, even two in the same millisecond.
    const version = Math.max(now, this.get(userId).version + 1);
    this.cache.set(userId, { preferences, version });
    this.sql.exec(
      "INSERT OR REPLACE INTO user_preferences (user_id, preferences, updated_at) VALUES (?, ?, ?)",
      userId,
      JSON.stringify(preferences),
      version,
    );
    return version;
  }
}

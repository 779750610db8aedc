// Daily usage per user, per server and for the whole deployment, in images and micro-dollars, with
// each job's reservation kept so it can be refunded. Days are UTC dates; a new day starts at zero.
// Layer 4 (limits/): imports only layers 0–3.
import { migrate, type Step } from "../migrations.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS usage (
  day TEXT NOT NULL,
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  images INTEGER NOT NULL DEFAULT 0,
  cost INTEGER NOT NULL DEFAULT 0,
  estimated INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, scope, key)
);
CREATE TABLE IF NOT EXISTS reservations (
  job_id TEXT PRIMARY KEY,
  day TEXT NOT NULL,
  user_id TEXT,
  guild_id TEXT,
  images INTEGER NOT NULL,
  cost INTEGER NOT NULL,
  estimated INTEGER NOT NULL DEFAULT 0
);
`;
/** The usage tables, step by step (migrations.ts). */
const STEPS: readonly Step[] = [
  SCHEMA,
  { table: "usage", column: "estimated", definition: "INTEGER NOT NULL DEFAULT 0" },
  { table: "reservations", column: "estimated", definition: "INTEGER NOT NULL DEFAULT 0" },
  { table: "reservations", column: "resent", definition: "INTEGER NOT NULL DEFAULT 0" },
];

/**
 * Whose usage a row counts: a Discord user, a server, or the whole deployment ("all", key "*"); and
 * ("resent", key "*") the part of the deployment's that is calls sent again after a lost run.
 */
export type Scope = "user" | "guild" | "all" | "resent";

export interface Usage {
  images: number;
  /** Micro-dollars, and how many of them are our estimates (operations with no published price). */
  cost: number;
  estimated: number;
}

export interface Reservation {
  jobId: string;
  day: string;
  /** Counted against this user's and this server's daily images, when set. */
  userId?: string | undefined;
  guildId?: string | undefined;
  images: number;
  cost: number;
  estimated: number;
  /**
   * A call sent again after its run was lost during the first (which Ideogram may have billed):
   * counted for the deployment (its budget) and as resent, not against the user or server.
   */
  resent?: boolean;
}

const NONE: Usage = { images: 0, cost: 0, estimated: 0 };

export const dayOf = (now: number) => new Date(now).toISOString().slice(0, 10);

/** The next 00:00 UTC after `now`. */
export function nextReset(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

export class UsageLedger {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, "usage", STEPS);
  }

  used(day: string, scope: Scope, key: string): Usage {
    return (
      this.sql
        .exec<{ images: number; cost: number; estimated: number }>(
          "SELECT images, cost, estimated FROM usage WHERE day = ? AND scope = ? AND key = ?",
          day,
          scope,
          key,
        )
        .toArray()[0] ?? NONE
    );
  }

  /** A user's, a server's and the whole deployment's usage on `day`, in one read. */
  usedBy(
    day: string,
    userId: string | undefined,
    guildId: string | undefined,
  ): Record<"all" | "user" | "guild", Usage> {
    const rows = this.sql
      .exec<{ scope: Scope; images: number; cost: number; estimated: number }>(
        `SELECT scope, images, cost, estimated FROM usage WHERE day = ?
         AND ((scope = 'all' AND key = '*') OR (scope = 'user' AND key = ?) OR (scope = 'guild' AND key = ?))`,
        day,
        userId ?? null,
        guildId ?? null,
      )
      .toArray();
    const of = (scope: Scope) => rows.find((r) => r.scope === scope) ?? NONE;
    return { all: of("all"), user: of("user"), guild: of("guild") };
  }

  /** Adds the job's images and cost to every scope it counts in, and remembers the reservation. */
  reserve(reservation: Reservation): void {
    const { jobId, day, userId, guildId, images, cost, estimated, resent } = reservation;
    this.add(day, this.scopes(reservation), { images, cost, estimated });
    this.sql.exec(
      `INSERT OR REPLACE INTO reservations (job_id, day, user_id, guild_id, images, cost, estimated, resent)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      jobId,
      day,
      userId ?? null,
      guildId ?? null,
      images,
      cost,
      estimated,
      resent ? 1 : 0,
    );
  }

  /** Gives a job's reservation back (Ideogram did not bill it); false if there was none. */
  refund(jobId: string): boolean {
    const row = this.sql
      .exec<{
        day: string;
        user_id: string | null;
        guild_id: string | null;
        images: number;
        cost: number;
        estimated: number;
        resent: number;
      }>(
        "SELECT day, user_id, guild_id, images, cost, estimated, resent FROM reservations WHERE job_id = ?",
        jobId,
      )
      .toArray()[0];
    if (!row) return false;
    const reservation = {
      userId: row.user_id ?? undefined,
      guildId: row.guild_id ?? undefined,
      resent: row.resent === 1,
    };
    this.add(row.day, this.scopes(reservation), {
      images: -row.images,
      cost: -row.cost,
      estimated: -row.estimated,
    });
    this.sql.exec("DELETE FROM reservations WHERE job_id = ?", jobId);
    return true;
  }

  /** What the job has reserved, if it still holds a reservation. */
  reservation(jobId: string): { day: string; cost: number; estimated: number } | undefined {
    return this.sql
      .exec<{ day: string; cost: number; estimated: number }>(
        "SELECT day, cost, estimated FROM reservations WHERE job_id = ?",
        jobId,
      )
      .toArray()[0];
  }

  /** Changes what a job's reservation costs (an exact quote replaced the table's price). */
  reprice(jobId: string, cost: number, estimated: number): void {
    const row = this.sql
      .exec<{
        day: string;
        user_id: string | null;
        guild_id: string | null;
        cost: number;
        estimated: number;
        resent: number;
      }>("SELECT day, user_id, guild_id, cost, estimated, resent FROM reservations WHERE job_id = ?", jobId)
      .toArray()[0];
    if (!row) return;
    const scopes = this.scopes({
      userId: row.user_id ?? undefined,
      guildId: row.guild_id ?? undefined,
      resent: row.resent === 1,
    });
    this.add(row.day, scopes, { images: 0, cost: cost - row.cost, estimated: estimated - row.estimated });
    this.sql.exec("UPDATE reservations SET cost = ?, estimated = ? WHERE job_id = ?", cost, estimated, jobId);
  }

  /** A billed job's reservation is final; it no longer needs remembering. */
  settle(jobId: string): void {
    this.sql.exec("DELETE FROM reservations WHERE job_id = ?", jobId);
  }

  /** Forgets days before `day` (keeps yesterday's figures for anyone asking late). */
  purge(day: string): void {
    this.sql.exec("DELETE FROM usage WHERE day < ?", day);
    this.sql.exec("DELETE FROM reservations WHERE day < ?", day);
  }

  private scopes(r: Pick<Reservation, "userId" | "guildId" | "resent">): [Scope, string][] {
    const scopes: [Scope, string][] = [["all", "*"]];
    if (r.resent) return [...scopes, ["resent", "*"]];
    if (r.userId) scopes.push(["user", r.userId]);
    if (r.guildId) scopes.push(["guild", r.guildId]);
    return scopes;
  }

  /** Adds to each scope's row in one statement. */
  private add(day: string, scopes: [Scope, string][], { images, cost, estimated }: Usage): void {
    this.sql.exec(
      `INSERT INTO usage (day, scope, key, images, cost, estimated)
       VALUES ${scopes.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}
       ON CONFLICT (day, scope, key) DO UPDATE SET images = images + excluded.images,
         cost = cost + excluded.cost, estimated = estimated + excluded.estimated`,
      ...scopes.flatMap(([scope, key]) => [day, scope, key, images, cost, estimated]),
    );
  }
}

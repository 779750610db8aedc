// Vary (Region)'s pending edits, in the scheduler's SQLite: each click on 🖌️ stores the job it would
// run (the click's interaction, the image, its prompt) under a signed link that expires while the
// click's token can still post; the editor page reads it, and its submission claims it once. The
// table and its key are this class's own: it creates, and purges, them itself.
// Layer 5 (region/): imports only layers 0–4, never pipeline/, queue/.
import type { Job, ToolWork } from "../jobs/job.ts";
import { migrate } from "../migrations.ts";
import { type LinkGrant, newLinkKey, readLink, signLink, verifyLink } from "./link.ts";

/** A pending edit: the inpaint job a submission runs, waiting for its mask and prompt. */
export type RegionJob = Job & ToolWork;

export type RegionLookup =
  | { status: "ok"; job: RegionJob; expiresAt: number }
  /** Not a link the bot made (garbage, or a changed id, expiry or signature). */
  | { status: "invalid" }
  | { status: "expired" }
  /** Submitted already: a link works once. */
  | { status: "used" };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS region_key (id INTEGER PRIMARY KEY CHECK (id = 1), key BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS region_edits (
  id TEXT PRIMARY KEY,
  job TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS region_edits_by_expiry ON region_edits (expires_at);
`;

/** How long an expired edit is kept, so its link says "expired" rather than "not a link". */
const KEPT_AFTER_EXPIRY_MS = 24 * 3_600_000;

const grantOf = (job: RegionJob, expiresAt: number): LinkGrant => ({
  id: job.id,
  jobId: job.source.jobId,
  index: job.source.index,
  userId: job.user.id,
  expiresAt,
});

export class RegionEdits {
  private readonly sql: SqlStorage;
  private linkKey: Uint8Array<ArrayBuffer> | undefined;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, "region_edits", [SCHEMA]);
  }

  /** The key the links are signed with: made once, kept in this object's storage. */
  private key(): Uint8Array<ArrayBuffer> {
    if (this.linkKey) return this.linkKey;
    const row = this.sql.exec<{ key: ArrayBuffer }>("SELECT key FROM region_key WHERE id = 1").toArray()[0];
    if (row) this.linkKey = new Uint8Array(row.key);
    else {
      const key = newLinkKey();
      this.sql.exec("INSERT INTO region_key (id, key) VALUES (1, ?)", key.buffer);
      this.linkKey = key;
    }
    return this.linkKey;
  }

  /** Stores the pending edit; its link's token. A replayed click gets the same edit. */
  async open(job: RegionJob, expiresAt: number, now: number): Promise<string> {
    this.sql.exec("DELETE FROM region_edits WHERE expires_at < ?", now - KEPT_AFTER_EXPIRY_MS);
    this.sql.exec(
      "INSERT INTO region_edits (id, job, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
      job.id,
      JSON.stringify(job),
      expiresAt,
    );
    const stored = this.row(job.id);
    return signLink(this.key(), grantOf(stored?.job ?? job, stored?.expiresAt ?? expiresAt));
  }

  /** The pending edit a token names, if its signature holds and it is neither expired nor used. */
  async find(token: string, now: number): Promise<RegionLookup> {
    const claimed = readLink(token);
    const row = claimed && this.row(claimed.id);
    if (!claimed || !row || row.expiresAt !== claimed.expiresAt) return { status: "invalid" };
    if (!(await verifyLink(this.key(), grantOf(row.job, row.expiresAt), claimed.signature))) {
      return { status: "invalid" };
    }
    if (now >= row.expiresAt) return { status: "expired" };
    // Read again: a submission may have claimed it while the signature was checked.
    if (this.row(claimed.id)?.used) return { status: "used" };
    return { status: "ok", job: row.job, expiresAt: row.expiresAt };
  }

  /** Claims the edit for one submission; a second claim is told it was used. */
  async claim(token: string, now: number): Promise<RegionLookup> {
    const found = await this.find(token, now);
    if (found.status !== "ok") return found;
    const cursor = this.sql.exec("UPDATE region_edits SET used = 1 WHERE id = ? AND used = 0", found.job.id);
    return cursor.rowsWritten > 0 ? found : { status: "used" };
  }

  /** Gives a claimed edit back (its job was not queued), so it can be submitted again. */
  release(id: string): void {
    this.sql.exec("UPDATE region_edits SET used = 0 WHERE id = ?", id);
  }

  private row(id: string) {
    const row = this.sql
      .exec<{ job: string; expires_at: number; used: number }>(
        "SELECT job, expires_at, used FROM region_edits WHERE id = ?",
        id,
      )
      .toArray()[0];
    return row && { job: JSON.parse(row.job) as RegionJob, expiresAt: row.expires_at, used: row.used === 1 };
  }
}

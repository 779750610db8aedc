// What the bot keeps of each result in R2, so buttons keep working (Discord's CDN refuses Workers
// with 403 for non-ephemeral media, and Ideogram's links expire), and the index that deletes it once
// its retention ends. Keys live under the job id. Images stream in and out; none is held whole.
// Layer 2 (jobs/): imports only layers 0–1, never config.ts.
import * as z from "zod/mini";
import type { DiscordFile } from "../discord/client.ts";
import type { ImageFile } from "../ideogram/client.ts";
import type { GeneratedImage } from "../ideogram/schema.ts";
import { lazy } from "../lazy.ts";
import { migrate } from "../migrations.ts";
import { extensionOf, pngSize } from "./image-type.ts";
import type { ImageSource, Job, JobWork } from "./job.ts";

const manifestSchema = lazy(() =>
  z.object({
    version: z.literal(1),
    jobId: z.string(),
    createdAt: z.number(),
    /** What was asked, so re-roll and edit can ask again. */
    work: z.looseObject({ kind: z.enum(["generate", "remix", "upscale", "describe", "tool"]) }),
    /** The images kept, by their position in Ideogram's answer. */
    images: z.array(
      z.object({
        index: z.int(),
        seed: z.int(),
        prompt: z.string(),
        resolution: z.string(),
        contentType: z.string(),
        size: z.optional(z.int()),
        /** The style Ideogram says it used, for a picked image's message. */
        style_type: z.nullish(z.string()),
      }),
    ),
    descriptions: z.optional(z.array(z.string())),
  }),
);
export type Manifest = Omit<z.infer<ReturnType<typeof manifestSchema>>, "work"> & { work: JobWork };
export type StoredImage = Manifest["images"][number];

/** What became of one image of Ideogram's answer on its way into R2 (pipeline/download.ts). */
export type Download =
  | { index: number; image: GeneratedImage; status: "ok"; contentType: string; size: number }
  | { index: number; image: GeneratedImage; status: "withheld" }
  | { index: number; image: GeneratedImage; status: "too_large"; size: number }
  | { index: number; image: GeneratedImage; status: "failed"; reason: string };

const DAY_MS = 86_400_000;
const manifestKey = (jobId: string) => `${jobId}/job.json`;
const imageKey = (jobId: string, index: number) => `${jobId}/${index}`;
const sourceKey = (jobId: string, role: string) => `${jobId}/source-${role}`;
/** Where keepSource keeps a job's image of `role`. */
export const keptSourceAt = (jobId: string, role: string, filename: string): ImageSource => ({
  type: "kept",
  key: sourceKey(jobId, role),
  filename,
});
const SOURCE_KEY = /^[\w-]{1,64}\/source-[\w-]{1,32}$/;
/**
 * An attachment's name: its place in Ideogram's answer and its seed (webhook reports find each
 * image's posted URL by the "ideogram-<n>-" prefix).
 */
export const attachmentName = (image: Pick<StoredImage, "index" | "seed" | "contentType">) =>
  `ideogram-${image.index + 1}-${image.seed}.${extensionOf(image.contentType)}`;

export class ResultStore {
  private readonly bucket: R2Bucket;
  readonly retentionDays: number;

  constructor(bucket: R2Bucket, retentionDays: number) {
    this.bucket = bucket;
    this.retentionDays = retentionDays;
  }

  /** When a result kept at `now` is deleted. */
  expiresAt(now: number): number {
    return now + this.retentionDays * DAY_MS;
  }

  /** Stores one image as it arrives; `body` streams in when its length is known. */
  async keepImage(
    jobId: string,
    index: number,
    body: ReadableStream<Uint8Array> | Uint8Array,
    contentType: string,
  ): Promise<void> {
    await this.bucket.put(imageKey(jobId, index), body, { httpMetadata: { contentType } });
  }

  /**
   * Writes the manifest that makes the kept images reachable (after them); returns every key kept,
   * the copies of the images the job was sent among them. `work` is the job's work as its buttons
   * will repeat it (attachments replaced by their kept copies: source.ts keptWork).
   */
  async saveManifest(
    job: Job,
    work: JobWork,
    images: readonly StoredImage[],
    now: number,
    descriptions?: string[],
  ): Promise<string[]> {
    const manifest: Manifest = {
      version: 1,
      jobId: job.id,
      createdAt: now,
      work: workOf({ ...job, ...work } as Job),
      images: [...images],
    };
    if (descriptions) manifest.descriptions = descriptions;
    await this.bucket.put(manifestKey(job.id), JSON.stringify(manifest), {
      httpMetadata: { contentType: "application/json" },
    });
    const sources = keptSourcesOf(work).filter((key) => key.startsWith(`${job.id}/`));
    return [...images.map((i) => imageKey(job.id, i.index)), ...sources, manifestKey(job.id)];
  }

  /** An image kept by keepSource, as a file to send again. */
  async keptSource(key: string, filename: string): Promise<ImageFile | undefined> {
    if (!SOURCE_KEY.test(key)) return undefined;
    const object = await this.bucket.get(key);
    if (!object) return undefined;
    const contentType = object.httpMetadata?.contentType ?? "image/png";
    return { bytes: new Uint8Array(await object.arrayBuffer()), contentType, name: filename };
  }

  /** The manifest of a job's result; undefined if unknown, unreadable or past retention. */
  async manifest(jobId: string, now: number): Promise<Manifest | undefined> {
    if (!/^[\w-]{1,64}$/.test(jobId)) return undefined;
    const object = await this.bucket.get(manifestKey(jobId));
    if (!object) return undefined;
    const parsed = manifestSchema().safeParse(await object.json().catch(() => undefined));
    if (!parsed.success || now - parsed.data.createdAt > this.retentionDays * DAY_MS) return undefined;
    return parsed.data as Manifest;
  }

  /** A kept image (of known size) as an attachment, streamed from R2 when the upload reaches it. */
  file(jobId: string, image: StoredImage & { size: number }): DiscordFile {
    return {
      name: attachmentName(image),
      contentType: image.contentType,
      size: image.size,
      open: async () => {
        const object = await this.bucket.get(imageKey(jobId, image.index));
        if (!object) throw new Error(`kept image ${jobId}/${image.index} is gone`);
        return object.body;
      },
    };
  }

  /** Whether a kept image is still there (R2's answer to a HEAD; its bytes are not read). */
  async hasImage(jobId: string, index: number): Promise<boolean> {
    return (await this.bucket.head(imageKey(jobId, index))) !== null;
  }

  /** One kept image's bytes (at most Ideogram's 10 MB input), to send back to Ideogram. */
  async image(jobId: string, index: number): Promise<ImageFile | undefined> {
    const object = await this.bucket.get(imageKey(jobId, index));
    if (!object) return undefined;
    const contentType = object.httpMetadata?.contentType ?? "image/png";
    const bytes = new Uint8Array(await object.arrayBuffer());
    return { bytes, contentType, name: `ideogram-${jobId}-${index + 1}.${extensionOf(contentType)}` };
  }

  /** A kept image's size in pixels, read from its first bytes (PNG); undefined if unknown. */
  async imagePixels(jobId: string, index: number): Promise<{ width: number; height: number } | undefined> {
    const object = await this.bucket.get(imageKey(jobId, index), { range: { offset: 0, length: 24 } });
    return object ? pngSize(new Uint8Array(await object.arrayBuffer())) : undefined;
  }

  /**
   * Keeps an image a job sends (an attachment, the region editor's mask) under the job, as `role`;
   * its key.
   */
  async keepSource(jobId: string, role: string, bytes: Uint8Array, contentType: string): Promise<string> {
    const key = sourceKey(jobId, role);
    await this.bucket.put(key, bytes, { httpMetadata: { contentType } });
    return key;
  }

  async remove(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.bucket.delete(keys);
  }
}

/** Every kept copy of an attachment a work refers to. */
function keptSourcesOf(work: JobWork): string[] {
  const sources = [
    ...("source" in work ? [work.source] : []),
    ...("references" in work ? [...(work.references?.style ?? []), work.references?.character] : []),
  ];
  return sources.flatMap((s) => (s?.type === "kept" ? [s.key] : []));
}

/** The job's work without its identity (no token, no user). */
function workOf(job: Job): JobWork {
  const {
    id: _id,
    interactionId: _interactionId,
    applicationId: _applicationId,
    token: _token,
    user: _user,
    attachmentSizeLimit: _attachmentSizeLimit,
    guildId: _guildId,
    useServerDefaults: _useServerDefaults,
    clickKey: _clickKey,
    preferencesVersion: _preferencesVersion,
    allowedModels: _allowedModels,
    receivedAt: _receivedAt,
    messageId: _messageId,
    followUp: _followUp,
    channelWebhook: _channelWebhook,
    ...work
  } = job;
  return work;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS results (job_id TEXT PRIMARY KEY, keys TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS results_by_expiry ON results (expires_at);
`;

/** Which results were kept and until when, in the scheduler's SQLite, so they are deleted on time. */
export class ResultExpiries {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, "results", [SCHEMA]);
  }

  record(jobId: string, keys: readonly string[], expiresAt: number): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO results (job_id, keys, expires_at) VALUES (?, ?, ?)",
      jobId,
      JSON.stringify(keys),
      expiresAt,
    );
  }

  /** Deletes from `store` a batch of results past their retention; how many jobs' results went. */
  async purge(store: ResultStore, now: number, batch = 100): Promise<number> {
    const expired = this.sql
      .exec<{ job_id: string; keys: string }>(
        "SELECT job_id, keys FROM results WHERE expires_at <= ? ORDER BY expires_at LIMIT ?",
        now,
        batch,
      )
      .toArray();
    if (expired.length === 0) return 0;
    await store.remove(expired.flatMap((r) => JSON.parse(r.keys) as string[]));
    for (const r of expired) this.sql.exec("DELETE FROM results WHERE job_id = ?", r.job_id);
    return expired.length;
  }
}

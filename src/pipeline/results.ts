// What the bot keeps of each result in R2, so buttons keep working: Discord's CDN refuses Workers
// (403 for non-ephemeral media) and Ideogram's links expire. Keys live under the job id.
import * as z from "zod/mini";
import type { ImageFile } from "../ideogram/client.ts";
import type { Job, JobWork } from "./job.ts";

const manifestSchema = z.object({
  version: z.literal(1),
  jobId: z.string(),
  createdAt: z.number(),
  /** What was asked, so re-roll and edit can ask again. */
  work: z.looseObject({ kind: z.enum(["generate", "remix", "upscale", "describe"]) }),
  /** The images kept, by their position in Ideogram's answer. */
  images: z.array(
    z.object({
      index: z.int(),
      seed: z.int(),
      prompt: z.string(),
      resolution: z.string(),
      contentType: z.string(),
    }),
  ),
  descriptions: z.optional(z.array(z.string())),
});
export type Manifest = Omit<z.infer<typeof manifestSchema>, "work"> & { work: JobWork };
export type KeptImage = Manifest["images"][number];

export interface ResultToKeep {
  images: (KeptImage & { bytes: Uint8Array<ArrayBuffer> })[];
  descriptions?: string[];
}

const manifestKey = (jobId: string) => `${jobId}/job.json`;
const imageKey = (jobId: string, index: number) => `${jobId}/${index}`;

export class ResultStore {
  private readonly bucket: R2Bucket;
  private readonly retentionMs: number;
  private readonly onSaved: ((jobId: string, keys: string[], expiresAt: number) => void) | undefined;

  constructor(
    bucket: R2Bucket,
    retentionDays: number,
    onSaved?: (jobId: string, keys: string[], expiresAt: number) => void,
  ) {
    this.bucket = bucket;
    this.retentionMs = retentionDays * 86_400_000;
    this.onSaved = onSaved;
  }

  get retentionDays(): number {
    return this.retentionMs / 86_400_000;
  }

  /** Stores the images, then the manifest that makes them reachable. */
  async save(job: Job, result: ResultToKeep, now: number): Promise<Manifest> {
    const jobId = job.id;
    const work = pickWork(job);
    const images = result.images.map(({ bytes: _bytes, ...image }) => image);
    const manifest: Manifest = { version: 1, jobId, createdAt: now, work, images };
    if (result.descriptions) manifest.descriptions = result.descriptions;
    await Promise.all(
      result.images.map((image) =>
        this.bucket.put(imageKey(jobId, image.index), image.bytes, {
          httpMetadata: { contentType: image.contentType },
        }),
      ),
    );
    await this.bucket.put(manifestKey(jobId), JSON.stringify(manifest), {
      httpMetadata: { contentType: "application/json" },
    });
    const keys = [...images.map((i) => imageKey(jobId, i.index)), manifestKey(jobId)];
    this.onSaved?.(jobId, keys, now + this.retentionMs);
    return manifest;
  }

  /** The manifest of a job's result; undefined if unknown, unreadable or past retention. */
  async manifest(jobId: string, now: number): Promise<Manifest | undefined> {
    if (!/^\d{1,20}$/.test(jobId)) return undefined;
    const object = await this.bucket.get(manifestKey(jobId));
    if (!object) return undefined;
    const parsed = manifestSchema.safeParse(await object.json().catch(() => undefined));
    if (!parsed.success || now - parsed.data.createdAt > this.retentionMs) return undefined;
    return parsed.data as Manifest;
  }

  /** One kept image's bytes. */
  async image(jobId: string, index: number): Promise<ImageFile | undefined> {
    const object = await this.bucket.get(imageKey(jobId, index));
    if (!object) return undefined;
    const contentType = object.httpMetadata?.contentType ?? "image/png";
    const extension = contentType.split("/")[1] ?? "png";
    const bytes = new Uint8Array(await object.arrayBuffer());
    return { bytes, contentType, name: `ideogram-${jobId}-${index + 1}.${extension}` };
  }

  async remove(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.bucket.delete(keys);
  }
}

/** The job's work without its identity (no token, no user). */
function pickWork(job: Job): JobWork {
  switch (job.kind) {
    case "generate":
      return { kind: job.kind, request: job.request };
    case "remix":
      return { kind: job.kind, request: job.request, imageWeight: job.imageWeight, source: job.source };
    case "upscale":
      return { kind: job.kind, request: job.request, source: job.source };
    case "describe":
      return { kind: job.kind, source: job.source };
  }
}

// Loads the images a job sends Ideogram — the image it starts from and its reference images — from a
// kept result, a Discord attachment, or an attachment kept when a job first used it. An attachment is
// kept in R2 on first use, so Re-roll and Vary still have it once Discord's link has expired.
// Layer 5 (pipeline/): imports only layers 0–4, never queue/, region/.
import { fetchLink } from "../http/links.ts";
import { isTimeout } from "../http/retry.ts";
import type { ImageFile } from "../ideogram/client.ts";
import { INPUT_IMAGE_MAX_BYTES } from "../ideogram/models.ts";
import { imageType } from "../jobs/image-type.ts";
import type { ImageSource, JobWork } from "../jobs/job.ts";
import { keptSourceAt, type ResultStore } from "../jobs/results.ts";

export type SourceLoad = { ok: true; image: ImageFile } | { ok: false; userMessage: string };

const NOTHING_SENT = "so nothing was sent to Ideogram.";
const MEGABYTES = INPUT_IMAGE_MAX_BYTES / 1024 / 1024;

export interface SourceDeps {
  results: ResultStore;
  fetch: typeof fetch;
  /** PROMPT_URL_ALLOW_ORIGINS: origins a typed link may use whatever the rules say (tests, the playground). */
  linkOrigins?: readonly string[] | undefined;
}

export async function loadSource(source: ImageSource, deps: SourceDeps): Promise<SourceLoad> {
  if (source.type === "link") return loadLink(source, deps);
  if (source.type !== "url") {
    const image =
      source.type === "stored"
        ? await deps.results.image(source.jobId, source.index)
        : await deps.results.keptSource(source.key, source.filename);
    if (image && image.bytes.byteLength > INPUT_IMAGE_MAX_BYTES) return tooLarge();
    if (image) return { ok: true, image };
    const days = deps.results.retentionDays;
    const what = source.type === "stored" ? "The original image" : `\`${source.filename}\``;
    return fail(`${what} is no longer kept (the bot keeps images for ${days} days), ${NOTHING_SENT}`);
  }
  let response: Response;
  try {
    response = await deps.fetch(source.url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const why = isTimeout(error) ? "Discord took too long to send it" : "the download failed";
    return fail(`I couldn't download \`${source.filename}\` from Discord (${why}), ${NOTHING_SENT}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    // Discord's CDN refuses Cloudflare Workers for media posted in channels; uploads to a command are fine.
    const hint =
      response.status === 403
        ? " Discord doesn't let this bot download images posted in channels: upload the file with `/describe image:` instead."
        : "";
    return fail(
      `I couldn't download \`${source.filename}\` from Discord (HTTP ${response.status}), ${NOTHING_SENT}${hint}`,
    );
  }
  if (Number(response.headers.get("Content-Length")) > INPUT_IMAGE_MAX_BYTES) {
    await response.body?.cancel();
    return tooLarge();
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > INPUT_IMAGE_MAX_BYTES) return tooLarge();
  const contentType = imageType(bytes);
  if (!contentType) return fail(`Ideogram only reads PNG, JPEG and WebP images, ${NOTHING_SENT}`);
  return { ok: true, image: { bytes, contentType, name: source.filename } };
}

/** A link typed in the prompt, fetched with its checks at every hop; its failure ends the job, unbilled. */
async function loadLink(source: ImageSource & { type: "link" }, deps: SourceDeps): Promise<SourceLoad> {
  const fetched = await fetchLink(source.url, {
    fetch: deps.fetch,
    allow: deps.linkOrigins,
    maxBytes: INPUT_IMAGE_MAX_BYTES,
  });
  if (!fetched.ok) {
    if (fetched.problem === "is too large") return tooLarge();
    return fail(`I couldn't use the image at <${source.url}>: the link ${fetched.problem}, ${NOTHING_SENT}`);
  }
  const contentType = imageType(fetched.bytes);
  if (!contentType) return fail(`The link <${source.url}> is not a PNG, JPEG or WebP image, ${NOTHING_SENT}`);
  return { ok: true, image: { bytes: fetched.bytes, contentType, name: source.filename } };
}

/** Every image a job sends Ideogram, loaded. */
export interface LoadedSources {
  image?: ImageFile;
  styleReferences: ImageFile[];
  characterReference?: ImageFile;
}

type Role = "image" | "character" | `style-${number}`;

/** Each image the work sends, by its role. */
function sourcesOf(work: JobWork): [Role, ImageSource][] {
  const refs = "references" in work ? work.references : undefined;
  return [
    ...("source" in work ? [["image", work.source] as [Role, ImageSource]] : []),
    ...(refs?.style ?? []).map((style, i) => [`style-${i}`, style] as [Role, ImageSource]),
    ...(refs?.character ? [["character", refs.character] as [Role, ImageSource]] : []),
  ];
}

/**
 * Whether a source stays as it is in the work the buttons repeat: a kept result image, or a copy
 * this job kept. An attachment (its link expires), or another job's kept copy (which goes when that
 * job's retention ends), is kept again under this job, so its buttons work as long as its images do.
 */
const ownSource = (jobId: string, source: ImageSource) =>
  source.type === "stored" || (source.type === "kept" && source.key.startsWith(`${jobId}/`));

/**
 * Loads the job's source and references, keeping a copy of each attachment under the job. The first
 * that can't be loaded ends the job with its message (nothing is sent to Ideogram, nothing is charged).
 */
export async function loadSources(
  jobId: string,
  work: JobWork,
  deps: SourceDeps & { onKeepFailed?: (error: unknown) => void },
): Promise<{ ok: true; loaded: LoadedSources } | { ok: false; userMessage: string }> {
  const loaded: LoadedSources = { styleReferences: [] };
  for (const [role, source] of sourcesOf(work)) {
    const image = await loadSource(source, deps);
    if (!image.ok) return image;
    if (!ownSource(jobId, source)) {
      const { bytes, contentType } = image.image;
      await deps.results
        .keepSource(jobId, role, bytes, contentType)
        .catch((error) => deps.onKeepFailed?.(error));
    }
    if (role === "image") loaded.image = image.image;
    else if (role === "character") loaded.characterReference = image.image;
    else loaded.styleReferences.push(image.image);
  }
  return { ok: true, loaded };
}

/** The work as its result's buttons repeat it: each source that loadSources keeps, at its kept copy. */
export function keptWork(jobId: string, work: JobWork): JobWork {
  const kept = new Map(
    sourcesOf(work).map(([role, source]) => [
      role,
      ownSource(jobId, source)
        ? source
        : keptSourceAt(jobId, role, source.type === "stored" ? "" : source.filename),
    ]),
  );
  if (kept.size === 0) return work;
  const refs = "references" in work ? work.references : undefined;
  const style = (refs?.style ?? []).map((_, i) => kept.get(`style-${i}`) as ImageSource);
  const character = kept.get("character");
  return {
    ...work,
    ...("source" in work ? { source: kept.get("image") } : {}),
    ...(refs
      ? { references: { ...(style.length ? { style } : {}), ...(character ? { character } : {}) } }
      : {}),
  } as JobWork;
}

const fail = (userMessage: string): SourceLoad & { ok: false } => ({ ok: false, userMessage });
const tooLarge = () => fail(`The image is larger than Ideogram's ${MEGABYTES} MB limit, ${NOTHING_SENT}`);

// Loads the image a remix, upscale or describe job starts from: a kept result, or a Discord attachment.
import { isTimeout } from "../http/retry.ts";
import { IMAGE_FILE_MAX_BYTES, type ImageFile } from "../ideogram/client.ts";
import { imageType } from "./image-type.ts";
import type { ImageSource } from "./job.ts";
import type { ResultStore } from "./results.ts";

export type SourceLoad = { ok: true; image: ImageFile } | { ok: false; userMessage: string };

const NOTHING_SENT = "so nothing was sent to Ideogram.";

export async function loadSource(
  source: ImageSource,
  deps: { results: ResultStore; fetch: typeof fetch },
): Promise<SourceLoad> {
  if (source.type === "stored") {
    const image = await deps.results.image(source.jobId, source.index);
    if (image && image.bytes.byteLength > IMAGE_FILE_MAX_BYTES) return tooLarge();
    if (image) return { ok: true, image };
    const days = deps.results.retentionDays;
    return fail(
      `The original image is no longer kept (the bot keeps images for ${days} days), ${NOTHING_SENT}`,
    );
  }
  let response: Response;
  try {
    response = await deps.fetch(source.url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const why = isTimeout(error) ? "Discord took too long to send it" : "the download failed";
    return fail(`I couldn't download the image from Discord (${why}), ${NOTHING_SENT}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    // Discord's CDN refuses Cloudflare Workers for media posted in channels; uploads to a command are fine.
    const hint =
      response.status === 403
        ? " Discord doesn't let this bot download images posted in channels: upload the file with `/describe image:` instead."
        : "";
    return fail(
      `I couldn't download the image from Discord (HTTP ${response.status}), ${NOTHING_SENT}${hint}`,
    );
  }
  if (Number(response.headers.get("Content-Length")) > IMAGE_FILE_MAX_BYTES) {
    await response.body?.cancel();
    return tooLarge();
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > IMAGE_FILE_MAX_BYTES) {
    return tooLarge();
  }
  const contentType = imageType(bytes);
  if (!contentType) return fail(`Ideogram only reads PNG, JPEG and WebP images, ${NOTHING_SENT}`);
  return { ok: true, image: { bytes, contentType, name: source.filename } };
}

const fail = (userMessage: string): SourceLoad => ({ ok: false, userMessage });
const tooLarge = () => fail(`The image is larger than Ideogram's 10 MB limit, ${NOTHING_SENT}`);

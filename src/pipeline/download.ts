// Ideogram's result images, streamed straight into R2 as they download (its links expire: "you must
// download it"). No image is ever held whole: at most a chunk or two per image is in memory, unless
// the server sends no Content-Length, when one image up to the size limit is. A download that fails
// on the way (a connection lost or cut off, a timeout, a 5xx or 429) is tried again after a pause:
// a paid image is missing from the message only when its link has expired, Ideogram refuses it, or
// it kept failing until the job had to deliver.
// Layer 5 (pipeline/): imports only layers 0–4, never queue/, region/.

import { readAtMost } from "../http/body.ts";
import { type Attempt, type Clock, isTimeout, type RetryPolicy, retrying } from "../http/retry.ts";
import type { GeneratedImage } from "../ideogram/schema.ts";
import { imageType } from "../jobs/image-type.ts";
import type { Download } from "../jobs/results.ts";

export interface DownloadOptions {
  fetch: typeof fetch;
  /** Largest image Discord will accept as an attachment here. */
  maxBytes: number;
  timeoutMs?: number;
  /** Where each image goes as it arrives (R2): `body` has exactly `size` bytes. */
  store(index: number, body: ReadableStream<Uint8Array> | Uint8Array, contentType: string): Promise<void>;
  clock: Clock;
  /** No attempt starts after this (the time the job must deliver by); Ideogram's links live longer. */
  retryUntil: number;
  onRetry?(info: { index: number; attempt: number; reason: string }): void;
}

/** Attempts per image at most. */
export const DOWNLOAD_ATTEMPTS = 5;

/** An attempt that may pass if made again, and how it went wrong ("failed", "timed out", "was cut off"). */
type Retry = { retry: string };

/** Downloads every safe image in parallel into `keep`; never throws. */
export function downloadImages(
  images: readonly GeneratedImage[],
  options: DownloadOptions,
): Promise<Download[]> {
  return Promise.all(images.map((image, index) => downloadImage(image, index, options)));
}

async function downloadImage(
  image: GeneratedImage,
  index: number,
  options: DownloadOptions,
): Promise<Download> {
  // Ideogram withholds unsafe images: url is then null, "" or missing.
  if (!image.is_image_safe || !image.url) return { index, image, status: "withheld" };
  const url = image.url;
  const policy: RetryPolicy<string> = {
    clock: options.clock,
    attempts: DOWNLOAD_ATTEMPTS,
    until: options.retryUntil,
    baseMs: 500,
    capMs: 8_000,
    onRetry: (reason, attempt) => options.onRetry?.({ index, attempt, reason }),
  };
  const downloaded = await retrying(policy, async (): Promise<Attempt<Download, string>> => {
    const tried = await attemptDownload(image, url, index, options);
    return "retry" in tried ? { ok: false, fault: tried.retry } : { ok: true, value: tried };
  });
  if (downloaded.ok) return downloaded.value;
  const times = downloaded.attempts === 1 ? "" : ` ${downloaded.attempts} times`;
  return { index, image, status: "failed", reason: `the download ${downloaded.fault}${times}` };
}

/** One attempt at one image: its outcome, or a fault worth another attempt. */
async function attemptDownload(
  image: GeneratedImage,
  url: string,
  index: number,
  options: DownloadOptions,
): Promise<Download | Retry> {
  let response: Response;
  try {
    response = await options.fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
  } catch (error) {
    return { retry: isTimeout(error) ? "timed out" : "failed" };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    if (response.status >= 500 || response.status === 429) return { retry: "failed" };
    const expired = [403, 404, 410].includes(response.status);
    const reason = expired ? "its link had expired" : `Ideogram answered HTTP ${response.status}`;
    return { index, image, status: "failed", reason };
  }
  const declared = Number(response.headers.get("Content-Length") || Number.NaN);
  if (declared > options.maxBytes) {
    await response.body.cancel();
    return { index, image, status: "too_large", size: declared };
  }
  try {
    if (Number.isFinite(declared)) return await streamInto(image, index, response.body, declared, options);
    const bytes = await readAtMost(response.body, options.maxBytes);
    if (!bytes) return { index, image, status: "too_large", size: options.maxBytes + 1 };
    if (bytes.byteLength === 0) return { index, image, status: "failed", reason: "the image was empty" };
    const contentType = imageType(bytes) ?? "image/png";
    await options.store(index, bytes, contentType);
    return { index, image, status: "ok", contentType, size: bytes.byteLength };
  } catch (error) {
    return { retry: isTimeout(error) ? "timed out" : "was cut off" };
  }
}

/**
 * A body of known length, streamed into R2 through a stream that counts it to the byte; its first
 * chunk tells its real type, the rest is piped by the runtime (no JavaScript per chunk).
 */
async function streamInto(
  image: GeneratedImage,
  index: number,
  body: ReadableStream<Uint8Array>,
  size: number,
  options: DownloadOptions,
): Promise<Download> {
  const reader = body.getReader();
  const first = await reader.read();
  if (first.done || size === 0) {
    await reader.cancel();
    return { index, image, status: "failed", reason: "the image was empty" };
  }
  const contentType = imageType(first.value) ?? "image/png";
  const sized = new FixedLengthStream(size);
  const copied = (async () => {
    const writer = sized.writable.getWriter();
    await writer.write(first.value);
    writer.releaseLock();
    reader.releaseLock();
    await body.pipeTo(sized.writable);
  })();
  await Promise.all([options.store(index, sized.readable, contentType), copied]);
  return { index, image, status: "ok", contentType, size };
}

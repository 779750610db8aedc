// Fetches Ideogram's result images at once, because its links expire (docs: "you must download it").

import { isTimeout } from "../http/retry.ts";
import type { GeneratedImage } from "../ideogram/schema.ts";

export type Download =
  | {
      index: number;
      image: GeneratedImage;
      status: "ok";
      bytes: Uint8Array<ArrayBuffer>;
      contentType: string;
    }
  | { index: number; image: GeneratedImage; status: "withheld" }
  | { index: number; image: GeneratedImage; status: "too_large"; size: number }
  | { index: number; image: GeneratedImage; status: "failed"; reason: string };

export interface DownloadOptions {
  fetch: typeof fetch;
  /** Largest image Discord will accept as an attachment here. */
  maxBytes: number;
  timeoutMs?: number;
}

/** Downloads every safe image in parallel; never throws. */
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
  let response: Response;
  try {
    response = await options.fetch(image.url, { signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
  } catch (error) {
    const reason = isTimeout(error) ? "the download timed out" : "the download failed";
    return { index, image, status: "failed", reason };
  }
  if (!response.ok) {
    await response.body?.cancel();
    const expired = [403, 404, 410].includes(response.status);
    const reason = expired ? "its link had expired" : `Ideogram answered HTTP ${response.status}`;
    return { index, image, status: "failed", reason };
  }
  const declared = Number(response.headers.get("Content-Length"));
  if (declared > options.maxBytes) {
    await response.body?.cancel();
    return { index, image, status: "too_large", size: declared };
  }
  try {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength === 0) return { index, image, status: "failed", reason: "the image was empty" };
    if (bytes.byteLength > options.maxBytes)
      return { index, image, status: "too_large", size: bytes.byteLength };
    return { index, image, status: "ok", bytes, contentType: sniffImageType(bytes) };
  } catch (error) {
    const reason = isTimeout(error) ? "the download timed out" : "the download was cut off";
    return { index, image, status: "failed", reason };
  }
}

/** The image's real type from its magic bytes; Ideogram serves PNG, which is also the fallback. */
export function sniffImageType(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP") return "image/webp";
  return "image/png";
}

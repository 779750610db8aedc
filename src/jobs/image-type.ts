// An image's real type from its first bytes (the one place this is decided).
// Layer 2 (jobs/): imports only layers 0–1, never config.ts.

/** PNG, JPEG or WebP by magic bytes; undefined for anything else. At least 12 bytes are needed. */
export function imageType(bytes: Uint8Array): "image/png" | "image/jpeg" | "image/webp" | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes[0] === 0x89 && ascii(1, 4) === "PNG") return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return undefined;
}

/** The file extension for a type ("jpg" for JPEG, as cameras and Discord name them). */
export const extensionOf = (contentType: string) =>
  ({ "image/jpeg": "jpg", "image/webp": "webp" })[contentType] ?? "png";

/** A PNG's width and height from its IHDR chunk (the first 24 bytes); undefined for anything else. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length < 24 || imageType(bytes) !== "image/png" || ascii(12, 16) !== "IHDR") return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

// Recognisable fake image bytes: a PNG signature followed by a marker and filler.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function fakePng(marker: string, size = 256): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(Math.max(size, PNG_SIGNATURE.length + marker.length));
  bytes.set(PNG_SIGNATURE, 0);
  bytes.set(new TextEncoder().encode(marker), PNG_SIGNATURE.length);
  for (let i = PNG_SIGNATURE.length + marker.length; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
  return bytes;
}

export const pngResponse = (bytes: Uint8Array<ArrayBuffer>) =>
  new Response(bytes, {
    headers: { "Content-Type": "image/png", "Content-Length": String(bytes.byteLength) },
  });

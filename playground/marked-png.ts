// Recognisable image bytes for the emulators' answers in tests and the bench: a PNG signature, a
// marker saying what the image is, and filler to the size asked for. Not a picture (a placeholder
// takes far longer to make); no Node or workerd API, so the tests in workerd use it too.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function markedPng(marker: string, size = 256): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(Math.max(size, PNG_SIGNATURE.length + marker.length));
  bytes.set(PNG_SIGNATURE, 0);
  bytes.set(new TextEncoder().encode(marker), PNG_SIGNATURE.length);
  for (let i = PNG_SIGNATURE.length + marker.length; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
  return bytes;
}

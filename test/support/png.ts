// The first bytes of a PNG of a given size (signature and IHDR chunk): what the Worker reads of a
// mask or an image to know its size. Not a picture: the pixels are not there.
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function pngOfSize(width: number, height: number, marker = "mask"): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(33 + 16 + marker.length);
  const view = new DataView(bytes.buffer);
  bytes.set(SIGNATURE, 0);
  view.setUint32(8, 13);
  bytes.set(new TextEncoder().encode("IHDR"), 12);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 0, 0, 0, 0], 24);
  bytes.set(new TextEncoder().encode(marker), 33);
  return bytes;
}

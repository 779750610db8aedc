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

// Real PNGs, written and read here independently of the Worker's own reader (src/region/mask.ts):
// 8-bit, non-interlaced, any colour type, each row with the filter asked (to exercise every one).

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface RawPng {
  width: number;
  height: number;
  /** PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  type: number;
  /** Samples, row by row, unfiltered. */
  pixels: Uint8Array;
  palette?: number[];
  /** A tEXt chunk's comment (what the image is, for telling two apart). */
  comment?: string;
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream) {
  const piped = new Blob([bytes.slice()]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc(out.subarray(4, 8 + data.length)));
  return out;
}

/** What a row filter predicts a sample from its left (a), upper (b) and upper-left (c) neighbours. */
function predict(filter: number, a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  return [0, a, b, (a + b) >> 1, paeth][filter] ?? 0;
}

/** Encodes `png`, each row filtered with `filters[row % filters.length]` (0 None … 4 Paeth). */
export async function encodePng(png: RawPng, filters: number[] = [0]): Promise<Uint8Array<ArrayBuffer>> {
  const bpp = CHANNELS[png.type] ?? 1;
  const stride = png.width * bpp;
  const raw = new Uint8Array((stride + 1) * png.height);
  const at = (x: number, y: number) => (x < 0 || y < 0 ? 0 : (png.pixels[y * stride + x] ?? 0));
  for (let y = 0; y < png.height; y++) {
    const filter = filters[y % filters.length] ?? 0;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const predicted = predict(filter, at(x - bpp, y), at(x, y - 1), at(x - bpp, y - 1));
      raw[y * (stride + 1) + 1 + x] = (at(x, y) - predicted) & 0xff;
    }
  }
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, png.width);
  new DataView(header.buffer).setUint32(4, png.height);
  header.set([8, png.type, 0, 0, 0], 8);
  const parts = [
    Uint8Array.from(SIGNATURE),
    pngChunk("IHDR", header),
    ...(png.palette ? [pngChunk("PLTE", Uint8Array.from(png.palette))] : []),
    ...(png.comment ? [pngChunk("tEXt", new TextEncoder().encode(`Comment\0${png.comment}`))] : []),
    pngChunk("IDAT", await through(raw, new CompressionStream("deflate"))),
    pngChunk("IEND", new Uint8Array(0)),
  ];
  return concat(parts);
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Decodes an 8-bit non-interlaced PNG (every filter), for checking what a fake received. */
export async function decodePng(bytes: Uint8Array): Promise<RawPng> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let type = 0;
  const data: Uint8Array[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at);
    const name = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (name === "IHDR") {
      [width, height] = [view.getUint32(at + 8), view.getUint32(at + 12)];
      if (body[8] !== 8 || body[12] !== 0) throw new Error("decodePng reads 8-bit non-interlaced PNGs");
      type = body[9] ?? 0;
    }
    if (name === "IDAT") data.push(body);
    at += 12 + length;
  }
  const raw = await through(concat(data), new DecompressionStream("deflate"));
  const bpp = CHANNELS[type] ?? 1;
  const stride = width * bpp;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? (pixels[y * stride + x - bpp] ?? 0) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= bpp && y > 0 ? (pixels[(y - 1) * stride + x - bpp] ?? 0) : 0;
      pixels[y * stride + x] = ((raw[y * (stride + 1) + 1 + x] ?? 0) + predict(filter, a, b, c)) & 0xff;
    }
  }
  return { width, height, type, pixels };
}

/**
 * A mask as the editor page sends it (RGBA, white, a painted rectangle in black), encoded with every
 * filter in turn.
 */
export function paintedMask(
  width: number,
  height: number,
  box: { x: number; y: number; w: number; h: number },
): Promise<Uint8Array<ArrayBuffer>> {
  const pixels = new Uint8Array(width * height * 4).fill(255);
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) pixels.set([0, 0, 0, 255], (y * width + x) * 4);
  }
  return encodePng({ width, height, type: 6, pixels }, [0, 1, 2, 3, 4]);
}

/** A 16×16 RGBA PNG: fully transparent on the left half, opaque red on the right; `comment` says which. */
export function transparentPng(comment: string): Promise<Uint8Array<ArrayBuffer>> {
  const pixels = new Uint8Array(16 * 16 * 4);
  for (let i = 0; i < 16 * 16; i++) if (i % 16 >= 8) pixels.set([220, 30, 40, 255], i * 4);
  return encodePng({ width: 16, height: 16, type: 6, pixels, comment }, [0, 1]);
}

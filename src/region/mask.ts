// The region editor's mask, read and written by the Worker so that no user ever meets a mask
// convention: the page sends what was painted (black) on white, at the image's exact size; each job
// gets a mask in its operation's own colours (models.ts `maskMarks`: black for inpaint and 4.5, white
// for remove-object), as an 8-bit greyscale PNG of pure black and white (Ideogram rounds grey to the
// nearer anyway). Zlib is the runtime's own (DecompressionStream, CompressionStream); the PNG around it
// is the few chunks a mask needs (PNG spec: IHDR, PLTE, tRNS, IDAT, IEND; filters 0–4).
// Layer 5 (region/): imports only layers 0–4, never pipeline/, queue/.

/** A painted region: one byte a pixel, 1 where painted. */
export interface Mask {
  width: number;
  height: number;
  painted: Uint8Array;
  /** How many pixels are painted. */
  count: number;
}

export type MaskRead = { ok: true; mask: Mask } | { ok: false; error: string };

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per pixel of each PNG colour type: grey, RGB, palette, grey + alpha, RGBA. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

const refused = (error: string): MaskRead => ({ ok: false, error });

/**
 * Reads the page's mask: a PNG of `expected` size, painted in dark (below half brightness, over white
 * where transparent). Anything else — another size, no PNG, a PNG the editor never makes (not 8-bit,
 * interlaced) — is refused with a sentence for the page.
 */
export async function readMask(
  bytes: Uint8Array,
  expected: { width: number; height: number },
): Promise<MaskRead> {
  const png = chunks(bytes);
  const header = png?.get("IHDR")?.[0];
  if (!png || !header || header.length !== 13) return refused("The mask must be a PNG image.");
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  if (width !== expected.width || height !== expected.height) {
    return refused(
      `The mask is ${width}×${height}; it must be the image's size, ${expected.width}×${expected.height}.`,
    );
  }
  const [depth, type, , , interlace] = header.subarray(8);
  const channels = CHANNELS[type ?? -1];
  if (depth !== 8 || !channels || interlace !== 0) {
    return refused("The mask must be an 8-bit, non-interlaced PNG, as the editor page makes it.");
  }
  const stride = width * channels;
  const raw = await inflate(png.get("IDAT") ?? [], (stride + 1) * height);
  if (!raw) return refused("The mask's PNG data is damaged.");
  const pixels = unfilter(raw, stride, height, channels);
  if (!pixels) return refused("The mask's PNG data is damaged.");
  const palette = type === 3 ? paletteOf(png) : undefined;
  if (type === 3 && !palette) return refused("The mask's PNG has no palette.");
  const painted = new Uint8Array(width * height);
  let count = 0;
  for (let i = 0; i < painted.length; i++) {
    const shade = palette ? (palette[pixels[i] ?? 0] ?? 255) : shadeAt(pixels, i * channels, type ?? 0);
    if (shade < 128) {
      painted[i] = 1;
      count++;
    }
  }
  return { ok: true, mask: { width, height, painted, count } };
}

/** The mask as a job's operation takes it: the painted region in `marks`, the rest the other colour. */
export async function maskPng(mask: Mask, marks: "black" | "white"): Promise<Uint8Array<ArrayBuffer>> {
  const { width, height, painted } = mask;
  const [on, off] = marks === "black" ? [0, 255] : [255, 0];
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) {
    // Each row: filter 0 (none), then its pixels.
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = painted[y * width + x] ? on : off;
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, adaptive filtering, no interlace
  const data = await through(raw, new CompressionStream("deflate"));
  const parts = [Uint8Array.from(SIGNATURE), chunk("IHDR", header), chunk("IDAT", data), chunk("IEND")];
  return new Uint8Array(await new Blob(parts).arrayBuffer());
}

/** The PNG's chunks by type (a type may repeat: IDAT), or undefined if it is not a PNG. */
function chunks(bytes: Uint8Array): Map<string, Uint8Array[]> | undefined {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Map<string, Uint8Array[]>();
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (end > bytes.length) return undefined;
    const data = bytes.subarray(at + 8, at + 8 + length);
    const list = found.get(type);
    if (list) list.push(data);
    else found.set(type, [data]);
    if (type === "IEND") return found;
    at = end;
  }
  return undefined;
}

/** The shade of each palette entry (with its tRNS alpha), for a palette PNG. */
function paletteOf(png: Map<string, Uint8Array[]>): number[] | undefined {
  const plte = png.get("PLTE")?.[0];
  if (!plte || plte.length % 3 !== 0) return undefined;
  const alpha = png.get("tRNS")?.[0];
  return Array.from({ length: plte.length / 3 }, (_, i) =>
    overWhite(plte[i * 3] ?? 0, plte[i * 3 + 1] ?? 0, plte[i * 3 + 2] ?? 0, alpha?.[i] ?? 255),
  );
}

/** How bright a colour looks over white, as the page shows it (ITU-R BT.601 weights): 0–255. */
const overWhite = (r: number, g: number, b: number, a: number) =>
  ((r * 299 + g * 587 + b * 114) / 1000) * (a / 255) + 255 * (1 - a / 255);

/** The shade of the pixel whose samples start at `at`; below 128 is painted. */
function shadeAt(pixels: Uint8Array, at: number, type: number): number {
  const first = pixels[at] ?? 0;
  switch (type) {
    case 0:
      return first;
    case 4:
      return overWhite(first, first, first, pixels[at + 1] ?? 0);
    case 2:
      return overWhite(first, pixels[at + 1] ?? 0, pixels[at + 2] ?? 0, 255);
    default:
      return overWhite(first, pixels[at + 1] ?? 0, pixels[at + 2] ?? 0, pixels[at + 3] ?? 0);
  }
}

/** The image data inflated, if it is exactly `size` bytes (more is refused as soon as it shows). */
async function inflate(parts: readonly Uint8Array[], size: number): Promise<Uint8Array | undefined> {
  const out = new Uint8Array(size);
  let length = 0;
  const stream = new Blob(parts.map((p) => p.slice()))
    .stream()
    .pipeThrough(new DecompressionStream("deflate"));
  try {
    for await (const piece of stream as unknown as AsyncIterable<Uint8Array>) {
      if (length + piece.length > size) return undefined;
      out.set(piece, length);
      length += piece.length;
    }
  } catch {
    return undefined;
  }
  return length === size ? out : undefined;
}

/** Undoes each row's filter (PNG spec §9: None, Sub, Up, Average, Paeth), one byte a sample. */
function unfilter(raw: Uint8Array, stride: number, rows: number, bpp: number): Uint8Array | undefined {
  const out = new Uint8Array(stride * rows);
  const none = new Uint8Array(stride);
  for (let y = 0; y < rows; y++) {
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const line = out.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? out.subarray((y - 1) * stride, y * stride) : none;
    // Each filter's loop of its own: a switch per byte costs several times the work.
    const at = (bytes: Uint8Array, x: number) => (x >= 0 ? (bytes[x] ?? 0) : 0);
    switch (filter) {
      case 0:
        line.set(row);
        break;
      case 1:
        for (let x = 0; x < stride; x++) line[x] = ((row[x] ?? 0) + at(line, x - bpp)) & 0xff;
        break;
      case 2:
        for (let x = 0; x < stride; x++) line[x] = ((row[x] ?? 0) + (up[x] ?? 0)) & 0xff;
        break;
      case 3:
        for (let x = 0; x < stride; x++) {
          line[x] = ((row[x] ?? 0) + ((at(line, x - bpp) + (up[x] ?? 0)) >> 1)) & 0xff;
        }
        break;
      case 4:
        for (let x = 0; x < stride; x++) {
          const predicted = paeth(at(line, x - bpp), up[x] ?? 0, at(up, x - bpp));
          line[x] = ((row[x] ?? 0) + predicted) & 0xff;
        }
        break;
      default:
        return undefined;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

const through = async (bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream) =>
  new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());

function chunk(type: string, data: Uint8Array = new Uint8Array(0)): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

let crcTable: Uint32Array | undefined;
/** CRC-32 (ISO 3309), as every PNG chunk carries it. */
function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

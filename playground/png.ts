// Clearly labelled placeholder PNGs for the playground's Ideogram emulator: a flat colour from the
// seed, a border, and the prompt and seed drawn in a 5×7 bitmap font. No dependencies.
import { deflateSync } from "node:zlib";

/** 5×7 glyphs, one row per entry, bit 4 = leftmost pixel. */
const FONT: Record<string, number[]> = {
  A: [14, 17, 17, 31, 17, 17, 17],
  B: [30, 17, 17, 30, 17, 17, 30],
  C: [14, 17, 16, 16, 16, 17, 14],
  D: [30, 17, 17, 17, 17, 17, 30],
  E: [31, 16, 16, 30, 16, 16, 31],
  F: [31, 16, 16, 30, 16, 16, 16],
  G: [14, 17, 16, 23, 17, 17, 15],
  H: [17, 17, 17, 31, 17, 17, 17],
  I: [14, 4, 4, 4, 4, 4, 14],
  J: [7, 2, 2, 2, 2, 18, 12],
  K: [17, 18, 20, 24, 20, 18, 17],
  L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17],
  N: [17, 17, 25, 21, 19, 17, 17],
  O: [14, 17, 17, 17, 17, 17, 14],
  P: [30, 17, 17, 30, 16, 16, 16],
  Q: [14, 17, 17, 17, 21, 18, 13],
  R: [30, 17, 17, 30, 20, 18, 17],
  S: [15, 16, 16, 14, 1, 1, 30],
  T: [31, 4, 4, 4, 4, 4, 4],
  U: [17, 17, 17, 17, 17, 17, 14],
  V: [17, 17, 17, 17, 17, 10, 4],
  W: [17, 17, 17, 21, 21, 21, 10],
  X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 10, 4, 4, 4, 4],
  Z: [31, 1, 2, 4, 8, 16, 31],
  "0": [14, 17, 19, 21, 25, 17, 14],
  "1": [4, 12, 4, 4, 4, 4, 14],
  "2": [14, 17, 1, 2, 4, 8, 31],
  "3": [31, 2, 4, 2, 1, 17, 14],
  "4": [2, 6, 10, 18, 31, 2, 2],
  "5": [31, 16, 30, 1, 1, 17, 14],
  "6": [6, 8, 16, 30, 17, 17, 14],
  "7": [31, 1, 2, 4, 8, 8, 8],
  "8": [14, 17, 17, 14, 17, 17, 14],
  "9": [14, 17, 17, 15, 1, 2, 12],
  " ": [0, 0, 0, 0, 0, 0, 0],
  ".": [0, 0, 0, 0, 0, 12, 12],
  ",": [0, 0, 0, 0, 12, 4, 8],
  ":": [0, 12, 12, 0, 12, 12, 0],
  "-": [0, 0, 0, 31, 0, 0, 0],
  "#": [10, 10, 31, 10, 31, 10, 10],
  "?": [14, 17, 1, 2, 4, 0, 4],
  "!": [4, 4, 4, 4, 4, 0, 4],
  "'": [4, 4, 8, 0, 0, 0, 0],
  "/": [1, 1, 2, 4, 8, 16, 16],
  "(": [2, 4, 8, 8, 8, 4, 2],
  ")": [8, 4, 2, 2, 2, 4, 8],
  "×": [0, 17, 10, 4, 10, 17, 0],
};

/** RGB, or RGBA where the background is transparent. */
export type Colour = [number, number, number] | [number, number, number, number];

export interface Canvas {
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA), as the colour it was made with. */
  channels: 3 | 4;
  /** Row by row. */
  pixels: Uint8Array;
}

export function createCanvas(width: number, height: number, colour: Colour): Canvas {
  const channels = colour.length;
  const pixels = new Uint8Array(width * height * channels);
  for (let i = 0; i < pixels.length; i += channels) pixels.set(colour, i);
  return { width, height, channels, pixels };
}

/** Fills a rectangle; an RGB colour on an RGBA canvas is opaque. */
export function fillRect(canvas: Canvas, x: number, y: number, w: number, h: number, colour: Colour) {
  const paint = (colour.length === 3 ? [...colour, 255] : colour).slice(0, canvas.channels);
  for (let row = Math.max(0, y); row < Math.min(canvas.height, y + h); row++) {
    for (let col = Math.max(0, x); col < Math.min(canvas.width, x + w); col++) {
      canvas.pixels.set(paint, (row * canvas.width + col) * canvas.channels);
    }
  }
}

/** Draws `text` (upper-cased; unknown characters become "?") at (x, y), `scale` pixels per dot. */
export function drawText(canvas: Canvas, text: string, x: number, y: number, scale: number, rgb: Colour) {
  [...text.toUpperCase()].forEach((char, i) => {
    const glyph = FONT[char] ?? FONT["?"] ?? [];
    glyph.forEach((bits, row) => {
      for (let col = 0; col < 5; col++) {
        if (bits & (16 >> col))
          fillRect(canvas, x + (i * 6 + col) * scale, y + row * scale, scale, scale, rgb);
      }
    });
  });
}

/** Splits `text` into lines of at most `width` characters, at spaces where possible. */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.replace(/\s+/g, " ").trim().split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width) line = next;
    else {
      if (line) lines.push(line);
      line = word.slice(0, width);
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines)
    return [...lines.slice(0, maxLines - 1), `${lines[maxLines - 1]?.slice(0, width - 3)}...`];
  return lines;
}

export function encodePng(canvas: Canvas): Buffer {
  const { width, height, pixels, channels } = canvas;
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let row = 0; row < height; row++) {
    raw[row * (stride + 1)] = 0; // filter: none
    raw.set(pixels.subarray(row * stride, (row + 1) * stride), row * (stride + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  // 8-bit RGB (colour type 2) or RGBA (6), deflate, no filter method, no interlace.
  header.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 6 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The placeholder for one generated image: the prompt, the seed, the size, and what it is. A
 * transparent one (a transparent model's) is an RGBA PNG whose background is clear.
 */
export function placeholderImage(
  width: number,
  height: number,
  prompt: string,
  seed: number,
  label: string,
  transparent = false,
): Buffer {
  const hue = seed % 360;
  const canvas = createCanvas(width, height, transparent ? [0, 0, 0, 0] : hsl(hue, 0.45, 0.82));
  const ink = hsl(hue, 0.6, 0.2);
  const border = Math.max(4, Math.round(Math.min(width, height) / 64));
  fillRect(canvas, 0, 0, width, border, ink);
  fillRect(canvas, 0, height - border, width, border, ink);
  fillRect(canvas, 0, 0, border, height, ink);
  fillRect(canvas, width - border, 0, border, height, ink);
  const scale = Math.max(2, Math.floor(width / 200));
  const columns = Math.max(8, Math.floor((width - 4 * border) / (6 * scale)));
  let y = border * 3;
  const line = (text: string) => {
    drawText(canvas, text, border * 2, y, scale, ink);
    y += 9 * scale;
  };
  line(label);
  y += 4 * scale;
  for (const text of wrap(prompt, columns, Math.max(1, Math.floor((height - y - 30 * scale) / (9 * scale)))))
    line(text);
  y = height - border * 3 - 18 * scale;
  line(`SEED ${seed}`);
  line(`${width}×${height}`);
  return encodePng(canvas);
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

// The region editor's mask on the submission's path: the Worker reads the page's PNG (inflate, undo
// each row's filter, decide painted or not per pixel) and writes the tool's greyscale PNG (deflate),
// src/region/mask.ts. The floor is the zlib work alone on the same bytes — inflating the page's image
// data and deflating a greyscale image of the same size — with the same web streams, in the same
// process, interleaved. It runs in Node's V8 (the engine workerd embeds): a figure of the JavaScript's
// cost next to Cloudflare's CPU limits, not a workerd measurement.
import { maskPng, readMask } from "../src/region/mask.ts";
import { paintedMask } from "../test/support/png.ts";
import { median } from "./measure.ts";
import type { Row } from "./phases.ts";

const ROUNDS = Number(process.env.BENCH_MASK_ROUNDS ?? 15);

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  let length = 0;
  for await (const piece of stream as unknown as AsyncIterable<Uint8Array>) length += piece.length;
  return length;
}

/** The image data (IDAT) of a PNG this bench made: one chunk after the 33-byte header. */
const imageData = (png: Uint8Array) => png.subarray(41, 41 + new DataView(png.buffer).getUint32(33));

export async function maskPhase(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const side of [1024, 2048]) {
    const page = await paintedMask(side, side, { x: side / 8, y: side / 4, w: side / 3, h: side / 6 });
    const grey = new Uint8Array((side + 1) * side);
    const bot: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let start = performance.now();
      const read = await readMask(page, { width: side, height: side });
      if (!read.ok) throw new Error(read.error);
      await maskPng(read.mask, "white");
      bot.push(performance.now() - start);
      start = performance.now();
      await drain(
        new Blob([imageData(page).slice()]).stream().pipeThrough(new DecompressionStream("deflate")),
      );
      await drain(new Blob([grey]).stream().pipeThrough(new CompressionStream("deflate")));
      floor.push(performance.now() - start);
    }
    const [b, f] = [median(bot), median(floor)];
    rows.push({
      measure: `the region editor's mask, ${side}×${side} RGBA from the page → the tool's greyscale PNG (Node's V8)`,
      bot: `${b.toFixed(1)} ms`,
      baseline: `zlib alone on the same bytes: ${f.toFixed(1)} ms`,
      ratio: b / f,
      budget: Number.NaN,
    });
  }
  return rows;
}

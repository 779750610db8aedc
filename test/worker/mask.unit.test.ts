// The region editor's mask: read from PNGs made here independently (every colour type a browser or a
// tool may write, every row filter), and written in each operation's colours.
import { describe, expect, it } from "vitest";
import { maskPng, readMask } from "../../src/region/mask.ts";
import { decodePng, encodePng, paintedMask, pngOfSize } from "../support/png.ts";

const size = { width: 7, height: 5 };
/** Painted where x ≥ 3 and y ≥ 2. */
const isPainted = (x: number, y: number) => x >= 3 && y >= 2;

function samples(colour: (painted: boolean) => number[]) {
  const out: number[] = [];
  for (let y = 0; y < size.height; y++) {
    for (let x = 0; x < size.width; x++) out.push(...colour(isPainted(x, y)));
  }
  return Uint8Array.from(out);
}

const painted = (mask: { painted: Uint8Array }) =>
  [...mask.painted].map((v, i) => v === 1 && isPainted(i % size.width, Math.floor(i / size.width)));

describe("readMask", () => {
  const kinds: [string, number, (p: boolean) => number[], number[]?][] = [
    ["grey", 0, (p) => [p ? 0 : 255]],
    ["RGB", 2, (p) => (p ? [10, 20, 30] : [250, 250, 240])],
    ["grey and alpha", 4, (p) => [p ? 0 : 255, 255]],
    ["RGBA", 6, (p) => (p ? [0, 0, 0, 255] : [255, 255, 255, 255])],
    // Painted is opaque black; the rest is transparent black, which shows as the white behind it.
    ["RGBA, unpainted transparent", 6, (p) => (p ? [0, 0, 0, 255] : [0, 0, 0, 0])],
    ["palette", 3, (p) => [p ? 1 : 0], [255, 255, 255, 0, 0, 0]],
  ];
  for (const [name, type, colour, palette] of kinds) {
    it(`reads a ${name} PNG with every row filter`, async () => {
      const pixels = samples(colour);
      const bytes = await encodePng(
        { ...size, type, pixels, ...(palette ? { palette } : {}) },
        [0, 1, 2, 3, 4],
      );
      const read = await readMask(bytes, size);
      if (!read.ok) throw new Error(read.error);
      expect(read.mask.count).toBe(4 * 3);
      expect(painted(read.mask).filter(Boolean)).toHaveLength(12);
    });
  }

  it("refuses what is not a PNG of the image's size, or not one the page makes", async () => {
    const wrongSize = await readMask(await paintedMask(8, 5, { x: 0, y: 0, w: 2, h: 2 }), size);
    expect(wrongSize).toEqual({ ok: false, error: "The mask is 8×5; it must be the image's size, 7×5." });
    expect(await readMask(new TextEncoder().encode("GIF89a not a png"), size)).toMatchObject({
      ok: false,
      error: "The mask must be a PNG image.",
    });
    // A header with no image data after it.
    expect(await readMask(pngOfSize(7, 5), size)).toMatchObject({ ok: false });
    const sixteenBit = pngOfSize(7, 5);
    sixteenBit[24] = 16;
    expect((await readMask(sixteenBit, size)).ok).toBe(false);
  });

  it("refuses data that inflates to more than the image holds", async () => {
    const big = await encodePng({ width: 7, height: 6, type: 0, pixels: new Uint8Array(42) });
    // Claim 7×5 in the header, keep the 7×6 rows.
    big[23] = 5;
    expect(await readMask(big, size)).toEqual({ ok: false, error: "The mask's PNG data is damaged." });
  });
});

describe("maskPng", () => {
  it("writes the painted region black, or white, at the image's size", async () => {
    const read = await readMask(await paintedMask(7, 5, { x: 3, y: 2, w: 4, h: 3 }), size);
    if (!read.ok) throw new Error(read.error);
    for (const [marks, on, off] of [
      ["black", 0, 255],
      ["white", 255, 0],
    ] as const) {
      const png = await decodePng(await maskPng(read.mask, marks));
      expect(png).toMatchObject({ width: 7, height: 5, type: 0 });
      const expected = samples((p) => [p ? on : off]);
      expect([...png.pixels]).toEqual([...expected]);
    }
  });
});

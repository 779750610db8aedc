// `resolution` as users type it ("1280x720", "16:9", "landscape") ⇄ Ideogram's RESOLUTION_W_H values.
import { RESOLUTIONS, type Resolution, type ResolutionSize } from "./enums.ts";

/** Ratios people name, for labels ("≈16:9") and for searching by ratio. */
const COMMON_RATIOS: readonly [number, number][] = [
  [1, 1],
  [5, 4],
  [4, 5],
  [4, 3],
  [3, 4],
  [3, 2],
  [2, 3],
  [16, 10],
  [10, 16],
  [16, 9],
  [9, 16],
  [2, 1],
  [1, 2],
  [21, 9],
  [9, 21],
  [3, 1],
  [1, 3],
];
/** How far (relative) a size's ratio may be from a named one and still count as it. */
const RATIO_TOLERANCE = 0.03;

/** The resolution a user typed in any common spelling, or undefined. */
export function parseResolution(text: string): Resolution | undefined {
  const match = /^(?:RESOLUTION_)?(\d{3,4})\s*[x×*_ ]\s*(\d{3,4})$/i.exec(text.trim());
  const value = match ? `RESOLUTION_${match[1]}_${match[2]}` : undefined;
  return RESOLUTIONS.find((r) => r.value === value)?.value;
}

/** "1280×720 (16:9)" — what the autocomplete list shows. */
export function describeResolution(size: ResolutionSize): string {
  return `${size.width}×${size.height} (${ratioLabel(size.width, size.height)})`;
}

export function ratioLabel(width: number, height: number): string {
  const nearest = nearestRatio(width / height);
  const [w, h] = nearest.ratio;
  return nearest.error < 0.001 ? `${w}:${h}` : `≈${w}:${h}`;
}

/**
 * Sizes matching what the user has typed so far, best first: a ratio ("16:9"), a shape word
 * ("square", "landscape", "portrait"), or digits ("1024", "1280x7").
 */
export function suggestResolutions(query: string, limit: number): ResolutionSize[] {
  const q = query
    .trim()
    .toLowerCase()
    .replace(/^resolution_/, "")
    .replace(/[×*_ ]/g, "x");
  if (q === "") return spread(limit);
  const ratio = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(q);
  if (ratio) return byRatio(Number(ratio[1]) / Number(ratio[2]), limit);
  const shape = SHAPES[q];
  if (shape) return RESOLUTIONS.filter((r) => shape(r.width / r.height)).slice(0, limit);
  const prefix = RESOLUTIONS.filter((r) => `${r.width}x${r.height}`.startsWith(q));
  const anywhere = RESOLUTIONS.filter((r) => !prefix.includes(r) && `${r.width}x${r.height}`.includes(q));
  return [...prefix, ...anywhere].slice(0, limit);
}

const SHAPES: Record<string, (ratio: number) => boolean> = {
  square: (r) => r === 1,
  landscape: (r) => r > 1,
  wide: (r) => r > 1,
  portrait: (r) => r < 1,
  tall: (r) => r < 1,
};

/** With nothing typed: the size closest to each common ratio, squarest first. */
function spread(limit: number): ResolutionSize[] {
  const picks = COMMON_RATIOS.map(([w, h]) => byRatio(w / h, 1)[0]).filter(
    (r): r is ResolutionSize => r !== undefined,
  );
  const unique = [...new Set(picks)];
  return [...unique, ...RESOLUTIONS.filter((r) => !unique.includes(r))].slice(0, limit);
}

function byRatio(target: number, limit: number): ResolutionSize[] {
  return RESOLUTIONS.map((r) => ({ r, error: Math.abs(r.width / r.height / target - 1) }))
    .filter((x) => x.error <= RATIO_TOLERANCE)
    .sort((a, b) => a.error - b.error || b.r.width * b.r.height - a.r.width * a.r.height)
    .slice(0, limit)
    .map((x) => x.r);
}

function nearestRatio(value: number) {
  let best = { ratio: COMMON_RATIOS[0] ?? [1, 1], error: Number.POSITIVE_INFINITY };
  for (const ratio of COMMON_RATIOS) {
    const error = Math.abs(value / (ratio[0] / ratio[1]) - 1);
    if (error < best.error) best = { ratio, error };
  }
  return best;
}

// `resolution` as users type it ("1280x720", "16:9", "landscape", "1920x1080", "4k") ⇄ the bot's one
// spelling, RESOLUTION_W_H (legacy's; encode.ts writes "WxH" for 3.0 and 4.0), per model's own list.
// Layer 1 (ideogram/): imports only layer 0, never discord/.
import { ASPECT_RATIOS, type AspectRatio, type Model, RESOLUTION_SIZES } from "./enums.ts";
import { IDEOGRAM_DEFAULT_MODEL, MODEL_FACTS, REFRAME_SHAPES, type ReframeShape } from "./models.ts";

export type Resolution = `RESOLUTION_${number}_${number}`;
export interface ResolutionSize {
  value: Resolution;
  width: number;
  height: number;
}
type SizeList = keyof typeof RESOLUTION_SIZES;

const lists = new Map<SizeList, readonly ResolutionSize[]>();
/** One list's sizes, turned once, when first asked for. */
function sizesOf(list: SizeList): readonly ResolutionSize[] {
  let sizes = lists.get(list);
  if (!sizes) {
    sizes = RESOLUTION_SIZES[list].split(/\s+/).map((size) => {
      const [width = 0, height = 0] = size.split("x").map(Number);
      return { value: `RESOLUTION_${width}_${height}` as Resolution, width, height };
    });
    lists.set(list, sizes);
  }
  return sizes;
}

/** The sizes `model` takes (none for a model without `resolution`). */
export function resolutionsOf(model: Model | undefined): readonly ResolutionSize[] {
  const list = MODEL_FACTS[model ?? IDEOGRAM_DEFAULT_MODEL].sizes;
  return list ? sizesOf(list) : [];
}

/** Legacy /generate's 78 resolutions. */
export const legacyResolutions = () => sizesOf("legacy");

export const sizeOf = (value: string): ResolutionSize | undefined => {
  const match = /^RESOLUTION_(\d+)_(\d+)$/.exec(value);
  return match
    ? { value: value as Resolution, width: Number(match[1]), height: Number(match[2]) }
    : undefined;
};

/** "RESOLUTION_1280_720" → "1280x720", as 3.0 and 4.0 spell it. */
export const toWxH = (value: string) => value.replace(/^RESOLUTION_(\d+)_(\d+)$/, "$1x$2");

/** The resolution a user typed in any common spelling, if some model has it. */
export function parseResolution(text: string): Resolution | undefined {
  const match = /^(?:RESOLUTION_)?(\d{3,4})\s*[x×*_ ]\s*(\d{3,4})$/i.exec(text.trim());
  const value = match ? `RESOLUTION_${match[1]}_${match[2]}` : undefined;
  const every = Object.keys(RESOLUTION_SIZES) as SizeList[];
  return every.some((list) => sizesOf(list).some((r) => r.value === value))
    ? (value as Resolution)
    : undefined;
}

/**
 * 4.0 and 4.5 take no aspect ratio: a ratio is sent as the model's smallest size of it — 4.0's 1K size
 * (§3.3; every ratio has one), and 4.5's, which bills 1K where it has one (v2-4-5 §1.3).
 */
export function sizeOfRatio(aspect: AspectRatio, model: Model = "V_4"): ResolutionSize | undefined {
  const [w = 1, h = 1] = ASPECT_RATIOS[aspect].split(":").map(Number);
  return resolutionsOf(model)
    .filter((s) => s.width * h === s.height * w)
    .reduce<ResolutionSize | undefined>(
      (a, s) => (!a || s.width * s.height < a.width * a.height ? s : a),
      undefined,
    );
}

/** 4.5 bills by the output's pixels ("1280x720"): up to 1024×1024 as 1K, above it as 2K (v2-4-5 §1.3). */
export function billingTierOf(wxh: string): "1K" | "2K" {
  const [width = 0, height = 0] = wxh.split("x").map(Number);
  return width * height <= 1024 * 1024 ? "1K" : "2K";
}

/** "1280×720 (16:9)" — what the autocomplete list shows. */
export function describeResolution(size: ResolutionSize): string {
  return `${size.width}×${size.height} (${ratioLabel(size.width, size.height)})`;
}

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

export function ratioLabel(width: number, height: number): string {
  const nearest = nearestRatio(width / height);
  const [w, h] = nearest.ratio;
  return nearest.error < 0.001 ? `${w}:${h}` : `≈${w}:${h}`;
}

/** Screen sizes people type by name, searched as the sizes nearest to them. */
const NAMED_SIZES: Record<string, [number, number]> = {
  "720p": [1280, 720],
  hd: [1280, 720],
  "1080p": [1920, 1080],
  "full hd": [1920, 1080],
  fhd: [1920, 1080],
  "1440p": [2560, 1440],
  "2k": [2560, 1440],
  qhd: [2560, 1440],
  "4k": [3840, 2160],
  uhd: [3840, 2160],
};

const SHAPES: Record<string, (ratio: number) => boolean> = {
  square: (r) => r === 1,
  landscape: (r) => r > 1,
  wide: (r) => r > 1,
  portrait: (r) => r < 1,
  tall: (r) => r < 1,
};

/**
 * `model`'s sizes matching what the user has typed so far, best first: a ratio ("16:9"), a shape word
 * ("square", "landscape", "portrait"), digits ("1024", "1280x7"), or a size the model hasn't
 * ("1920x1080", "4k": the nearest it has).
 */
export function suggestResolutions(query: string, limit: number, model?: Model): ResolutionSize[] {
  const sizes = resolutionsOf(model);
  const q = query
    .trim()
    .toLowerCase()
    .replace(/^resolution_/, "")
    .replace(/[×*_]/g, "x")
    .replace(/\s*x\s*/g, "x");
  if (q === "") return spread(sizes, limit);
  const ratio = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(q);
  if (ratio) return byRatio(sizes, Number(ratio[1]) / Number(ratio[2]), limit);
  const shape = SHAPES[q];
  if (shape) return sizes.filter((r) => shape(r.width / r.height)).slice(0, limit);
  const named = NAMED_SIZES[q] ?? exactSize(q);
  const prefix = sizes.filter((r) => `${r.width}x${r.height}`.startsWith(q));
  const anywhere = sizes.filter((r) => !prefix.includes(r) && `${r.width}x${r.height}`.includes(q));
  const matches = [...prefix, ...anywhere];
  if (matches.length === 0 && named) return nearest(sizes, named[0], named[1], limit);
  return matches.slice(0, limit);
}

const exactSize = (q: string): [number, number] | undefined => {
  const match = /^(\d{3,5})x(\d{3,5})$/.exec(q);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
};

/** The sizes closest in shape to width×height, then closest in area. */
function nearest(sizes: readonly ResolutionSize[], width: number, height: number, limit: number) {
  const shape = (r: ResolutionSize) => Math.abs(Math.log(r.width / r.height / (width / height)));
  const area = (r: ResolutionSize) => Math.abs(Math.log((r.width * r.height) / (width * height)));
  return [...sizes].sort((a, b) => shape(a) - shape(b) || area(a) - area(b)).slice(0, limit);
}

/** With nothing typed: the size closest to each common ratio, squarest first. */
function spread(sizes: readonly ResolutionSize[], limit: number): ResolutionSize[] {
  const picks = COMMON_RATIOS.map(([w, h]) => byRatio(sizes, w / h, 1)[0]).filter(
    (r): r is ResolutionSize => r !== undefined,
  );
  const unique = [...new Set(picks)];
  return [...unique, ...sizes.filter((r) => !unique.includes(r))].slice(0, limit);
}

function byRatio(sizes: readonly ResolutionSize[], target: number, limit: number): ResolutionSize[] {
  return sizes
    .map((r) => ({ r, error: Math.abs(r.width / r.height / target - 1) }))
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

/** The Reframe shapes an image of this size ("1024x1024") is not already (within 3 %). */
export function reframeShapesFor(resolution: string): ReframeShape[] {
  const [width = 0, height = 0] = resolution.split("x").map(Number);
  return (Object.keys(REFRAME_SHAPES) as ReframeShape[]).filter((shape) => {
    const [w = 1, h = 1] = shape.split(":").map(Number);
    return !(width > 0 && height > 0 && Math.abs((width * h) / (height * w) - 1) <= RATIO_TOLERANCE);
  });
}

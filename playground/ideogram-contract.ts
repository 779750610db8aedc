// What each Ideogram endpoint the bot calls accepts, written from the reference (ideogram-api.md and
// ideogram-current-api.md §1–§4), for every stand-in of Ideogram: the playground's emulator, the
// tests' fakes in workerd and the end-to-end fake server. A request is read strictly: its content
// type, the fields the endpoint lists (no other), required ones present, values as that API spells
// them (UPPERCASE on legacy and v1, `16x9` ratios and `WxH` sizes on v1, lowercase on v2), JSON parts
// where the spec says so, files where files go. No Node or workerd API: it reads a web Request.
import {
  ASPECT_RATIOS,
  LEGACY_ASPECT_RATIO_VALUES,
  LEGACY_STYLE_VALUES,
  MAGIC_PROMPT_VALUES,
  MODEL_VALUES,
  PALETTE_PRESET_VALUES,
  RESOLUTION_SIZES,
  type Speed,
  STYLE_PRESET_VALUES,
} from "../src/ideogram/enums.ts";
import { apiSpelling, MODEL_FACTS, OPERATIONS, priceOf } from "../src/ideogram/models.ts";
// A mask's pixels are read with the Worker's own PNG reader (test/worker/mask.unit.test.ts checks it
// against PNGs made independently); which colour marks what is checked by the tests that painted it.
import { readMask } from "../src/region/mask.ts";

/** A request as an endpoint read it: its text and number fields, and its files by part name. */
export interface IdeogramCall {
  endpoint: string;
  fields: Record<string, unknown>;
  files: Record<string, File[]>;
}
export type ContractResult = { ok: true; call: IdeogramCall } | { ok: false; error: string };

type Check = (value: unknown) => boolean;
interface FieldRule {
  check?: Check;
  required?: boolean;
  file?: boolean;
  /** At most this many parts (files, or a repeated text field). */
  max?: number;
  /** A JSON part (multipart) or object (JSON). */
  json?: boolean;
  /** Repeated parts make an array. */
  array?: boolean;
}
interface EndpointRule {
  /** Form bodies, JSON bodies, or legacy's `image_request` (JSON body, or a JSON part beside a file). */
  body: "form" | "json" | "form-or-json" | "legacy-json" | "legacy-form";
  fields: Record<string, FieldRule>;
  /** Fields that exclude each other. */
  exclusive?: [string, string][];
  /** Answers with a generation id whatever is sent: it takes no `async` field (§4.4; v2-4-5 §3). */
  alwaysAsync?: true;
  /** Rules across fields and files (a mask against its image), once each field is valid. */
  check?: (fields: Record<string, unknown>, files: Record<string, File[]>) => Promise<string | undefined>;
}

/**
 * A mask is a PNG at its image's exact size (the first of `imagePart`'s files) and "must contain both"
 * colours (inpaint §4.4; v2-4-5 §1.2, §2, §3), whichever colour marks the region.
 */
const maskMatches =
  (imagePart: string) =>
  async (_: Record<string, unknown>, files: Record<string, File[]>): Promise<string | undefined> => {
    const mask = files.mask?.[0];
    if (!mask) return undefined;
    const image = files[imagePart]?.[0];
    if (!image) return `a mask needs ${imagePart}`;
    const size = pngSize(new Uint8Array(await image.arrayBuffer()));
    if (!size) return undefined;
    const read = await readMask(new Uint8Array(await mask.arrayBuffer()), {
      width: size[0],
      height: size[1],
    });
    if (!read.ok) return `mask: ${read.error}`;
    const { count, width, height } = read.mask;
    return count === 0 || count === width * height ? "the mask must contain both black and white" : undefined;
  };

const sizes = (list: keyof typeof RESOLUTION_SIZES) => RESOLUTION_SIZES[list].split(/\s+/);
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === "string" && values.includes(v);
const lower = (values: readonly string[]) => values.map((v) => v.toLowerCase());
const int =
  (min: number, max: number): Check =>
  (v) =>
    Number.isInteger(Number(v)) && Number(v) >= min && Number(v) <= max && String(v).trim() !== "";
const text: Check = (v) => typeof v === "string" && v.trim().length > 0;
const anyText: Check = (v) => typeof v === "string";
const hex8: Check = (v) => typeof v === "string" && /^[0-9a-fA-F]{8}$/.test(v);
/** A color palette: a preset's name (UPPERCASE on legacy, lowercase on v2) or its members. */
const paletteOf =
  (names: readonly string[]): Check =>
  (v) => {
    if (typeof v !== "object" || v === null) return false;
    const p = v as { name?: unknown; members?: { color_hex?: unknown }[] };
    if (p.name !== undefined) return oneOf(names)(p.name) && Object.keys(p).length === 1;
    return (
      Array.isArray(p.members) &&
      p.members.every((m) => /^#(?:[0-9a-fA-F]{3}){1,2}$/.test(String(m.color_hex)))
    );
  };

// §4.1/§4.3/§4.4: v2's lowercase enums and its common fields. A webhook_url is https (the emulator
// also takes a loopback http one, so the playground can be reached on 127.0.0.1).
const v2Common = {
  async: { check: (v) => v === true || v === "true" || v === false || v === "false" },
  webhook_url: {
    check: (v) => typeof v === "string" && (v.startsWith("https://") || v.startsWith("http://127.0.0.1:")),
  },
  private: { check: (v) => typeof v === "boolean" || v === "true" || v === "false" },
} satisfies Record<string, FieldRule>;

// §4.2: 3.0 on v2 — ratios as `16x9` (and `auto`), sizes as `WxH`, lowercase speeds (no Flash), styles,
// presets and magic prompt; §5: the character twin's reference and its style types.
const V3_RATIOS = ["auto", ...Object.values(ASPECT_RATIOS).map((r) => r.replace(":", "x"))];
const V3_SPEEDS = ["turbo", "default", "quality"];
const V3_STYLES = ["auto", "general", "realistic", "design", "custom", "fiction", "stylized"];
const image: FieldRule = { file: true, required: true, max: 1 };
const v3Style = {
  rendering_speed: { check: oneOf(V3_SPEEDS) },
  seed: { check: int(0, 2_147_483_647) },
  num_images: { check: int(1, 8) },
  style_preset: { check: oneOf(lower(STYLE_PRESET_VALUES)) },
  style_codes: { check: hex8, array: true },
  color_palette: { check: paletteOf(lower(PALETTE_PRESET_VALUES)), json: true },
  style_reference_images: { file: true, max: 10 },
} satisfies Record<string, FieldRule>;
const v3Prompted = {
  ...v3Style,
  prompt: { check: text, required: true },
  magic_prompt: { check: oneOf(lower(MAGIC_PROMPT_VALUES)) },
  style_type: { check: oneOf(V3_STYLES) },
  negative_prompt: { check: anyText },
} satisfies Record<string, FieldRule>;
const v3Generate = {
  ...v2Common,
  ...v3Prompted,
  aspect_ratio: { check: oneOf(V3_RATIOS) },
  resolution: { check: oneOf(sizes("v3")) },
} satisfies Record<string, FieldRule>;
const v3Remix = { image, image_weight: { check: int(1, 100) } } satisfies Record<string, FieldRule>;
const v3Character = {
  character_reference_images: { file: true, required: true, max: 1 },
  character_reference_mask: { file: true, max: 1 },
  style_type: { check: oneOf(["auto", "realistic", "fiction"]) },
} satisfies Record<string, FieldRule>;
/** "Cannot be combined with style codes or style references" (style_preset); a ratio or a size. */
const V3_EXCLUSIVE: [string, string][] = [
  ["aspect_ratio", "resolution"],
  ["style_preset", "style_codes"],
  ["style_preset", "style_reference_images"],
];
const v3Endpoint = (fields: Record<string, FieldRule>): EndpointRule => ({
  body: "form-or-json",
  fields,
  exclusive: V3_EXCLUSIVE,
});
const V4_SPEEDS = ["turbo", "default", "quality"];
const v4Sizes = sizes("v4");

const legacyRequest = {
  prompt: { check: text },
  aspect_ratio: { check: oneOf(LEGACY_ASPECT_RATIO_VALUES) },
  model: { check: oneOf(MODEL_VALUES.slice(0, 6)) },
  magic_prompt_option: { check: oneOf(MAGIC_PROMPT_VALUES) },
  style_type: { check: oneOf(LEGACY_STYLE_VALUES) },
  negative_prompt: { check: anyText },
  seed: { check: int(0, 2_147_483_647) },
  num_images: { check: int(1, 8) },
  resolution: { check: oneOf(sizes("legacy").map((s) => `RESOLUTION_${s.replace("x", "_")}`)) },
  color_palette: { check: paletteOf(PALETTE_PRESET_VALUES) },
} satisfies Record<string, FieldRule>;

export const ENDPOINTS: Record<string, EndpointRule> = {
  "/generate": {
    body: "legacy-json",
    fields: { ...legacyRequest, prompt: { check: text, required: true } },
    exclusive: [["aspect_ratio", "resolution"]],
  },
  "/remix": {
    body: "legacy-form",
    fields: {
      ...legacyRequest,
      prompt: { check: text, required: true },
      image_weight: { check: int(1, 100) },
    },
  },
  "/upscale": {
    body: "legacy-form",
    fields: {
      prompt: { check: anyText },
      resemblance: { check: int(1, 100) },
      detail: { check: int(1, 100) },
      magic_prompt_option: { check: oneOf(MAGIC_PROMPT_VALUES) },
      num_images: { check: int(1, 8) },
      seed: { check: int(0, 2_147_483_647) },
    },
  },
  "/describe": { body: "legacy-form", fields: { describe_model_version: { check: oneOf(["V_2", "V_3"]) } } },
  "/v2/image/generate/ideogram-3": v3Endpoint(v3Generate),
  "/v2/image/generate/ideogram-3-character": v3Endpoint({ ...v3Generate, ...v3Character }),
  "/v2/image/remix/ideogram-3": v3Endpoint({ ...v3Generate, ...v3Remix }),
  "/v2/image/remix/ideogram-3-character": v3Endpoint({ ...v3Generate, ...v3Remix, ...v3Character }),
  "/v2/image/reframe/ideogram-3": {
    body: "form",
    fields: { ...v2Common, ...v3Style, image, resolution: { check: oneOf(sizes("v3")), required: true } },
  },
  "/v2/image/inpaint/ideogram-3": {
    body: "form",
    fields: { ...v2Common, ...v3Prompted, image, mask: image },
    exclusive: V3_EXCLUSIVE,
    check: maskMatches("image"),
  },
  // Always asynchronous: no `async` field (§4.4); a prompt for the new background only.
  "/v2/image/replace-background/ideogram-3": {
    body: "form",
    alwaysAsync: true,
    fields: {
      webhook_url: v2Common.webhook_url,
      private: v2Common.private,
      image,
      prompt: { check: text, required: true },
      num_images: { check: int(1, 8) },
      rendering_speed: { check: oneOf(V3_SPEEDS) },
    },
  },
  "/v2/image/remove-background/ideogram-1": { body: "form", fields: { ...v2Common, image } },
  // v2-4-5 §3: white (>= 128) marks what to remove; always async, and no prompt, `async`,
  // `webhook_url` or `private` field.
  "/v2/image/remove-object/ideogram-1": {
    body: "form",
    alwaysAsync: true,
    fields: {
      image,
      mask: image,
      seed: { check: int(0, 2_147_483_647) },
      store_assets: { check: (v) => v === "true" || v === "false" },
      target_collection_id: { check: text },
    },
    check: maskMatches("image"),
  },
  "/v2/image/generate/ideogram-4": {
    body: "json",
    fields: {
      ...v2Common,
      prompt: { check: text, required: true },
      magic_prompt: { check: oneOf(lower(MAGIC_PROMPT_VALUES)) },
      rendering_speed: { check: oneOf(V4_SPEEDS) },
      resolution: { check: oneOf(v4Sizes) },
      num_images: { check: int(1, 8) },
      seed: { check: int(0, 2_147_483_647) },
    },
  },
  "/v2/image/remix/ideogram-4": {
    body: "form",
    fields: {
      ...v2Common,
      prompt: { check: text, required: true },
      image,
      image_weight: { check: int(1, 100) },
      num_images: { check: int(1, 8) },
      rendering_speed: { check: oneOf(V4_SPEEDS) },
      resolution: { check: oneOf([...v4Sizes, "512x512", "768x384", "384x768"]) },
    },
  },
  // v2-4-5 §4: transparent backgrounds, JSON only (no files), a ratio and no size.
  "/v2/image/generate/ideogram-3-transparent": {
    body: "json",
    fields: {
      ...v2Common,
      prompt: { check: text, required: true },
      aspect_ratio: { check: oneOf(V3_RATIOS) },
      upscale_factor: { check: oneOf(["x1", "x2", "x4"]) },
      rendering_speed: { check: oneOf(V3_SPEEDS) },
      magic_prompt: { check: oneOf(lower(MAGIC_PROMPT_VALUES)) },
      negative_prompt: { check: anyText },
      num_images: { check: int(1, 8) },
      seed: { check: int(0, 2_147_483_647) },
    },
  },
  "/v2/image/generate/ideogram-4-transparent": {
    body: "json",
    fields: {
      ...v2Common,
      prompt: { check: text, required: true },
      aspect_ratio: {
        check: oneOf(
          "auto 1x4 1x3 1x2 9x16 10x16 2x3 3x4 4x5 1x1 5x4 4x3 3x2 16x10 16x9 2x1 3x1 4x1".split(" "),
        ),
      },
      output_resolution: { check: oneOf(["1k", "2k", "4k", "8k"]) },
      rendering_speed: { check: oneOf(V4_SPEEDS) },
      magic_prompt: { check: oneOf(lower(MAGIC_PROMPT_VALUES)) },
      num_images: { check: int(1, 8) },
      seed: { check: int(0, 2_147_483_647) },
    },
  },
  // v2-4-5 §1.2: `quality` and `size` instead of a speed and a resolution; sources and references are
  // `images` (≤5, the first edited); no negative prompt, styles, palette or references of other kinds.
  "/v2/image/generate/ideogram-4-5": {
    body: "form-or-json",
    fields: {
      ...v2Common,
      prompt: { check: text, required: true },
      magic_prompt: { check: oneOf(lower(MAGIC_PROMPT_VALUES)) },
      quality: { check: oneOf(["very_low", "low", "medium", "high"]) },
      size: { check: oneOf([...sizes("v45"), "auto", "source"]) },
      images: { file: true, max: 5 },
      mask: { file: true, max: 1 },
      num_images: { check: int(1, 8) },
      seed: { check: int(0, 2_147_483_647) },
    },
    // "very_low … requires source images"; with a mask, at most 3 other sources and no size.
    check: async (fields, files) => {
      const sources = files.images?.length ?? 0;
      if (fields.quality === "very_low" && sources === 0) return "quality very_low requires source images";
      if (files.mask && fields.size !== undefined) return "size cannot be set with a mask";
      if (files.mask && sources > 4) return "with a mask, at most 3 other source images";
      return maskMatches("images")(fields, files);
    },
  },
  // v2-4-5 §2: one image changed by an instruction, the output at its exact size.
  "/v2/image/precise-edit/ideogram-4-5": {
    body: "form-or-json",
    fields: {
      ...v2Common,
      prompt: { check: text, required: true },
      image,
      reference_images: { file: true, max: 4 },
      mask: { file: true, max: 1 },
      context_window: { check: anyText },
      quality: { check: oneOf(["very_low", "low", "medium", "high"]) },
      num_images: { check: int(1, 8) },
      seed: { check: int(0, 2_147_483_647) },
    },
    check: maskMatches("image"),
  },
};

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];

/** Reads `request` as the endpoint at `path` would; an error says why it would answer 400. */
export async function readIdeogramCall(path: string, request: Request): Promise<ContractResult> {
  const rule = ENDPOINTS[path];
  if (!rule) return { ok: false, error: `no such endpoint ${path}` };
  const type = request.headers.get("Content-Type") ?? "";
  const isForm = type.startsWith("multipart/form-data");
  const isJson = type.startsWith("application/json");
  const accepts = {
    form: isForm,
    json: isJson,
    "form-or-json": isForm || isJson,
    "legacy-json": isJson,
    "legacy-form": isForm,
  }[rule.body];
  if (!accepts)
    return { ok: false, error: `Invalid input provided: ${rule.body} body expected, got ${type || "none"}` };
  const fields: Record<string, unknown> = {};
  const files: Record<string, File[]> = {};
  if (isJson) {
    const body = (await request.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object") return { ok: false, error: "body is not a JSON object" };
    const source = rule.body === "legacy-json" ? body.image_request : body;
    if (rule.body === "legacy-json" && Object.keys(body).some((k) => k !== "image_request")) {
      return { ok: false, error: "only image_request is expected" };
    }
    Object.assign(fields, source);
  } else {
    const form = await request.formData();
    for (const [name, value] of form.entries()) {
      if (rule.body === "legacy-form" && name === "image_request" && typeof value === "string") {
        Object.assign(fields, JSON.parse(value));
      } else if (typeof value !== "string") {
        const field = rule.fields[name];
        if (field?.json) fields[name] = JSON.parse(await value.text());
        else files[name] = [...(files[name] ?? []), value];
      } else if (rule.fields[name]?.array) {
        fields[name] = [...((fields[name] as unknown[] | undefined) ?? []), value];
      } else if (name in fields) return { ok: false, error: `${name} is sent twice` };
      else fields[name] = value;
    }
    if (rule.body === "legacy-form") {
      const file = form.get("image_file");
      if (!file || typeof file === "string") return { ok: false, error: "image_file is required" };
      files.image_file = [file];
    }
  }
  const problem = checkFields(rule, fields, files) ?? (await rule.check?.(fields, files));
  return problem
    ? { ok: false, error: `Invalid input provided: ${problem}` }
    : { ok: true, call: { endpoint: path, fields, files } };
}

function checkFields(
  rule: EndpointRule,
  fields: Record<string, unknown>,
  files: Record<string, File[]>,
): string | undefined {
  for (const [name, value] of Object.entries(fields)) {
    const field = rule.fields[name];
    if (!field || field.file) return `unknown field ${name}`;
    const values = field.array ? (value as unknown[]) : [value];
    if (field.json && typeof value !== "object") return `${name} must be a JSON part`;
    if (field.check && !values.every((v) => field.check?.(v)))
      return `${name} has the invalid value ${JSON.stringify(value)}`;
  }
  for (const [name, list] of Object.entries(files)) {
    const field = rule.fields[name];
    if (name === "image_file" && rule.body === "legacy-form") continue;
    if (!field?.file) return `unknown file ${name}`;
    if (field.max !== undefined && list.length > field.max) return `${name} takes at most ${field.max}`;
    if (list.some((f) => !IMAGE_TYPES.includes(f.type))) return `${name} must be JPEG, PNG or WebP`;
  }
  for (const [name, field] of Object.entries(rule.fields)) {
    if (field.required && fields[name] === undefined && files[name] === undefined)
      return `${name} is required`;
  }
  for (const [a, b] of rule.exclusive ?? []) {
    if (fields[a] !== undefined && fields[b] !== undefined)
      return `${a} cannot be used in conjunction with ${b}`;
  }
  return undefined;
}

/** A read file, as tests and the emulator keep it. */
export interface CallFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** Every file of a call, read, by its part name. */
export async function callFiles(call: IdeogramCall): Promise<Record<string, CallFile[]>> {
  const read = (f: File) =>
    f.arrayBuffer().then((b) => ({ name: f.name, type: f.type, bytes: new Uint8Array(b) }));
  const entries = Object.entries(call.files).map(async ([name, list]) => [
    name,
    await Promise.all(list.map(read)),
  ]);
  return Object.fromEntries(await Promise.all(entries));
}

/** A PNG's width and height, from its IHDR chunk. */
export function pngSize(bytes: Uint8Array): [number, number] | undefined {
  const ihdr = String.fromCharCode(...bytes.subarray(12, 16));
  if (bytes.length < 24 || bytes[0] !== 0x89 || ihdr !== "IHDR") return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

/** The size of the image an answer carries, as Ideogram would make it from the call. */
export function answerSize(call: IdeogramCall, source?: [number, number]): [number, number] {
  const { fields, endpoint } = call;
  const wxh = /^(\d+)x(\d+)$/.exec(String(fields.resolution ?? fields.size ?? ""));
  if (wxh) return [Number(wxh[1]), Number(wxh[2])];
  const legacy = /^RESOLUTION_(\d+)_(\d+)$/.exec(String(fields.resolution ?? ""));
  if (legacy) return [Number(legacy[1]), Number(legacy[2])];
  if (endpoint === "/upscale" && source) {
    // Twice the size, kept in shape, within 2048 on the longer side.
    const scale = Math.min(2, 2048 / Math.max(...source));
    return [Math.round(source[0] * scale), Math.round(source[1] * scale)];
  }
  const ratio = fields.aspect_ratio
    ? String(fields.aspect_ratio)
        .replace(/^ASPECT_/, "")
        .replace(/[_x]/, ":")
    : undefined;
  if (ratio) return ASPECT_SIZES[ratio] ?? [1024, 1024];
  // A 4.5 generation with a mask is the first source's size (v2-4-5 §1.2).
  if (source && (!endpoint.includes("generate") || call.files.mask)) return source;
  return [1024, 1024];
}

/** About a megapixel for each ratio, as Ideogram sizes them (2.0's and 3.0's 16:9 is 1312x736). */
const ASPECT_SIZES: Record<string, [number, number]> = {
  "1:1": [1024, 1024],
  "16:9": [1312, 736],
  "9:16": [736, 1312],
  "4:3": [1152, 864],
  "3:4": [864, 1152],
  "3:2": [1248, 832],
  "2:3": [832, 1248],
  "16:10": [1280, 800],
  "10:16": [800, 1280],
  "3:1": [1536, 512],
  "1:3": [512, 1536],
  "4:5": [896, 1120],
  "5:4": [1120, 896],
  "2:1": [1408, 704],
  "1:2": [704, 1408],
};

/** The operation of the bot's table at `path`, if any (the one source of what Ideogram quotes and charges). */
const operationAt = (path: string) =>
  Object.values(OPERATIONS)
    .flatMap((family) => Object.values(family))
    .find((op) => op.path === path || op.characterPath === path);

/** The speed a call asks, by the table's name: its `rendering_speed`, or 4.5's `quality` by 4.5's names. */
function speedOfCall(call: IdeogramCall): Speed {
  const quality = call.fields.quality;
  const named = Object.entries(MODEL_FACTS.V_4_5.speedNames ?? {}).find(
    ([, name]) => apiSpelling(name) === quality,
  );
  return (named?.[0] ?? String(call.fields.rendering_speed ?? "default").toUpperCase()) as Speed;
}

/** Whether `path` takes `?dry_run=true` (a v2 operation that declares it, §7); elsewhere it is ignored. */
export const quotes = (path: string) => operationAt(path)?.dryRun === true;

/**
 * A dry run's answer (`PriceQuote`, ideogram-v2-4-5.md §7) for a call read by readIdeogramCall: the
 * published price of its speed for each of its images, exact. Nothing is made, stored or billed.
 */
export function priceQuoteFor(call: IdeogramCall) {
  const op = operationAt(call.endpoint);
  const speed = speedOfCall(call);
  const each = (op && priceOf(op, undefined, speed, op.characterPath === call.endpoint)) ?? 0;
  const quantity = Number(call.fields.num_images ?? 1);
  return {
    object: "price_quote",
    billing_identifier: call.endpoint.replace(/^\/v2\/image\//, "").replaceAll(/[/-]/g, "_"),
    quantity,
    usd_micros: each * quantity,
    credit_millis: (each * quantity) / 10,
    qualifier: "exact",
  };
}

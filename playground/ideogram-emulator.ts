// A local stand-in for Ideogram's legacy /generate, /remix, /upscale and /describe and the tools on
// one image (reframe, remove and replace background), for the playground when no IDEOGRAM_API_KEY is
// set: same request shapes (validated with the bot's own schema, or each tool's listed fields), same
// response shapes, and PNG placeholders that say what they are.
import type { IncomingMessage } from "node:http";
import { imageRequestSchema } from "../src/ideogram/schema.ts";
import { type RouteHandler, readMultipart, sendJson } from "./http.ts";
import { placeholderImage } from "./png.ts";

/** The size Ideogram 2.0 gives each aspect ratio (about one megapixel). */
export const ASPECT_SIZES: Record<string, [number, number]> = {
  ASPECT_1_1: [1024, 1024],
  ASPECT_16_9: [1312, 736],
  ASPECT_9_16: [736, 1312],
  ASPECT_4_3: [1152, 864],
  ASPECT_3_4: [864, 1152],
  ASPECT_3_2: [1248, 832],
  ASPECT_2_3: [832, 1248],
  ASPECT_16_10: [1280, 800],
  ASPECT_10_16: [800, 1280],
  ASPECT_3_1: [1536, 512],
  ASPECT_1_3: [512, 1536],
};

export interface IdeogramEmulatorOptions {
  /** The emulator's own public URL (for image links), e.g. http://127.0.0.1:8787/ideogram */
  baseUrl: string;
  /** How long a request "generates", so the playground shows its progress. */
  latencyMs?: number;
}

export interface IdeogramEmulator {
  /** Handles a request whose path is relative to the emulator's base; false if not its route. */
  handle: RouteHandler;
  /** Requests received, newest last, for tests. */
  readonly requests: { endpoint: string; imageRequest: Record<string, unknown> }[];
  /** How long each request takes now; the page's "slow Ideogram" switch changes it. */
  latencyMs: number;
}

/** Fast enough to try things, slow enough to see "Generating…". */
export const DEFAULT_LATENCY_MS = 800;

const MAX_KEPT = 200;

/** The tools' fields (ideogram-current-api.md §2): what each requires, and what else it takes. */
const TOOLS: Record<string, { required: string[]; optional: string[]; label: string }> = {
  "/v1/ideogram-v3/reframe": {
    required: ["image", "resolution"],
    optional: ["num_images", "seed", "rendering_speed", "style_preset", "color_palette", "style_codes"],
    label: "PLACEHOLDER REFRAME",
  },
  "/v1/remove-background": { required: ["image"], optional: [], label: "PLACEHOLDER - NO BACKGROUND" },
  "/v1/ideogram-v3/replace-background": {
    required: ["image", "prompt"],
    optional: ["magic_prompt", "num_images", "seed", "rendering_speed", "style_preset", "color_palette"],
    label: "PLACEHOLDER - NEW BACKGROUND",
  },
};

export function createIdeogramEmulator(options: IdeogramEmulatorOptions): IdeogramEmulator {
  const images = new Map<string, Buffer>();
  const requests: IdeogramEmulator["requests"] = [];
  let counter = 0;
  let latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS;

  const keep = (png: Buffer) => {
    const id = `${Date.now().toString(36)}-${++counter}`;
    images.set(id, png);
    if (images.size > MAX_KEPT) images.delete(images.keys().next().value ?? "");
    return `${options.baseUrl}/images/${id}.png`;
  };

  const handle: RouteHandler = async (method, path, request, body, response) => {
    const image = /^\/images\/([\w-]+)\.png$/.exec(path);
    if (method === "GET" && image?.[1]) {
      const png = images.get(image[1]);
      if (!png) sendJson(response, 404, { detail: "Not Found" });
      else response.writeHead(200, { "Content-Type": "image/png", "Content-Length": png.length }).end(png);
      return true;
    }
    const endpoint = /^\/(generate|remix|upscale|describe)$/.exec(path)?.[1];
    const tool = Object.hasOwn(TOOLS, path) ? TOOLS[path] : undefined;
    if (method !== "POST" || !(endpoint || tool)) return false;
    if (!request.headers["api-key"]) {
      sendJson(response, 401, { detail: "Unauthorized" });
      return true;
    }
    if (tool) {
      const answered = await useTool(tool, request, body, keep);
      if ("error" in answered) sendJson(response, 400, answered);
      else {
        requests.push({ endpoint: path, imageRequest: answered.fields });
        await new Promise((resolve) => setTimeout(resolve, latencyMs));
        sendJson(response, 200, answered.body);
      }
      return true;
    }
    if (!endpoint) return false;
    const parsed = await readRequest(endpoint, request, body);
    if ("error" in parsed) {
      sendJson(response, 400, { error: parsed.error });
      return true;
    }
    requests.push({ endpoint, imageRequest: parsed.imageRequest });
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (endpoint === "describe") {
      const [width, height] = parsed.size ?? [0, 0];
      const text = `A placeholder description of a ${width}x${height} image (the playground's emulator; set IDEOGRAM_API_KEY for Ideogram's)`;
      sendJson(response, 200, { descriptions: [{ text }] });
      return true;
    }
    sendJson(response, 200, answer(endpoint, parsed.imageRequest, parsed.size, keep));
    return true;
  };

  return {
    handle,
    requests,
    get latencyMs() {
      return latencyMs;
    },
    set latencyMs(ms: number) {
      latencyMs = Math.max(0, Math.min(ms, 60_000));
    },
  };
}

type Parsed = { imageRequest: Record<string, unknown>; size?: [number, number] } | { error: string };

async function readRequest(endpoint: string, request: IncomingMessage, body: Buffer): Promise<Parsed> {
  if (endpoint === "generate") {
    let json: { image_request?: unknown };
    try {
      json = JSON.parse(body.toString());
    } catch {
      return { error: "body is not valid JSON" };
    }
    const checked = imageRequestSchema.safeParse(json.image_request);
    if (!checked.success)
      return { error: checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
    return { imageRequest: checked.data };
  }
  const form = await readMultipart(request, body);
  if (!form) return { error: "expected multipart/form-data" };
  const file = form.get("image_file");
  if (!file || typeof file === "string") return { error: "image_file is required" };
  const field = form.get("image_request");
  const imageRequest = typeof field === "string" ? (JSON.parse(field) as Record<string, unknown>) : {};
  return { imageRequest, size: pngSize(new Uint8Array(await file.arrayBuffer())) };
}

/** A tool's answer: its fields checked, a placeholder at the size it would make. */
async function useTool(
  tool: (typeof TOOLS)[string],
  request: IncomingMessage,
  body: Buffer,
  keep: (png: Buffer) => string,
): Promise<{ error: string } | { fields: Record<string, unknown>; body: unknown }> {
  const form = await readMultipart(request, body);
  if (!form) return { error: "expected multipart/form-data" };
  const names = [...form.keys()];
  const wrong = [
    ...names.filter((n) => !tool.required.includes(n) && !tool.optional.includes(n)),
    ...tool.required.filter((n) => !form.has(n)),
  ];
  const image = form.get("image");
  if (wrong.length > 0 || !image || typeof image === "string") {
    return { error: `Invalid input provided: ${wrong.join(", ") || "image"}` };
  }
  const source = pngSize(new Uint8Array(await image.arrayBuffer())) ?? [1024, 1024];
  const fields = Object.fromEntries(names.filter((n) => n !== "image").map((n) => [n, form.get(n)]));
  const target = /^(\d+)x(\d+)$/.exec(String(fields.resolution ?? ""));
  const [width, height] = target ? [Number(target[1]), Number(target[2])] : source;
  const seed = Math.floor(Math.random() * 2_147_483_000);
  const prompt = String(fields.prompt ?? "");
  const url = keep(placeholderImage(width, height, prompt, seed, tool.label));
  const created = new Date().toISOString();
  // Remove-background answers with a link and the safety flag only.
  if (!tool.required.includes("prompt") && !target)
    return { fields, body: { created, data: [{ url, is_image_safe: true }] } };
  const data = [
    { url, prompt, resolution: `${width}x${height}`, is_image_safe: true, seed, style_type: "GENERAL" },
  ];
  return { fields, body: { created, data } };
}

/** A PNG's width and height, from its IHDR chunk. */
export function pngSize(bytes: Uint8Array): [number, number] | undefined {
  if (bytes.length < 24 || bytes[0] !== 0x89) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

/** The size an image_request asks for: its resolution, else its aspect ratio, else 1:1. */
export function requestedSize(imageRequest: Record<string, unknown>): [number, number] {
  const resolution = /^RESOLUTION_(\d+)_(\d+)$/.exec(String(imageRequest.resolution ?? ""));
  if (resolution) return [Number(resolution[1]), Number(resolution[2])];
  return ASPECT_SIZES[String(imageRequest.aspect_ratio ?? "ASPECT_1_1")] ?? [1024, 1024];
}

function answer(
  endpoint: string,
  imageRequest: Record<string, unknown>,
  source: [number, number] | undefined,
  keep: (png: Buffer) => string,
) {
  const count = Number(imageRequest.num_images ?? 1);
  const firstSeed = Number(imageRequest.seed ?? Math.floor(Math.random() * 2_147_483_000));
  const [width, height] =
    endpoint === "upscale" && source
      ? [Math.min(source[0] * 2, 2048), Math.min(source[1] * 2, 2048)]
      : requestedSize(imageRequest);
  const label = {
    generate: "PLACEHOLDER - NOT IDEOGRAM",
    remix: "PLACEHOLDER VARIATION",
    upscale: "PLACEHOLDER UPSCALE",
  }[endpoint as "generate"];
  const prompt = String(imageRequest.prompt ?? "");
  const data = Array.from({ length: count }, (_, i) => {
    const seed = (firstSeed + i) % 2_147_483_648;
    return {
      url: keep(placeholderImage(width, height, prompt, seed, label)),
      prompt,
      resolution: `${width}x${height}`,
      ...(endpoint === "upscale" ? { upscaled_resolution: `${width}x${height}` } : {}),
      is_image_safe: true,
      seed,
      style_type: imageRequest.style_type ?? "GENERAL",
    };
  });
  return { created: new Date().toISOString(), data };
}

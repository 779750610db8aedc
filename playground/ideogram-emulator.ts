// A local stand-in for Ideogram's legacy /generate, /remix, /upscale and /describe, for the
// playground when no IDEOGRAM_API_KEY is set: same request shapes (validated with the bot's own
// schema), same response shapes, and PNG placeholders that say what they are.
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
    if (method !== "POST" || !endpoint) return false;
    if (!request.headers["api-key"]) {
      sendJson(response, 401, { detail: "Unauthorized" });
      return true;
    }
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

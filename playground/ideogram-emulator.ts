// A local stand-in for every Ideogram endpoint the bot calls — legacy /generate, /remix, /upscale and
// /describe, 3.0's generate, remix and tools, 4.0's v2 generate and remix — for the playground when no
// IDEOGRAM_API_KEY is set: each request read strictly (ideogram-contract.ts: a wrong field or value
// gets Ideogram's 400), each answer in its API's shape, and PNG placeholders that say what they are,
// at the size the request asks for.
import type { IncomingMessage } from "node:http";
import type { RouteHandler } from "./http.ts";
import { sendJson } from "./http.ts";
import {
  answerSize,
  callFiles,
  ENDPOINTS,
  type IdeogramCall,
  pngSize,
  readIdeogramCall,
} from "./ideogram-contract.ts";
import { placeholderImage } from "./png.ts";

export { pngSize } from "./ideogram-contract.ts";

export interface IdeogramEmulatorOptions {
  /** The emulator's own public URL (for image links), e.g. http://127.0.0.1:8787/ideogram */
  baseUrl: string;
  /** How long a request "generates", so the playground shows its progress. */
  latencyMs?: number;
}

export interface IdeogramEmulator {
  /** Handles a request whose path is relative to the emulator's base; false if not its route. */
  handle: RouteHandler;
  /** Requests received, newest last, for tests: the endpoint's path, the fields it read, its files. */
  readonly requests: {
    endpoint: string;
    imageRequest: Record<string, unknown>;
    files: Record<string, Uint8Array[]>;
  }[];
  /** How long each request takes now; the page's "slow Ideogram" switch changes it. */
  latencyMs: number;
}

/** Fast enough to try things, slow enough to see "Generating…". */
export const DEFAULT_LATENCY_MS = 800;

const MAX_KEPT = 200;

/** What each placeholder says it is. */
const LABELS: Record<string, string> = {
  "/generate": "PLACEHOLDER - NOT IDEOGRAM",
  "/remix": "PLACEHOLDER VARIATION",
  "/upscale": "PLACEHOLDER UPSCALE",
  "/v1/ideogram-v3/generate": "PLACEHOLDER - NOT IDEOGRAM 3.0",
  "/v1/ideogram-v3/remix": "PLACEHOLDER 3.0 REMIX",
  "/v1/ideogram-v3/reframe": "PLACEHOLDER REFRAME",
  "/v1/ideogram-v3/inpaint": "PLACEHOLDER - REGION REPAINTED",
  "/v1/ideogram-v3/replace-background": "PLACEHOLDER - NEW BACKGROUND",
  "/v1/remove-background": "PLACEHOLDER - NO BACKGROUND",
  "/v2/image/generate/ideogram-4": "PLACEHOLDER - NOT IDEOGRAM 4.0",
  "/v2/image/remix/ideogram-4": "PLACEHOLDER 4.0 REMIX",
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
    if (method !== "POST" || !Object.hasOwn(ENDPOINTS, path)) return false;
    if (!request.headers["api-key"]) {
      sendJson(response, 401, { detail: "Unauthorized" });
      return true;
    }
    const read = await readIdeogramCall(path, asRequest(request, body));
    if (!read.ok) {
      sendJson(response, 400, { error: read.error });
      return true;
    }
    const { call } = read;
    const files = Object.fromEntries(
      Object.entries(await callFiles(call)).map(([name, list]) => [name, list.map((f) => f.bytes)]),
    );
    requests.push({ endpoint: path, imageRequest: call.fields, files });
    if (requests.length > MAX_KEPT) requests.shift();
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    sendJson(response, 200, await answer(call, keep));
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

const asRequest = (request: IncomingMessage, body: Buffer) =>
  new Request("http://ideogram.local", {
    method: "POST",
    headers: { "Content-Type": String(request.headers["content-type"] ?? "") },
    body: new Uint8Array(body),
  });

/** Ideogram's answer to a call, in the shape of its API, with placeholders at the right size. */
async function answer(call: IdeogramCall, keep: (png: Buffer) => string): Promise<unknown> {
  const { endpoint, fields, files } = call;
  const file = files.image?.[0] ?? files.image_file?.[0];
  const source = file ? pngSize(new Uint8Array(await file.arrayBuffer())) : undefined;
  const [width, height] = answerSize(call, source);
  if (endpoint === "/describe") {
    const text = `A placeholder description of a ${width}x${height} image (the playground's emulator; set IDEOGRAM_API_KEY for Ideogram's)`;
    return { descriptions: [{ text }] };
  }
  const count = Number(fields.num_images ?? 1);
  const firstSeed = Number(fields.seed ?? Math.floor(Math.random() * 2_147_483_000));
  const prompt = String(fields.prompt ?? "");
  const label = LABELS[endpoint] ?? "PLACEHOLDER";
  const created = new Date().toISOString();
  const data = Array.from({ length: count }, (_, i) => {
    const seed = (firstSeed + i) % 2_147_483_648;
    return {
      url: keep(placeholderImage(width, height, prompt, seed, label)),
      prompt,
      resolution: `${width}x${height}`,
      ...(endpoint === "/upscale" ? { upscaled_resolution: `${width}x${height}` } : {}),
      is_image_safe: true,
      seed,
      ...(endpoint.startsWith("/v2/") ? {} : { style_type: fields.style_type ?? "GENERAL" }),
    };
  });
  // Remove-background answers with a link and the safety flag only; v2 with a generation id, no date.
  if (endpoint === "/v1/remove-background")
    return { created, data: data.map(({ url }) => ({ url, is_image_safe: true })) };
  if (endpoint.startsWith("/v2/"))
    return { generation_id: `playground-${Date.now().toString(36)}`, seed: firstSeed, data };
  return { created, data };
}

// The one local stand-in for Ideogram, shared by the playground (when no IDEOGRAM_API_KEY is set),
// the end-to-end tests and the bench: every endpoint the bot calls — legacy /generate, /remix,
// /upscale and /describe, 3.0's and 4.0's v2 generate, remix and tools — each request read strictly
// (ideogram-contract.ts: a wrong field or value gets Ideogram's 400), each answer in its API's shape,
// images at the size the request asks for. v2 as Ideogram runs it (ideogram-v2-4-5.md §6–§7): dry-run
// quotes, async requests answered with a generation id and finished in the background, the
// generation read at GET /v2/generations/{id}, and a webhook signed with the emulator's own Ed25519
// key, published as a JWKS at /v1/.well-known/jwks.json. Its options are Ideogram's own behaviours the
// callers need to see: latency, the in-flight limit (429), the safety check (422), the key, and
// webhooks delivered, dropped or sent twice.
import type { IncomingMessage } from "node:http";
import { JWKS_PATH } from "../src/ideogram/webhook-signature.ts";
import { eventSigner } from "./event-signer.ts";
import type { RouteHandler } from "./http.ts";
import { sendJson } from "./http.ts";
import {
  answerSize,
  type CallFile,
  callFiles,
  ENDPOINTS,
  type IdeogramCall,
  pngSize,
  priceQuoteFor,
  quotes,
  readIdeogramCall,
} from "./ideogram-contract.ts";
import { placeholderImage } from "./png.ts";

export { pngSize } from "./ideogram-contract.ts";

export interface IdeogramEmulatorOptions {
  /** The emulator's own public URL (for image links), e.g. http://127.0.0.1:8787/ideogram */
  baseUrl: string;
  /** The one key it accepts; unset, any key (the playground's). */
  apiKey?: string | undefined;
  /** How long a request "generates" (by its prompt), so progress shows; the default suits the playground. */
  latencyMs?: number | ((prompt: string) => number) | undefined;
  /** Ideogram's per-organisation limit on images in flight; past it, 429 (docs: rate limits). */
  maxInflight?: number | undefined;
  /** Prompts Ideogram's safety check refuses (422). */
  refuse?: ((prompt: string) => boolean) | undefined;
  /** Awaited before each answer (after the latency): a bench holds requests until it opens it. */
  gate?: (() => Promise<void>) | undefined;
  /** Each image's bytes (default: a placeholder PNG that says what it is, at its size). */
  image?: ((image: ImageToMake) => Uint8Array) | undefined;
  /** Images and requests remembered, oldest dropped first (default: all). */
  maxKept?: number | undefined;
  /** What happens to the webhooks of async requests (default: delivered); the page can change it. */
  webhooks?: WebhookMode | undefined;
}

/** Webhooks delivered, lost on the way (the bot must read the generation), or delivered twice. */
export type WebhookMode = "deliver" | "drop" | "duplicate";
export const WEBHOOK_MODES: readonly WebhookMode[] = ["deliver", "drop", "duplicate"];

/** What one image of an answer is. */
export interface ImageToMake {
  endpoint: string;
  prompt: string;
  index: number;
  seed: number;
  width: number;
  height: number;
}

/** A request as the endpoint read it. */
export interface EmulatedCall {
  /** The endpoint's path without its leading slash: "generate", "v1/ideogram-v3/remix". */
  endpoint: string;
  headers: IncomingMessage["headers"];
  /** The request's fields: legacy's image_request, or 3.0's and 4.0's flat fields. */
  body: { image_request: Record<string, unknown> };
  /** The image the call sends (`image_file` on legacy, `image` on 3.0 and 4.0). */
  file?: CallFile | undefined;
  /** Every file the call sends, by part name (reference images and masks among them). */
  files: Record<string, CallFile[]>;
}

export interface IdeogramEmulator {
  /** Handles a request whose path is relative to the emulator's base; false if not its route. */
  handle: RouteHandler;
  /** Requests received, newest last. */
  readonly requests: EmulatedCall[];
  /** Every image served, by its path ("/images/3.png"). */
  readonly images: Map<string, Uint8Array>;
  /**
   * Images being generated now, the most ever at once, how many requests got a 429, and the
   * integral of images in flight over time (image-milliseconds), for utilisation.
   */
  /**
   * `quotes`: dry runs answered (priced, nothing made); `reads`: generations read; `webhooks`: events
   * posted (each attempt of a duplicate counts).
   */
  readonly stats: {
    inflight: number;
    peak: number;
    rejected: number;
    imageMs: number;
    quotes: number;
    reads: number;
    webhooks: number;
  };
  /** What happens to webhooks now; the page's switch changes it. */
  webhooks: WebhookMode;
  /** Each read of a generation (GET /v2/generations/{id}), oldest first (bounded as requests are). */
  readonly readLog: { generationId: string; at: number }[];
  /** How long each request takes now; the page's "slow Ideogram" switch changes it. */
  latencyMs: number | ((prompt: string) => number);
}

/** Fast enough to try things, slow enough to see "Generating…". */
export const DEFAULT_LATENCY_MS = 800;

/** What each placeholder says it is. */
const LABELS: Record<string, string> = {
  "/generate": "PLACEHOLDER - NOT IDEOGRAM",
  "/remix": "PLACEHOLDER VARIATION",
  "/upscale": "PLACEHOLDER UPSCALE",
  "/v2/image/generate/ideogram-3": "PLACEHOLDER - NOT IDEOGRAM 3.0",
  "/v2/image/generate/ideogram-3-character": "PLACEHOLDER - NOT IDEOGRAM 3.0",
  "/v2/image/remix/ideogram-3": "PLACEHOLDER 3.0 REMIX",
  "/v2/image/remix/ideogram-3-character": "PLACEHOLDER 3.0 REMIX",
  "/v2/image/reframe/ideogram-3": "PLACEHOLDER REFRAME",
  "/v2/image/inpaint/ideogram-3": "PLACEHOLDER - REGION REPAINTED",
  "/v2/image/replace-background/ideogram-3": "PLACEHOLDER - NEW BACKGROUND",
  "/v2/image/remove-background/ideogram-1": "PLACEHOLDER - NO BACKGROUND",
  "/v2/image/remove-object/ideogram-1": "PLACEHOLDER - PAINTED REGION REMOVED",
  "/v2/image/generate/ideogram-4": "PLACEHOLDER - NOT IDEOGRAM 4.0",
  "/v2/image/remix/ideogram-4": "PLACEHOLDER 4.0 REMIX",
  "/v2/image/generate/ideogram-4-5": "PLACEHOLDER - NOT IDEOGRAM 4.5",
  "/v2/image/generate/ideogram-3-transparent": "PLACEHOLDER - TRANSPARENT 3.0",
  "/v2/image/generate/ideogram-4-transparent": "PLACEHOLDER - TRANSPARENT 4.0",
  "/v2/image/precise-edit/ideogram-4-5": "PLACEHOLDER - EDITED IN WORDS",
};

const placeholder = (made: ImageToMake) =>
  placeholderImage(
    made.width,
    made.height,
    made.prompt,
    made.seed,
    LABELS[`/${made.endpoint}`] ?? "PLACEHOLDER",
    made.endpoint.endsWith("-transparent"),
  );

export function createIdeogramEmulator(options: IdeogramEmulatorOptions): IdeogramEmulator {
  const requests: EmulatedCall[] = [];
  const images = new Map<string, Uint8Array>();
  const stats = { inflight: 0, peak: 0, rejected: 0, imageMs: 0, quotes: 0, reads: 0, webhooks: 0 };
  let webhooks: WebhookMode = options.webhooks ?? "deliver";
  // The generations of async requests, by id (bounded as the requests are).
  const generations = new Map<string, Generation>();
  const readLog: { generationId: string; at: number }[] = [];
  const signer = eventSigner("emulator-1");
  const maxKept = options.maxKept ?? Number.POSITIVE_INFINITY;
  const maxInflight = options.maxInflight ?? Number.POSITIVE_INFINITY;
  let latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS;
  let counter = 0;
  let changedAt = Date.now();
  const addInflight = (delta: number) => {
    const now = Date.now();
    stats.imageMs += stats.inflight * (now - changedAt);
    changedAt = now;
    stats.inflight += delta;
    stats.peak = Math.max(stats.peak, stats.inflight);
  };
  const keep = (bytes: Uint8Array) => {
    const path = `/images/${++counter}.png`;
    images.set(path, bytes);
    if (images.size > maxKept) images.delete(images.keys().next().value ?? "");
    return `${options.baseUrl}${path}`;
  };

  /** Runs an accepted async request in the background: its images, then its webhook. */
  const finish = async (id: string, call: IdeogramCall, file: CallFile | undefined, count: number) => {
    const generation: Generation = { status: "pending", created: new Date().toISOString() };
    generations.set(id, generation);
    if (generations.size > maxKept) generations.delete(generations.keys().next().value ?? "");
    addInflight(count);
    const prompt = String(call.fields.prompt ?? "");
    await new Promise((resolve) =>
      setTimeout(resolve, typeof latencyMs === "function" ? latencyMs(prompt) : latencyMs),
    );
    await options.gate?.();
    addInflight(-count);
    const made = answer(call, file, (image) => keep((options.image ?? placeholder)(image))) as {
      data: unknown[];
    };
    generation.status = "completed";
    generation.data = made.data;
    const url = call.fields.webhook_url;
    if (typeof url !== "string" || webhooks === "drop") return;
    const event = JSON.stringify({ generation_id: id, created: generation.created, data: made.data });
    for (let i = 0; i < (webhooks === "duplicate" ? 2 : 1); i++) {
      stats.webhooks++;
      const { headers } = await (await signer).sign(id, event);
      // Ideogram retries a failed delivery a few times; the emulator sends once (the bot reads).
      await fetch(url, { method: "POST", headers, body: event, signal: AbortSignal.timeout(10_000) }).catch(
        () => undefined,
      );
    }
  };

  const handle: RouteHandler = async (method, path, request, body, response) => {
    if (method === "GET" && path === JWKS_PATH) {
      sendJson(response, 200, { keys: [(await signer).jwk] });
      return true;
    }
    const generationId = /^\/v2\/generations\/([^/]+)$/.exec(path)?.[1];
    if (method === "GET" && generationId) {
      stats.reads++;
      const id = decodeURIComponent(generationId);
      readLog.push({ generationId: id, at: Date.now() });
      if (readLog.length > maxKept) readLog.shift();
      const generation = generations.get(id);
      if (!generation) sendJson(response, 404, { error: "A referenced resource was not found." });
      else {
        const { status, created, data } = generation;
        sendJson(
          response,
          200,
          status === "completed"
            ? { generation_id: id, status, created, response_type: "url", data }
            : { generation_id: id, status, created },
        );
      }
      return true;
    }
    if (method === "GET" && /^\/images\/\d+\.png$/.test(path)) {
      const bytes = images.get(path);
      if (!bytes) sendJson(response, 404, { detail: "Not Found" });
      else
        response
          .writeHead(200, { "Content-Type": "image/png", "Content-Length": bytes.byteLength })
          .end(bytes);
      return true;
    }
    if (method !== "POST" || !Object.hasOwn(ENDPOINTS, path)) return false;
    const key = request.headers["api-key"];
    if (!key || (options.apiKey !== undefined && key !== options.apiKey)) {
      sendJson(response, 401, { detail: "Unauthorized" });
      return true;
    }
    const read = await readIdeogramCall(path, asRequest(request, body));
    if (!read.ok) {
      sendJson(response, 400, { error: read.error });
      return true;
    }
    const { call } = read;
    // A dry run is priced and not run: nothing made, kept, counted in flight or billed.
    if (new URL(request.url ?? "/", "http://x").searchParams.get("dry_run") === "true" && quotes(path)) {
      stats.quotes++;
      sendJson(response, 200, priceQuoteFor(call));
      return true;
    }
    const files = await callFiles(call);
    const file = (files.image_file ?? files.image)?.[0];
    requests.push({
      endpoint: path.slice(1),
      headers: request.headers,
      body: { image_request: call.fields },
      file,
      files,
    });
    if (requests.length > maxKept) requests.shift();
    const prompt = String(call.fields.prompt ?? "");
    if (options.refuse?.(prompt)) {
      sendJson(response, 422, {
        error: "Prompt provided failed safety check due to the inclusion of prohibited content.",
      });
      return true;
    }
    const count = Number(call.fields.num_images ?? 1);
    if (stats.inflight + count > maxInflight) {
      stats.rejected++;
      sendJson(response, 429, {
        error: "Too many requests in flight. Wait for some to finish, then retry.",
        reject_reason: "inflight_limit",
        max_inflight_requests: maxInflight,
      });
      return true;
    }
    // v2 asynchronously (async: true, a webhook_url, or an operation that is always async): the id
    // now, the images in the background.
    if (path.startsWith("/v2/") && runsAsync(path, call)) {
      const id = `emulated-${crypto.randomUUID()}`;
      void finish(id, call, file, count);
      sendJson(response, 200, { generation_id: id, seed: Number(call.fields.seed ?? 0) });
      return true;
    }
    addInflight(count);
    const wait = typeof latencyMs === "function" ? latencyMs(prompt) : latencyMs;
    await new Promise((resolve) => setTimeout(resolve, wait));
    await options.gate?.();
    addInflight(-count);
    sendJson(
      response,
      200,
      answer(call, file, (made) => keep((options.image ?? placeholder)(made))),
    );
    return true;
  };

  return {
    handle,
    requests,
    images,
    stats,
    readLog,
    get latencyMs() {
      return latencyMs;
    },
    set latencyMs(ms: number | ((prompt: string) => number)) {
      latencyMs = typeof ms === "function" ? ms : Math.max(0, Math.min(ms, 60_000));
    },
    get webhooks() {
      return webhooks;
    },
    set webhooks(mode: WebhookMode) {
      if (WEBHOOK_MODES.includes(mode)) webhooks = mode;
    },
  };
}

interface Generation {
  status: "pending" | "completed";
  created: string;
  data?: unknown[];
}

/** Whether a v2 request runs in the background: asked to, or an operation that always does (§6.1). */
function runsAsync(path: string, call: IdeogramCall): boolean {
  const { fields } = call;
  return (
    fields.async === true ||
    fields.async === "true" ||
    typeof fields.webhook_url === "string" ||
    ENDPOINTS[path]?.alwaysAsync === true
  );
}

const asRequest = (request: IncomingMessage, body: Buffer) =>
  new Request("http://ideogram.local", {
    method: "POST",
    headers: { "Content-Type": String(request.headers["content-type"] ?? "") },
    body: new Uint8Array(body),
  });

/** Ideogram's answer to a call, in the shape of its API, with its images at the right size. */
function answer(
  call: IdeogramCall,
  file: CallFile | undefined,
  make: (image: ImageToMake) => string,
): unknown {
  const { endpoint, fields } = call;
  const source = file ? pngSize(file.bytes) : undefined;
  const [width, height] = answerSize(call, source);
  if (endpoint === "/describe") {
    const text = `A placeholder description of a ${width}x${height} image (${file?.bytes.byteLength ?? 0} bytes; the emulator's, not Ideogram's)`;
    return { descriptions: [{ text }] };
  }
  const count = Number(fields.num_images ?? 1);
  const firstSeed = Number(fields.seed ?? Math.floor(Math.random() * 2_147_483_000));
  const prompt = String(fields.prompt ?? "");
  const created = new Date().toISOString();
  const data = Array.from({ length: count }, (_, index) => {
    const seed = (firstSeed + index) % 2_147_483_648;
    return {
      url: make({ endpoint: endpoint.slice(1), prompt, index, seed, width, height }),
      prompt,
      resolution: `${width}x${height}`,
      ...(endpoint === "/upscale" ? { upscaled_resolution: `${width}x${height}` } : {}),
      is_image_safe: true,
      seed,
      ...(endpoint.startsWith("/v2/") ? {} : { style_type: fields.style_type ?? "GENERAL" }),
    };
  });
  // Remove-background answers with a link and the safety flag only; v2 with a generation id, no date.
  if (endpoint === "/v2/image/remove-background/ideogram-1")
    return {
      generation_id: `emulated-${firstSeed}`,
      seed: firstSeed,
      data: data.map(({ url }) => ({ url, is_image_safe: true })),
    };
  if (endpoint.startsWith("/v2/"))
    return { generation_id: `emulated-${Date.now().toString(36)}-${firstSeed}`, seed: firstSeed, data };
  return { created, data };
}

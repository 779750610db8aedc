// Local HTTP servers that behave like Ideogram (every endpoint the bot calls, read strictly by
// playground/ideogram-contract.ts) and Discord's interaction webhooks, for end-to-end tests of the
// real Worker. Written from the APIs' docs (see ../../README.md).
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readMultipart } from "../../playground/http.ts";
import { type CallFile, callFiles, ENDPOINTS, readIdeogramCall } from "../../playground/ideogram-contract.ts";
import { fakePng } from "../support/images.ts";

export interface FakeServer {
  url: string;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, body: Buffer, res: ServerResponse) => unknown) {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      // A client killed mid-upload (the restart tests SIGKILL the Worker) aborts its request.
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return;
    }
    try {
      await handler(req, Buffer.concat(chunks), res);
    } catch (error) {
      res
        .writeHead(500, { "Content-Type": "application/json" })
        .end(JSON.stringify({ error: String(error) }));
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));

export interface FakeIdeogramOptions {
  /** Size of each generated image. */
  imageBytes?: number;
  /** How long one /generate takes, by prompt. */
  latencyMs?: (prompt: string) => number;
  /** Ideogram's per-organisation limit on images in flight; past it, 429 (docs: rate limits). */
  maxInflight?: number;
  /** Prompts Ideogram's safety check refuses (422). */
  refuse?: (prompt: string) => boolean;
  /** Awaited before each answer (after the latency): a bench holds requests until it opens it. */
  gate?: () => Promise<void>;
}

export interface FakeIdeogram extends FakeServer {
  requests: {
    endpoint: string;
    headers: IncomingMessage["headers"];
    /** The request's fields: legacy's image_request, or 3.0's and 4.0's flat fields. */
    body: { image_request: Record<string, unknown> };
    /** The image the call sends (`image_file` on legacy, `image` on 3.0 and 4.0). */
    file?: { name: string; type: string; bytes: Uint8Array };
    /** Every file the call sends, by part name (reference images among them). */
    files: Record<string, CallFile[]>;
  }[];
  /** Every image served so far, by its URL path. */
  images: Map<string, Uint8Array>;
  /**
   * Images being generated now, the most ever at once, how many requests got a 429, and the
   * integral of images in flight over time (image-milliseconds), for utilisation.
   */
  stats: { inflight: number; peak: number; rejected: number; imageMs: number };
}

/** POST /generate, /remix, /upscale → PNGs made on the spot, served from GET /images/{id}.png; /describe → text. */
export async function startFakeIdeogram(
  apiKey: string,
  options: FakeIdeogramOptions = {},
): Promise<FakeIdeogram> {
  const requests: FakeIdeogram["requests"] = [];
  const images = new Map<string, Uint8Array>();
  const stats = { inflight: 0, peak: 0, rejected: 0, imageMs: 0 };
  let changedAt = Date.now();
  const addInflight = (delta: number) => {
    const now = Date.now();
    stats.imageMs += stats.inflight * (now - changedAt);
    changedAt = now;
    stats.inflight += delta;
    stats.peak = Math.max(stats.peak, stats.inflight);
  };
  const maxInflight = options.maxInflight ?? Number.POSITIVE_INFINITY;
  let counter = 0;
  const server = await listen(async (req, body, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && images.has(url.pathname)) {
      const bytes = images.get(url.pathname) as Uint8Array;
      res.writeHead(200, { "Content-Type": "image/png", "Content-Length": bytes.byteLength }).end(bytes);
      return;
    }
    const endpoint = url.pathname.slice(1);
    if (req.method !== "POST" || !Object.hasOwn(ENDPOINTS, url.pathname))
      return sendJson(res, 404, { detail: "Not Found" });
    if (req.headers["api-key"] !== apiKey) return sendJson(res, 401, { detail: "Unauthorized" });
    const parsed = await readRequest(url.pathname, req, body);
    if ("error" in parsed) return sendJson(res, 400, { error: parsed.error });
    requests.push({ endpoint, headers: req.headers, ...parsed });
    const request = parsed.body.image_request;
    if (typeof request.prompt === "string" && options.refuse?.(request.prompt)) {
      return sendJson(res, 422, {
        error: "Prompt provided failed safety check due to the inclusion of prohibited content.",
      });
    }
    const count = Number(request.num_images ?? 1);
    if (stats.inflight + count > maxInflight) {
      stats.rejected++;
      return sendJson(res, 429, {
        error: "Too many requests in flight. Wait for some to finish, then retry.",
        reject_reason: "inflight_limit",
        max_inflight_requests: maxInflight,
      });
    }
    addInflight(count);
    await new Promise((resolve) => setTimeout(resolve, options.latencyMs?.(String(request.prompt)) ?? 0));
    await options.gate?.();
    addInflight(-count);
    if (endpoint === "describe") {
      const size = parsed.file?.bytes.byteLength ?? 0;
      return sendJson(res, 200, { descriptions: [{ text: `An image of ${size} bytes, described` }] });
    }
    const data = Array.from({ length: count }, (_, i) => {
      const id = `/images/${++counter}.png`;
      const seed = Number(request.seed ?? 1000 + counter);
      images.set(id, fakePng(`${endpoint}#${request.prompt}#${i}#${seed}`, options.imageBytes ?? 4096));
      return {
        url: `${server.url}${id}`,
        prompt: String(request.prompt ?? "upscaled"),
        resolution:
          typeof request.resolution === "string" && /^\d+x\d+$/.test(request.resolution)
            ? request.resolution
            : "1024x1024",
        is_image_safe: true,
        seed,
      };
    });
    // v2 answers {generation_id, seed, data}; remove-background only {url, is_image_safe} per image.
    if (endpoint.startsWith("v2/"))
      sendJson(res, 200, { generation_id: `gen-${counter}`, seed: data[0]?.seed, data });
    else if (endpoint === "v1/remove-background") {
      sendJson(res, 200, {
        created: new Date().toISOString(),
        data: data.map(({ url, is_image_safe }) => ({ url, is_image_safe })),
      });
    } else sendJson(res, 200, { created: new Date().toISOString(), data });
  });
  return { ...server, requests, images, stats };
}

/** The request as the endpoint reads it (strictly, as Ideogram would), its fields and its files. */
async function readRequest(
  path: string,
  req: IncomingMessage,
  body: Buffer,
): Promise<Pick<FakeIdeogram["requests"][number], "body" | "file" | "files"> | { error: string }> {
  const headers = { "Content-Type": String(req.headers["content-type"] ?? "") };
  const read = await readIdeogramCall(
    path,
    new Request("http://ideogram", { method: "POST", headers, body: new Uint8Array(body) }),
  );
  if (!read.ok) return { error: read.error };
  const files = await callFiles(read.call);
  return { body: { image_request: read.call.fields }, file: (files.image_file ?? files.image)?.[0], files };
}

export interface DiscordEdit {
  path: string;
  token: string;
  headers: IncomingMessage["headers"];
  form: FormData;
  payload: { content?: string; components?: unknown[]; attachments?: unknown[] };
  /** Final messages drop the Cancel button that progress edits carry. */
  final: boolean;
  /** When it arrived (epoch ms). */
  at: number;
}

export interface FakeDiscord extends FakeServer {
  edits: DiscordEdit[];
  /** Messages posted through channel webhooks (Execute Webhook). */
  posts: {
    webhookId: string;
    token: string;
    query: URLSearchParams;
    form: FormData;
    payload: DiscordEdit["payload"];
  }[];
  /** Calls refused because the token had expired (Discord's 401, code 50027). */
  refused: number;
  /** Reads of a message (GET @original), by token. */
  reads: { token: string; at: number }[];
  /** Files members uploaded with a command, served by path as Discord's CDN serves them. */
  uploads: Map<string, Uint8Array>;
}

const DISCORD_EPOCH = 1_420_070_400_000n;
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** Discord's message flag for a deferred response still "thinking". */
const LOADING = 1 << 7;

/**
 * GET and PATCH /api/v10/webhooks/{app}/{token}/messages/@original (PATCH multipart or JSON).
 * A message starts as the deferred "thinking…" one. Tokens shaped `token-{interaction id}` expire
 * 15 minutes after that id's time, as Discord's do.
 */
export async function startFakeDiscord(): Promise<FakeDiscord> {
  const edits: DiscordEdit[] = [];
  const posts: FakeDiscord["posts"] = [];
  const reads: FakeDiscord["reads"] = [];
  const uploads = new Map<string, Uint8Array>();
  const messages = new Map<
    string,
    { content: string; flags: number; components: unknown[]; attachments: unknown[] }
  >();
  let refused = 0;
  const server = await listen(async (req, body, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    const upload = req.method === "GET" ? uploads.get(path) : undefined;
    if (upload) {
      res.writeHead(200, { "Content-Type": "image/png", "Content-Length": upload.byteLength }).end(upload);
      return;
    }
    const execute = path.match(/^\/api\/v10\/webhooks\/(\d+)\/([^/]+)$/);
    if (req.method === "POST" && execute?.[1] && execute[2]) {
      const form = await readForm(req, body);
      const payload = JSON.parse(String(form.get("payload_json"))) as DiscordEdit["payload"];
      posts.push({ webhookId: execute[1], token: execute[2], query: url.searchParams, form, payload });
      const id = String(1_500_000_000_000_000_000n + BigInt(posts.length));
      const attachments = ((payload.attachments ?? []) as { filename: string }[]).map((a) => ({
        filename: a.filename,
        url: `${server.url}/attachments/${id}/${a.filename}`,
      }));
      return url.searchParams.get("wait") === "true"
        ? sendJson(res, 200, { id, channel_id: "1100000000000000002", attachments })
        : res.writeHead(204).end();
    }
    const match = path.match(/^\/api\/v10\/webhooks\/\d+\/([^/]+)\/messages\/@original$/);
    if (!["GET", "PATCH"].includes(req.method ?? "") || !match?.[1]) {
      return sendJson(res, 404, { message: "404: Not Found", code: 0 });
    }
    const token = match[1];
    const id = token.match(/^token-(\d+)$/)?.[1];
    if (id && Date.now() > Number((BigInt(id) >> 22n) + DISCORD_EPOCH) + TOKEN_LIFETIME_MS) {
      refused++;
      return sendJson(res, 401, { message: "Invalid Webhook Token", code: 50027 });
    }
    const current = messages.get(token) ?? { content: "", flags: LOADING, components: [], attachments: [] };
    if (req.method === "GET") {
      reads.push({ token, at: Date.now() });
      return sendJson(res, 200, { id: "1300000000000000099", type: 20, ...current });
    }
    const form = await readForm(req, body);
    const payload = JSON.parse(String(form.get("payload_json"))) as DiscordEdit["payload"];
    // Progress edits carry the Cancel button; a final message has the result's buttons or none.
    const final =
      Array.isArray(payload.components) && !JSON.stringify(payload.components).includes('"cancel:');
    edits.push({ path, token, headers: req.headers, form, payload, final, at: Date.now() });
    messages.set(token, {
      content: payload.content ?? current.content,
      flags: 0,
      components: payload.components ?? current.components,
      attachments: payload.attachments ?? current.attachments,
    });
    sendJson(res, 200, { id: "1300000000000000099", type: 20 });
  });
  return {
    ...server,
    edits,
    posts,
    reads,
    uploads,
    get refused() {
      return refused;
    },
  };
}

/** A multipart body as FormData; a JSON one as a form with only `payload_json`. */
async function readForm(req: IncomingMessage, body: Buffer): Promise<FormData> {
  return (await readMultipart(req, body)) ?? jsonAsForm(body);
}

/** A JSON edit, stored like a multipart one without files. */
function jsonAsForm(body: Buffer): FormData {
  const form = new FormData();
  form.append("payload_json", body.toString());
  return form;
}

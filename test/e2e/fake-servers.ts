// Local HTTP servers that behave like Ideogram's /generate and Discord's interaction webhooks,
// for end-to-end tests of the real Worker. Written from the APIs' docs (see ../../README.md).
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fakePng } from "../support/images.ts";

export interface FakeServer {
  url: string;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, body: Buffer, res: ServerResponse) => unknown) {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
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

export interface FakeIdeogram extends FakeServer {
  requests: { headers: IncomingMessage["headers"]; body: { image_request: Record<string, unknown> } }[];
  /** Every image served so far, by its URL path. */
  images: Map<string, Uint8Array>;
}

/** POST /generate → PNGs of `imageBytes` made on the spot, served from GET /images/{id}.png. */
export async function startFakeIdeogram(apiKey: string, imageBytes = 4096): Promise<FakeIdeogram> {
  const requests: FakeIdeogram["requests"] = [];
  const images = new Map<string, Uint8Array>();
  let counter = 0;
  const server = await listen((req, body, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && images.has(url.pathname)) {
      const bytes = images.get(url.pathname) as Uint8Array;
      res.writeHead(200, { "Content-Type": "image/png", "Content-Length": bytes.byteLength }).end(bytes);
      return;
    }
    if (req.method !== "POST" || url.pathname !== "/generate")
      return sendJson(res, 404, { detail: "Not Found" });
    if (req.headers["api-key"] !== apiKey) return sendJson(res, 401, { detail: "Unauthorized" });
    const parsed = JSON.parse(body.toString()) as FakeIdeogram["requests"][number]["body"];
    requests.push({ headers: req.headers, body: parsed });
    const request = parsed.image_request;
    if (typeof request?.prompt !== "string") return sendJson(res, 400, { error: "prompt is required" });
    const count = Number(request.num_images ?? 1);
    const data = Array.from({ length: count }, (_, i) => {
      const id = `/images/${++counter}.png`;
      const seed = Number(request.seed ?? 1000 + counter);
      images.set(id, fakePng(`${request.prompt}#${i}#${seed}`, imageBytes));
      return {
        url: `${server.url}${id}`,
        prompt: request.prompt,
        resolution: "1024x1024",
        is_image_safe: true,
        seed,
      };
    });
    sendJson(res, 200, { created: new Date().toISOString(), data });
  });
  return { ...server, requests, images };
}

export interface FakeDiscord extends FakeServer {
  edits: { path: string; headers: IncomingMessage["headers"]; form: FormData }[];
}

/** PATCH /api/v10/webhooks/{app}/{token}/messages/@original, multipart or JSON. */
export async function startFakeDiscord(): Promise<FakeDiscord> {
  const edits: FakeDiscord["edits"] = [];
  const server = await listen(async (req, body, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method !== "PATCH" || !/^\/api\/v10\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path)) {
      return sendJson(res, 404, { message: "404: Not Found", code: 0 });
    }
    const type = String(req.headers["content-type"] ?? "");
    const form = type.startsWith("multipart/")
      ? await new Response(new Uint8Array(body), { headers: { "Content-Type": type } }).formData()
      : jsonAsForm(body);
    edits.push({ path, headers: req.headers, form });
    sendJson(res, 200, { id: "1300000000000000099", type: 20 });
  });
  return { ...server, edits };
}

/** A JSON edit, stored like a multipart one without files. */
function jsonAsForm(body: Buffer): FormData {
  const form = new FormData();
  form.append("payload_json", body.toString());
  return form;
}

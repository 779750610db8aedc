// A fake Ideogram with every endpoint the bot calls, strict to the reference (each request is read by
// playground/ideogram-contract.ts: content type, fields, values, files; a wrong one gets 400), answering
// in each API's own shape; and readers for what it was sent.
import {
  callFiles,
  ENDPOINTS,
  pngSize,
  priceQuoteFor,
  quotes,
  readIdeogramCall,
} from "../../playground/ideogram-contract.ts";
import { JWKS_PATH } from "../../src/ideogram/webhook-signature.ts";
import { lazy } from "../../src/lazy.ts";
import { type FakeNetwork, json } from "./fake-network.ts";
import { createHarness, IMAGE_HOST } from "./harness.ts";
import { eventSigner } from "./ideogram-events.ts";
import { fakePng, pngResponse } from "./images.ts";
import { transparentPng } from "./png.ts";

export const IDEOGRAM = "https://api.ideogram.ai";
export const DESCRIPTIONS = [
  "A red fox sitting in fresh snow, soft morning light",
  "A watercolor fox, muted palette",
];

/** The bytes served for the image at `url` (named after the endpoint, call and position). */
export const bytesAt = (url: string) => fakePng(new URL(url).pathname.split("/").pop() ?? url);

/** The RGBA PNG served for a transparent model's image at `url`: clear on the left, opaque on the right. */
export const transparentAt = (url: string) => transparentPng(new URL(url).pathname.split("/").pop() ?? url);

/** Each endpoint's short name in image URLs: "generate", "v3-generate", "v3-reframe", "v4-remix"… */
export const endpointName = (path: string) =>
  path
    .replace(/^\//, "")
    .replace(/^v2\/image\/remove-(background|object)\/ideogram-1$/, "remove-$1")
    .replace(/^v2\/image\/([\w-]+)\/ideogram-(\d)(-character)?(-transparent)?$/, "v$2-$1$4");

/** The fake Ideogram's webhook key, one per isolate (the Worker keeps the key set it fetched). */
export const webhookSigner = lazy(() => eventSigner("fake-v1"));

/** What happens to the webhooks of async requests: sent, lost on the way, or sent twice. */
export type WebhookMode = "deliver" | "drop" | "duplicate";

export interface FakeIdeogramOptions {
  /** Answers a call instead of the fake, when it returns a response (a refusal, say). */
  refuse?: (path: string, call: number) => Response | undefined;
  /** Awaited before each answer: a slow Ideogram. */
  slow?: (path: string) => Promise<void>;
  /** Answers a dry run instead of the fake, when it returns a response (another price, a failure). */
  quote?: (path: string) => Response | undefined;
  /** Posts a signed webhook to the Worker (the harness's own request). Unset: webhooks are dropped. */
  deliver?: (url: string, init: RequestInit) => Promise<Response>;
  webhooks?: WebhookMode;
  /** Reads of a generation that answer "pending" before it is completed. */
  pendingReads?: number;
  /** Answers an async request with its images at once, as a synchronous run would. */
  synchronous?: boolean;
}

/**
 * Answers every endpoint (legacy /generate, /remix, /upscale, /describe; 3.0's generate, remix and
 * tools; 4.0's v2 generate and remix, asynchronously when asked, with signed webhooks and
 * GET /v2/generations/{id}) and serves the images it returns.
 */
export function fakeIdeogramEndpoints(network: FakeNetwork, options: FakeIdeogramOptions = {}) {
  // A transparent model's images are real RGBA PNGs, so a test can check their alpha where they land.
  network.on("GET", `${IMAGE_HOST}*`, async (request) =>
    pngResponse(
      request.url.includes("-transparent-") ? await transparentAt(request.url) : bytesAt(request.url),
    ),
  );
  network.on("GET", `${IDEOGRAM}${JWKS_PATH}`, async () => json({ keys: [(await webhookSigner()).jwk] }));
  // Generations made in the background (§6.1): read free, as often as asked.
  const generations = new Map<string, { body: Record<string, unknown>; reads: number }>();
  network.on("GET", `${IDEOGRAM}/v2/generations/*`, (request) => {
    const id = decodeURIComponent(new URL(request.url).pathname.split("/").pop() ?? "");
    const generation = generations.get(id);
    if (!generation) return json({ error: "A referenced resource was not found." }, 404);
    const pending = generation.reads++ < (options.pendingReads ?? 0);
    const { created } = generation.body;
    return pending
      ? json({ generation_id: id, status: "pending", created })
      : json({ generation_id: id, status: "completed", created, response_type: "url", ...generation.body });
  });
  // Webhooks wait here until the test's side sends them (flushWebhooks): a request's own timers end with it.
  const outbox: { url: string; id: string; body: Record<string, unknown> }[] = [];
  const flushWebhooks = async () => {
    const mode = options.webhooks ?? "deliver";
    for (const { url, id, body } of outbox.splice(0)) {
      if (!options.deliver || mode === "drop") continue;
      for (let i = 0; i < (mode === "duplicate" ? 2 : 1); i++) {
        const signed = await (await webhookSigner()).sign(id, JSON.stringify({ generation_id: id, ...body }));
        await options.deliver(url, { method: "POST", headers: signed.headers, body: signed.body });
      }
    }
  };
  // A dry run (§7): the request read as strictly, priced, nothing made.
  for (const path of Object.keys(ENDPOINTS).filter(quotes)) {
    network.on("POST", `${IDEOGRAM}${path}?dry_run=true`, async (request) => {
      const refused = options.quote?.(path);
      if (refused) return refused;
      const read = await readIdeogramCall(path, request);
      return read.ok ? json(priceQuoteFor(read.call)) : json({ error: read.error }, 400);
    });
  }
  for (const path of Object.keys(ENDPOINTS)) {
    network.on("POST", `${IDEOGRAM}${path}`, async (request, call) => {
      const refused = options.refuse?.(path, call);
      if (refused) return refused;
      await options.slow?.(path);
      const read = await readIdeogramCall(path, request);
      if (!read.ok) return json({ error: read.error }, 400);
      const { fields, files } = read.call;
      if (path === "/describe") return json({ descriptions: DESCRIPTIONS.map((text) => ({ text })) });
      const source = files.image?.[0] ?? files.image_file?.[0] ?? files.images?.[0];
      const size = source ? pngSize(new Uint8Array(await source.arrayBuffer())) : undefined;
      const count = Number(fields.num_images ?? 1);
      const name = endpointName(path);
      const url = (i: number) => `${IMAGE_HOST}${name}-${call}-${i}.png?exp=1`;
      // Remove-background's images name no prompt, size or seed (§6.1 `image.without-prompt-or-seed`).
      const bare = path === "/v2/image/remove-background/ideogram-1";
      // 4.5 names the output's size `size`.
      const sized = fields.resolution ?? fields.size;
      const resolution =
        typeof sized === "string" && /^\d+x\d+$/.test(sized)
          ? sized
          : path === "/upscale"
            ? "1024x1024"
            : size && ((!path.includes("generate") && !path.includes("remix")) || files.mask)
              ? `${size[0]}x${size[1]}`
              : "1024x1024";
      const data = Array.from({ length: bare ? 1 : count }, (_, i) =>
        bare
          ? { url: url(i), is_image_safe: true }
          : {
              url: url(i),
              // An endpoint sent no prompt answers with an empty one (reframe), or Upscale's own.
              prompt: fields.prompt
                ? `${fields.prompt} (final ${i + 1})`
                : path === "/upscale"
                  ? "upscaled"
                  : "",
              resolution,
              ...(path === "/upscale" ? { upscaled_resolution: "2048x2048" } : {}),
              is_image_safe: true,
              seed: Number(fields.seed ?? 100 * call + i),
              ...(path.startsWith("/v2/") ? {} : { style_type: fields.style_type ?? "GENERAL" }),
            },
      );
      if (!path.startsWith("/v2/")) return json({ created: "2026-11-24T12:00:00+00:00", data });
      // Unique across the tests of a file, which share the scheduler's tables.
      const id = `gen-${name}-${call}-${crypto.randomUUID()}`;
      const seed = Number(fields.seed ?? 100 * call);
      const asked =
        ENDPOINTS[path]?.alwaysAsync ||
        fields.async === true ||
        fields.async === "true" ||
        typeof fields.webhook_url === "string";
      if (!asked || options.synchronous) return json({ generation_id: id, seed, data });
      const body = { created: "2026-12-03T12:00:00Z", data };
      generations.set(id, { body, reads: 0 });
      // Sent once every image is done, after the answer to the request.
      if (typeof fields.webhook_url === "string") outbox.push({ url: fields.webhook_url, id, body });
      return json({ generation_id: id, seed });
    });
  }
  return { flushWebhooks };
}

/** Where the Worker asks Ideogram to post a finished generation, in the harness (its interactions' origin). */
export const EVENTS_URL = "https://bot.example/ideogram/events";
/** What a v2 form carries besides its own fields: sent asynchronously, with the webhook. */
export const ASYNC_FORM = { async: "true", webhook_url: EVENTS_URL };

/** The requests sent to Ideogram's `path` itself: not its dry runs, not a longer path it begins. */
export const sentTo = (network: FakeNetwork, path: string) =>
  network.calls.filter((c) => c.method === "POST" && c.url === `${IDEOGRAM}${path}`);

/** What a recorded call carried, read as the endpoint reads it: its fields and its files' types and bytes. */
export async function readCall(request: Request) {
  const path = new URL(request.url).pathname;
  const read = await readIdeogramCall(path, request);
  if (!read.ok) throw new Error(`the bot sent ${path} a request Ideogram refuses: ${read.error}`);
  const files = await callFiles(read.call);
  return { contentType: request.headers.get("Content-Type") ?? "", fields: read.call.fields, files };
}

const typeAndBytes = (file: { type: string; bytes: Uint8Array } | undefined) =>
  file && { type: file.type, bytes: file.bytes };

/** What a recorded tool call carried: its text fields and the image's type and bytes. */
export async function readToolRequest(request: Request) {
  const form = await request.clone().formData();
  const { fields, files } = await readCall(request);
  return {
    names: [...form.keys()],
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])),
    image: typeAndBytes(files.image?.[0]),
    mask: typeAndBytes(files.mask?.[0]),
  };
}

/** What a recorded legacy call carried: its image_request, and its image_file if multipart. */
export async function readIdeogramRequest(request: Request) {
  const { contentType, fields, files } = await readCall(request.clone());
  const form = contentType.startsWith("multipart/") ? await request.formData() : undefined;
  return {
    contentType,
    fields: form ? [...form.keys()] : undefined,
    imageRequest: fields,
    file: files.image_file?.[0],
  };
}

/** A harness whose Ideogram answers every endpoint and whose Discord accepts every edit. */
export async function harnessWithFakes(
  env: Record<string, unknown> = {},
  ideogram: FakeIdeogramOptions = {},
) {
  const h = await createHarness(env);
  // Ideogram's webhooks reach the Worker's own route.
  const deliver = (url: string, init: RequestInit) => h.request(new URL(url).pathname, init);
  const fake = fakeIdeogramEndpoints(h.network, { deliver, ...ideogram });
  h.whileDraining.push(fake.flushWebhooks);
  acceptAllEdits(h.network);
  return h;
}

/** Discord accepts every edit of every interaction's original response. */
export function acceptAllEdits(network: FakeNetwork) {
  network.on("PATCH", /\/webhooks\/\d+\/[^/]+\/messages\/@original$/, () =>
    json({ id: "1300000000000000099" }),
  );
}

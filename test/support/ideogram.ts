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
import { type FakeNetwork, json } from "./fake-network.ts";
import { createHarness, IMAGE_HOST } from "./harness.ts";
import { fakePng, pngResponse } from "./images.ts";

export const IDEOGRAM = "https://api.ideogram.ai";
export const DESCRIPTIONS = [
  "A red fox sitting in fresh snow, soft morning light",
  "A watercolor fox, muted palette",
];

/** The bytes served for the image at `url` (named after the endpoint, call and position). */
export const bytesAt = (url: string) => fakePng(new URL(url).pathname.split("/").pop() ?? url);

/** Each endpoint's short name in image URLs: "generate", "v3-generate", "v3-reframe", "v4-remix"… */
export const endpointName = (path: string) =>
  path
    .replace(/^\/(v1\/)?/, "")
    .replace("ideogram-v3/", "v3-")
    .replace(/^v2\/image\/([\w-]+)\/ideogram-4$/, "v4-$1");

/**
 * Answers every endpoint (legacy /generate, /remix, /upscale, /describe; 3.0's generate, remix and
 * tools; 4.0's v2 generate and remix) and serves the images it returns.
 */
export function fakeIdeogramEndpoints(
  network: FakeNetwork,
  options: {
    /** Answers a call instead of the fake, when it returns a response (a refusal, say). */
    refuse?: (path: string, call: number) => Response | undefined;
    /** Awaited before each answer: a slow Ideogram. */
    slow?: (path: string) => Promise<void>;
    /** Answers a dry run instead of the fake, when it returns a response (another price, a failure). */
    quote?: (path: string) => Response | undefined;
  } = {},
) {
  network.on("GET", `${IMAGE_HOST}*`, (request) => pngResponse(bytesAt(request.url)));
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
      const source = files.image?.[0] ?? files.image_file?.[0];
      const size = source ? pngSize(new Uint8Array(await source.arrayBuffer())) : undefined;
      const count = Number(fields.num_images ?? 1);
      const name = endpointName(path);
      const url = (i: number) => `${IMAGE_HOST}${name}-${call}-${i}.png?exp=1`;
      if (path === "/v1/remove-background") {
        return json({ created: "2026-11-24T12:00:00+00:00", data: [{ url: url(0), is_image_safe: true }] });
      }
      const resolution =
        typeof fields.resolution === "string" && /^\d+x\d+$/.test(fields.resolution)
          ? fields.resolution
          : path === "/upscale"
            ? "1024x1024"
            : size && !path.includes("generate") && !path.includes("remix")
              ? `${size[0]}x${size[1]}`
              : "1024x1024";
      const data = Array.from({ length: count }, (_, i) => ({
        url: url(i),
        // An endpoint sent no prompt answers with an empty one (reframe), or Upscale's own.
        prompt: fields.prompt ? `${fields.prompt} (final ${i + 1})` : path === "/upscale" ? "upscaled" : "",
        resolution,
        ...(path === "/upscale" ? { upscaled_resolution: "2048x2048" } : {}),
        is_image_safe: true,
        seed: Number(fields.seed ?? 100 * call + i),
        ...(path.startsWith("/v2/") ? {} : { style_type: fields.style_type ?? "GENERAL" }),
      }));
      return path.startsWith("/v2/")
        ? json({ generation_id: `gen-${name}-${call}`, seed: data[0]?.seed ?? 0, data })
        : json({ created: "2026-11-24T12:00:00+00:00", data });
    });
  }
}

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
  ideogram: Parameters<typeof fakeIdeogramEndpoints>[1] = {},
) {
  const h = await createHarness(env);
  fakeIdeogramEndpoints(h.network, ideogram);
  acceptAllEdits(h.network);
  return h;
}

/** Discord accepts every edit of every interaction's original response. */
export function acceptAllEdits(network: FakeNetwork) {
  network.on("PATCH", /\/webhooks\/\d+\/[^/]+\/messages\/@original$/, () =>
    json({ id: "1300000000000000099" }),
  );
}

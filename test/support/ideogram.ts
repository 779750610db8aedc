// A fake Ideogram with every endpoint the buttons use, answering like the real one (multipart in,
// GenerateImageResponse or descriptions out), and readers for what it was sent.
import { type FakeNetwork, json } from "./fake-network.ts";
import { IMAGE_HOST } from "./harness.ts";
import { fakePng, pngResponse } from "./images.ts";

export const IDEOGRAM = "https://api.ideogram.ai";
export const DESCRIPTIONS = [
  "A red fox sitting in fresh snow, soft morning light",
  "A watercolor fox, muted palette",
];

/** The bytes served for the image at `url` (named after the endpoint, call and position). */
export const bytesAt = (url: string) => fakePng(new URL(url).pathname.split("/").pop() ?? url);

/** Answers /generate, /remix, /upscale and /describe, and serves the images they return. */
export function fakeIdeogramEndpoints(network: FakeNetwork) {
  network.on("GET", `${IMAGE_HOST}*`, (request) => pngResponse(bytesAt(request.url)));
  for (const endpoint of ["generate", "remix", "upscale"]) {
    network.on("POST", `${IDEOGRAM}/${endpoint}`, async (request, call) => {
      const { imageRequest } = await readIdeogramRequest(request);
      const count = Number(imageRequest.num_images ?? 1);
      return json({
        created: "2026-11-24T12:00:00+00:00",
        data: Array.from({ length: count }, (_, i) => ({
          url: `${IMAGE_HOST}${endpoint}-${call}-${i}.png?exp=1`,
          prompt: `${imageRequest.prompt ?? "upscaled"} (final ${i + 1})`,
          resolution: "1024x1024",
          ...(endpoint === "upscale" ? { upscaled_resolution: "2048x2048" } : {}),
          is_image_safe: true,
          seed: Number(imageRequest.seed ?? 100 * call + i),
          style_type: "GENERAL",
        })),
      });
    });
  }
  network.on("POST", `${IDEOGRAM}/describe`, () =>
    json({ descriptions: DESCRIPTIONS.map((text) => ({ text })) }),
  );
}

/** What a recorded Ideogram call carried: its image_request, and its image_file if multipart. */
export async function readIdeogramRequest(request: Request) {
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("application/json")) {
    const body = await request.json<{ image_request: Record<string, unknown> }>();
    return { contentType: type, imageRequest: body.image_request, file: undefined };
  }
  const form = await request.formData();
  const field = form.get("image_request");
  const file = form.get("image_file");
  return {
    contentType: type,
    fields: [...form.keys()],
    imageRequest: typeof field === "string" ? (JSON.parse(field) as Record<string, unknown>) : {},
    file:
      file && typeof file !== "string"
        ? { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }
        : undefined,
  };
}

/** Discord accepts every edit of every interaction's original response. */
export function acceptAllEdits(network: FakeNetwork) {
  network.on("PATCH", /\/webhooks\/\d+\/[^/]+\/messages\/@original$/, () =>
    json({ id: "1300000000000000099" }),
  );
}

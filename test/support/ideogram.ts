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

/**
 * The tools on one image (ideogram-current-api.md §2), strict to the reference: multipart only, the
 * required fields present, no field the endpoint does not list, `image` a JPEG, PNG or WebP file.
 */
const TOOL_FIELDS: Record<string, { required: string[]; optional: string[] }> = {
  "v1/ideogram-v3/reframe": {
    required: ["image", "resolution"],
    optional: ["num_images", "seed", "rendering_speed", "style_preset", "color_palette", "style_codes"],
  },
  "v1/remove-background": { required: ["image"], optional: [] },
  "v1/ideogram-v3/replace-background": {
    required: ["image", "prompt"],
    optional: ["magic_prompt", "num_images", "seed", "rendering_speed", "style_preset", "color_palette"],
  },
};

export function fakeIdeogramTools(network: FakeNetwork) {
  for (const [endpoint, { required, optional }] of Object.entries(TOOL_FIELDS)) {
    network.on("POST", `${IDEOGRAM}/${endpoint}`, async (request, call) => {
      if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data;")) {
        return json({ error: "multipart/form-data expected" }, 400);
      }
      const form = await request.formData();
      const names = [...form.keys()];
      const unknown = names.filter((n) => !required.includes(n) && !optional.includes(n));
      const missing = required.filter((n) => !form.has(n));
      const image = form.get("image");
      if (unknown.length || missing.length || typeof image === "string" || !image) {
        return json({ error: `Invalid input provided: ${[...unknown, ...missing].join(", ")}` }, 400);
      }
      if (!["image/png", "image/jpeg", "image/webp"].includes(image.type)) {
        return json({ error: "Invalid input provided: image type" }, 400);
      }
      const url = `${IMAGE_HOST}${endpoint.split("/").pop()}-${call}-0.png?exp=1`;
      if (endpoint === "v1/remove-background") {
        return json({ created: "2026-11-24T12:00:00+00:00", data: [{ url, is_image_safe: true }] });
      }
      const resolution = form.get("resolution");
      return json({
        created: "2026-11-24T12:00:00+00:00",
        data: [
          {
            url,
            prompt: String(form.get("prompt") ?? "a reframed scene"),
            resolution: typeof resolution === "string" ? resolution : "1024x1024",
            is_image_safe: true,
            seed: 500 + call,
            style_type: "GENERAL",
          },
        ],
      });
    });
  }
}

/** What a recorded tool call carried: its text fields and the image's type and bytes. */
export async function readToolRequest(request: Request) {
  const form = await request.formData();
  const image = form.get("image");
  const fields = Object.fromEntries(
    [...form.entries()].filter(([, value]) => typeof value === "string") as [string, string][],
  );
  return {
    names: [...form.keys()],
    fields,
    image:
      image && typeof image !== "string"
        ? { type: image.type, bytes: new Uint8Array(await image.arrayBuffer()) }
        : undefined,
  };
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

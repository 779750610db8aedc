// Runs the real app inside workerd with a fake network, a fake clock and captured logs.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { createApp } from "../../src/app.ts";
import { schedulerStub } from "../../src/bindings.ts";
import { systemClock } from "../../src/http/retry.ts";
import { createLogger } from "../../src/log.ts";
import { FakeNetwork, json } from "./fake-network.ts";
import { fakePng, pngResponse } from "./images.ts";
import { APPLICATION_ID, INTERACTION_TOKEN } from "./interactions.ts";
import { createSigner, signedHeaders } from "./signing.ts";

export const IDEOGRAM_GENERATE = "https://api.ideogram.ai/generate";
export const ORIGINAL_MESSAGE = `https://discord.com/api/v10/webhooks/${APPLICATION_ID}/${INTERACTION_TOKEN}/messages/@original`;
export const IMAGE_HOST = "https://ideogram.ai/api/images/ephemeral/";

export async function createHarness(envOverrides: Record<string, unknown> = {}) {
  const signer = await createSigner();
  const network = new FakeNetwork();
  // The scheduler object runs in this isolate and reaches the outside world through global fetch
  // and console.log: the route table stands in for the network, and its log lines are captured.
  vi.stubGlobal("fetch", network.fetch);
  const logs: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void logs.push(String(line)));
  const app = createApp({ clock: systemClock, log: createLogger([], {}, (line) => logs.push(line)) });
  const testEnv = { ...env, DISCORD_PUBLIC_KEY: signer.publicKeyHex, ...envOverrides } as Env;

  /** Sends `init` to the Worker and waits for the Worker's own background work. */
  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext();
    const response = await app.fetch(new Request(`https://bot.example${path}`, init), testEnv, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  }

  /** Posts `payload` to /interactions with a valid signature. */
  async function interact(payload: unknown): Promise<Response> {
    const body = JSON.stringify(payload);
    return request("/interactions", { method: "POST", headers: await signedHeaders(signer, body), body });
  }

  /** Done on each look while draining, from the test's own context (a fake's webhooks, say). */
  const whileDraining: (() => Promise<void>)[] = [];

  /**
   * Waits until the scheduler has nothing waiting or running, and `settled` holds: 10 s at most, or
   * longer for a job read by polling (its first read comes FIRST_READ_MS after the submission).
   */
  async function drain(settled: () => boolean = () => true, timeout = 10_000): Promise<void> {
    await vi.waitFor(
      async () => {
        for (const step of whileDraining) await step();
        const status = await schedulerStub(testEnv).status();
        if (status.jobs_waiting + status.jobs_running > 0 || !settled()) throw new Error("still busy");
      },
      { timeout, interval: 20 },
    );
  }

  return { signer, network, logs, env: testEnv, request, interact, drain, whileDraining };
}

export interface FakeImage {
  prompt?: string;
  seed?: number;
  is_image_safe?: boolean;
  url?: string | null;
  resolution?: string;
  style_type?: string;
}

/** Ideogram's 200 body for the given images (defaults: safe, 1024x1024, prompt "a lighthouse"). */
export function ideogramResult(images: FakeImage[]) {
  return {
    created: "2026-11-24T12:00:00.965408+00:00",
    data: images.map((image, i) => ({
      prompt: "a lighthouse",
      resolution: "1024x1024",
      is_image_safe: true,
      seed: 1000 + i,
      style_type: "GENERAL",
      url: `${IMAGE_HOST}img-${i}.png?exp=1&sig=x`,
      ...image,
    })),
  };
}

/** Serves each image of `result` at its URL; returns the bytes served. */
export function serveImages(network: FakeNetwork, result: ReturnType<typeof ideogramResult>) {
  const bytes = result.data.map((image, i) => fakePng(`image-${i}-${image.seed}`));
  network.on("GET", `${IMAGE_HOST}*`, (req) => {
    const index = Number(new URL(req.url).pathname.match(/img-(\d+)/)?.[1]);
    const body = bytes[index];
    return body ? pngResponse(body) : new Response("gone", { status: 404 });
  });
  return bytes;
}

/** Ideogram answers with `images` and serves their bytes. */
export function fakeIdeogram(network: FakeNetwork, images: FakeImage[] = [{}]) {
  const result = ideogramResult(images);
  network.on("POST", IDEOGRAM_GENERATE, () => json(result));
  return { result, bytes: serveImages(network, result) };
}

/** Ideogram answers with `images`, and Discord accepts the edit of the deferred message. */
export function fakeHappyPath(network: FakeNetwork, images: FakeImage[] = [{}]) {
  const fake = fakeIdeogram(network, images);
  network.on("PATCH", ORIGINAL_MESSAGE, () => json({ id: "1300000000000000099" }));
  return fake;
}

/** The multipart (or JSON) body of a recorded Discord edit. */
export async function readEdit(request: Request) {
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("application/json")) return { payload: await request.json<EditPayload>(), files: [] };
  const form = await request.formData();
  const payload = JSON.parse(String(form.get("payload_json"))) as EditPayload;
  const files: { field: string; name: string; type: string; bytes: Uint8Array }[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") continue;
    files.push({
      field,
      name: value.name,
      type: value.type,
      bytes: new Uint8Array(await value.arrayBuffer()),
    });
  }
  return { payload, files };
}

export interface EditPayload {
  content?: string;
  embeds?: {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[];
  attachments?: { id: number; filename: string; description?: string }[];
  components?: { type: number; components: { type: number; custom_id?: string; label?: string }[] }[];
  allowed_mentions?: unknown;
}

// The real Worker (wrangler's test harness running workerd) against local fake Ideogram and Discord servers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imagine, ping } from "../support/interactions.ts";
import { createSigner, type TestSigner } from "../support/signing.ts";
import { type FakeDiscord, type FakeIdeogram, startFakeDiscord, startFakeIdeogram } from "./fake-servers.ts";
import { E2E_IDEOGRAM_KEY, postInteraction, startWorker, waitFor } from "./helpers.ts";

const IDEOGRAM_KEY = E2E_IDEOGRAM_KEY;

let signer: TestSigner;
let ideogram: FakeIdeogram;
let discord: FakeDiscord;
let worker: ReturnType<typeof startWorker>;
let workerUrl: URL;

beforeAll(async () => {
  signer = await createSigner();
  ideogram = await startFakeIdeogram(IDEOGRAM_KEY);
  discord = await startFakeDiscord();
  worker = startWorker(signer, { ideogram: ideogram.url, discord: discord.url });
  workerUrl = (await worker.listen()).url;
});

afterAll(async () => {
  await worker?.close();
  await ideogram?.close();
  await discord?.close();
});

const post = (payload: unknown) => postInteraction(workerUrl, signer, payload);

describe("the deployed Worker, end to end", () => {
  it("reports a complete configuration on GET /", async () => {
    const response = await fetch(workerUrl, { headers: { Accept: "application/json" } });
    expect(await response.json()).toMatchObject({ configured: true });
  });

  it("answers Discord's PING", async () => {
    const response = await post(ping());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 1 });
  });

  it("refuses an unsigned request", async () => {
    const response = await fetch(new URL("/interactions", workerUrl), { method: "POST", body: "{}" });
    expect(response.status).toBe(401);
  });

  it("turns /imagine into the exact image bytes Ideogram generated, attached to the deferred message", async () => {
    const payload = imagine({
      prompt: "a lighthouse in a storm",
      aspect_ratio: "ASPECT_16_9",
      count: 4,
      seed: 99,
    });
    const response = await post(payload);
    expect(await response.json()).toEqual({ type: 5 });

    const edit = await waitFor(() => discord.edits.find((e) => e.path.includes(payload.token) && e.final));
    expect(ideogram.requests.at(-1)?.body).toEqual({
      image_request: {
        prompt: "a lighthouse in a storm",
        aspect_ratio: "ASPECT_16_9",
        num_images: 4,
        seed: 99,
      },
    });
    expect(ideogram.requests.at(-1)?.headers["api-key"]).toBe(IDEOGRAM_KEY);
    expect(edit.headers["user-agent"]).toMatch(/^DiscordBot \(/);

    const payloadJson = edit.payload as { attachments: { filename: string }[] };
    expect(payloadJson.attachments).toHaveLength(4);
    const generated = [...ideogram.images.values()].slice(-4);
    for (let n = 0; n < 4; n++) {
      const file = edit.form.get(`files[${n}]`) as File;
      expect(file.name).toBe(payloadJson.attachments[n]?.filename);
      expect(file.name).toMatch(/\.png$/);
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(generated[n]);
    }
  });
});

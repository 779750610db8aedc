// The playground's emulators answer in the shapes of the APIs they stand in for.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateSync } from "node:zlib";
import { verifyKey } from "discord-interactions";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pngSize } from "../../playground/ideogram-emulator.ts";
import { crc32, createCanvas, encodePng, placeholderImage, wrap } from "../../playground/png.ts";
import {
  generateDevKeys,
  PLAYGROUND_BOT_TOKEN,
  type Playground,
  startPlayground,
} from "../../playground/server.ts";
import { importEventKeys, JWKS_PATH, verifyEvent } from "../../src/ideogram/webhook-signature.ts";

let playground: Playground;
const ideogram = (path: string, init: RequestInit = {}) =>
  fetch(`${playground.url}/ideogram${path}`, {
    method: "POST",
    ...init,
    headers: { "Api-Key": "playground", ...(init.headers ?? {}) },
  });
const generate = (imageRequest: Record<string, unknown>) =>
  ideogram("/generate", {
    body: JSON.stringify({ image_request: imageRequest }),
    headers: { "Content-Type": "application/json" },
  });

beforeAll(async () => {
  playground = await startPlayground({
    port: 0,
    keys: generateDevKeys(),
    realIdeogram: false,
    ideogramLatencyMs: 0,
  });
});
afterAll(() => playground?.close());

/** Reads a generation until it is done, as the bot does. */
async function waitForGeneration(id: string) {
  for (;;) {
    const read = await (
      await fetch(`${playground.url}/ideogram/v2/generations/${id}`, { headers: { "Api-Key": "playground" } })
    ).json();
    if (read.status !== "pending") return read;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function imageSize(url: string) {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  return pngSize(bytes);
}

describe("the Ideogram emulator", () => {
  it.each([
    [{ aspect_ratio: "ASPECT_16_9" }, [1312, 736]],
    [{ aspect_ratio: "ASPECT_9_16" }, [736, 1312]],
    [{}, [1024, 1024]],
    [{ resolution: "RESOLUTION_1280_720" }, [1280, 720]],
  ])("makes images the size %j asks for", async (shape, size) => {
    const answer = await (await generate({ prompt: "a fox", ...shape })).json();
    expect(answer.data[0].resolution).toBe(size.join("x"));
    expect(await imageSize(answer.data[0].url)).toEqual(size);
  });

  it("makes num_images images with consecutive seeds from the seed given", async () => {
    const response = await generate({ prompt: "a fox", num_images: 3, seed: 41 });
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer).toEqual({
      created: expect.any(String),
      data: [41, 42, 43].map((seed) => ({
        url: expect.stringMatching(/\/ideogram\/images\/[\w-]+\.png$/),
        prompt: "a fox",
        resolution: "1024x1024",
        is_image_safe: true,
        seed,
        style_type: "GENERAL",
      })),
    });
  });

  it("refuses what Ideogram would, with its error shapes", async () => {
    const invalid = await generate({ prompt: "x", model: "V_9" });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error).toContain("model");
    const unauthorised = await fetch(`${playground.url}/ideogram/generate`, { method: "POST", body: "{}" });
    expect(unauthorised.status).toBe(401);
  });

  it("upscales to twice the size, and describes, from a multipart image_file", async () => {
    const png = placeholderImage(300, 200, "source", 1, "TEST");
    const form = (request?: object) => {
      const body = new FormData();
      if (request) body.append("image_request", JSON.stringify(request));
      body.append("image_file", new File([new Uint8Array(png)], "source.png", { type: "image/png" }));
      return body;
    };
    const upscaled = await (await ideogram("/upscale", { body: form({ prompt: "source" }) })).json();
    expect(upscaled.data[0]).toMatchObject({ resolution: "600x400", upscaled_resolution: "600x400" });
    expect(await imageSize(upscaled.data[0].url)).toEqual([600, 400]);
    const described = await (await ideogram("/describe", { body: form() })).json();
    expect(described.descriptions[0].text).toContain("300x200");
  });

  it("keeps an upscale's shape when twice the size would pass 2048 pixels", async () => {
    const body = new FormData();
    body.append("image_request", JSON.stringify({ prompt: "wide" }));
    const wide = placeholderImage(1312, 736, "wide", 1, "TEST");
    body.append("image_file", new File([new Uint8Array(wide)], "wide.png", { type: "image/png" }));
    const upscaled = await (await ideogram("/upscale", { body })).json();
    expect(await imageSize(upscaled.data[0].url)).toEqual([2048, 1149]);
  });
});

describe("the Ideogram emulator's tools on one image", () => {
  const png = placeholderImage(300, 200, "source", 1, "TEST");
  const form = (fields: Record<string, string>) => {
    const body = new FormData();
    body.append("image", new File([new Uint8Array(png)], "source.png", { type: "image/png" }));
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    return body;
  };

  it("reframes to the resolution asked for", async () => {
    const answer = await (
      await ideogram("/v2/image/reframe/ideogram-3", { body: form({ resolution: "1312x736" }) })
    ).json();
    expect(answer.data[0]).toMatchObject({ resolution: "1312x736", is_image_safe: true });
    expect(await imageSize(answer.data[0].url)).toEqual([1312, 736]);
  });

  it("removes a background with remove-background's own short answer", async () => {
    const answer = await (
      await ideogram("/v2/image/remove-background/ideogram-1", { body: form({}) })
    ).json();
    expect(answer).toEqual({
      generation_id: expect.any(String),
      seed: expect.any(Number),
      data: [{ url: expect.any(String), is_image_safe: true }],
    });
    expect(await imageSize(answer.data[0].url)).toEqual([300, 200]);
  });

  it("replaces a background at the source's size, always asynchronously, and refuses fields a tool does not take", async () => {
    const path = "/v2/image/replace-background/ideogram-3";
    const accepted = await (await ideogram(path, { body: form({ prompt: "a beach" }) })).json();
    expect(Object.keys(accepted).sort()).toEqual(["generation_id", "seed"]);
    const answer = await waitForGeneration(accepted.generation_id);
    expect(answer.data[0]).toMatchObject({ prompt: "a beach", resolution: "300x200" });
    const wrong = await ideogram(path, { body: form({ prompt: "a beach", async: "true" }) });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toBe("Invalid input provided: unknown field async");
  });

  it("answers 3.0's v2 generate in its own spelling, at the size its ratio asks for", async () => {
    const body = new FormData();
    body.append("prompt", "a fox");
    body.append("aspect_ratio", "16x9");
    body.append("rendering_speed", "quality");
    body.append("style_preset", "art_deco");
    const answer = await (await ideogram("/v2/image/generate/ideogram-3", { body })).json();
    expect(answer).toMatchObject({ generation_id: expect.any(String), data: [{ resolution: "1312x736" }] });
    expect(await imageSize(answer.data[0].url)).toEqual([1312, 736]);
    for (const [name, value] of [
      ["aspect_ratio", "ASPECT_16_9"],
      ["rendering_speed", "flash"],
    ]) {
      const wrong = new FormData();
      wrong.append("prompt", "a fox");
      wrong.append(name ?? "", value ?? "");
      expect((await ideogram("/v2/image/generate/ideogram-3", { body: wrong })).status).toBe(400);
    }
  });

  it("answers 4.0's v2 generate as v2 does: lowercase JSON in, a generation id out", async () => {
    const json = (body: unknown) => ({
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/json" },
    });
    const path = "/v2/image/generate/ideogram-4";
    const answer = await (
      await ideogram(path, json({ prompt: "a city", rendering_speed: "quality", resolution: "720x1280" }))
    ).json();
    expect(answer).toMatchObject({
      generation_id: expect.any(String),
      data: [{ resolution: "720x1280", seed: expect.any(Number) }],
    });
    expect(answer).not.toHaveProperty("created");
    expect(await imageSize(answer.data[0].url)).toEqual([720, 1280]);
    expect((await ideogram(path, json({ prompt: "a city", rendering_speed: "QUALITY" }))).status).toBe(400);
  });
});

describe("the Ideogram emulator's v2 async run", () => {
  /** A local receiver for webhooks: every event posted, with its headers and raw body. */
  async function receiver() {
    const events: { headers: Headers; body: Uint8Array<ArrayBuffer> }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) headers.set(name, String(value));
        events.push({ headers, body: new Uint8Array(Buffer.concat(chunks)) });
        response.writeHead(200).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/ideogram/events`, events, close: () => server.close() };
  }
  const asyncGenerate = (webhookUrl: string) =>
    ideogram("/v2/image/generate/ideogram-4", {
      body: JSON.stringify({ prompt: "a city", async: true, webhook_url: webhookUrl }),
      headers: { "Content-Type": "application/json" },
    });

  it("answers an async request with its id, finishes it in the background, and posts a webhook the Worker verifies", async () => {
    const hook = await receiver();
    try {
      const accepted = await (await asyncGenerate(hook.url)).json();
      expect(Object.keys(accepted).sort()).toEqual(["generation_id", "seed"]);
      const read = await waitForGeneration(accepted.generation_id);
      expect(read).toMatchObject({ status: "completed", response_type: "url", data: [{ prompt: "a city" }] });
      await vi.waitFor(() => expect(hook.events).toHaveLength(1));
      const jwks = await (await fetch(`${playground.url}/ideogram${JWKS_PATH}`)).json();
      const [event] = hook.events;
      const verified = await verifyEvent(
        event?.headers ?? new Headers(),
        event?.body ?? new Uint8Array(),
        await importEventKeys(jwks),
        Date.now(),
      );
      expect(verified).toMatchObject({ ok: true, generationId: accepted.generation_id });
    } finally {
      hook.close();
    }
  });

  it.each([
    ["drop", 0],
    ["duplicate", 2],
  ] as const)("can %s its webhooks (the page's switch)", async (mode, posted) => {
    const hook = await receiver();
    if (playground.ideogram) playground.ideogram.webhooks = mode;
    try {
      const accepted = await (await asyncGenerate(hook.url)).json();
      await waitForGeneration(accepted.generation_id);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(hook.events).toHaveLength(posted);
    } finally {
      if (playground.ideogram) playground.ideogram.webhooks = "deliver";
      hook.close();
    }
  });
});

describe("the Discord emulator's bot-token route", () => {
  const post = (token: string, body: Record<string, unknown>) =>
    fetch(`${playground.url}/api/v10/channels/1100000000000000002/messages`, {
      method: "POST",
      headers: { Authorization: `Bot ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });

  it("posts a message with the bot token, the same one again for a repeated enforced nonce, and refuses another token", async () => {
    const body = { content: "<@1> done", nonce: "job-1", enforce_nonce: true };
    const first = await (await post(PLAYGROUND_BOT_TOKEN, body)).json();
    const again = await (await post(PLAYGROUND_BOT_TOKEN, body)).json();
    expect(again.id).toBe(first.id);
    expect(playground.discord.channelPosts.filter((p) => p.payload.nonce === "job-1")).toHaveLength(1);
    expect((await post("someone-else", body)).status).toBe(401);
  });
});

describe("the placeholder PNG", () => {
  it("is a valid PNG: signature, IHDR, checksums, and pixels that inflate to the right size", () => {
    const png = encodePng(createCanvas(3, 2, [255, 0, 0]));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngSize(png)).toEqual([3, 2]);
    expect(crc32(Buffer.from("IEND"))).toBe(0xae426082);
    const idatLength = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect(raw).toHaveLength((3 * 3 + 1) * 2);
    expect([...raw.subarray(1, 4)]).toEqual([255, 0, 0]);
  });

  it("wraps long prompts and marks what it cut", () => {
    expect(wrap("a lighthouse in a storm at night", 12, 2)).toEqual(["a lighthouse", "in a stor..."]);
  });
});

describe("the development keys", () => {
  it("sign requests the way Discord does, so the Worker's verification accepts them", async () => {
    const keys = generateDevKeys();
    const body = JSON.stringify({ type: 1 });
    const timestamp = String(Math.floor(Date.now() / 1000));
    expect(await verifyKey(body, keys.sign(timestamp + body), timestamp, keys.publicKeyHex)).toBe(true);
    expect(await verifyKey(`${body} `, keys.sign(timestamp + body), timestamp, keys.publicKeyHex)).toBe(
      false,
    );
  });
});

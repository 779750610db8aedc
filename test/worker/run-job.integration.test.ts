import { describe, expect, it } from "vitest";
import { runJob } from "../../src/pipeline/run-job.ts";
import { createFakeClock } from "../support/clock.ts";
import { FakeNetwork, hang, json } from "../support/fake-network.ts";
import {
  fakeHappyPath,
  fakeIdeogram,
  IDEOGRAM_GENERATE,
  IMAGE_HOST,
  ideogramResult,
  ORIGINAL_MESSAGE,
  readEdit,
  serveImages,
} from "../support/harness.ts";
import { fakePng, pngResponse } from "../support/images.ts";
import { INTERACTION_TOKEN } from "../support/interactions.ts";
import { makeDeps, makeJob, OneJobHost, runOnce, TEST_CONFIG } from "../support/jobs.ts";

function setup() {
  const network = new FakeNetwork();
  const clock = createFakeClock();
  const logs: string[] = [];
  return { network, clock, logs, deps: makeDeps(network, clock, logs), job: makeJob(clock) };
}

async function finalMessage(network: FakeNetwork) {
  const edits = network.callsTo("PATCH", ORIGINAL_MESSAGE);
  expect(edits).toHaveLength(1);
  return readEdit(edits[0]!.request);
}

describe("runJob: Ideogram failures end in one clear final message", () => {
  it.each([
    [422, { error: "Prompt provided failed safety check." }, "safety check refused this prompt", 1],
    [401, { detail: "Unauthorized" }, "Ideogram API key was not accepted. Please ask the bot owner", 1],
    [403, "Forbidden", "Ideogram API key was not accepted", 1],
    [402, { error: "Insufficient funds", reject_reason: "insufficient_funds" }, "out of credit", 1],
    [
      400,
      { error: "aspect_ratio and resolution are exclusive" },
      "Ideogram rejected the request: aspect_ratio and resolution are exclusive",
      1,
    ],
    [
      400,
      { detail: "'prompt' is a required property", status: 400, title: "Bad Request" },
      "'prompt' is a required property",
      1,
    ],
    [400, "<html>Bad Request</html>", "Ideogram rejected the request: <html>Bad Request</html>", 1],
    [500, { error: "internal" }, "temporary problem", 4],
    [503, "unavailable", "temporary problem", 4],
  ])("HTTP %i %j → “%s” after %i attempt(s)", async (status, body, message, attempts) => {
    const { network, clock, deps, job, logs } = setup();
    network.on("POST", IDEOGRAM_GENERATE, () =>
      typeof body === "string" ? new Response(body, { status }) : json(body, status),
    );
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    const outcome = await runOnce(job, deps);
    expect(outcome.status).toBe("failed");
    // Ideogram bills nothing it refuses: the job's reservation can be given back.
    expect(outcome.billed).toBe(false);
    expect(network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(attempts);
    const { payload, files } = await finalMessage(network);
    expect(payload.content).toContain(message);
    expect(payload.content).not.toContain(TEST_CONFIG.IDEOGRAM_API_KEY);
    expect(files).toHaveLength(0);
    expect(clock.sleeps).toHaveLength(attempts - 1);
    expect(logs.join("\n")).toContain(`"status":${status}`);
    expect(logs.join("\n")).not.toContain(INTERACTION_TOKEN);
  });

  it("retries a 429 after the Retry-After Ideogram sent, then delivers", async () => {
    const { network, clock, deps, job } = setup();
    const result = ideogramResult([{}]);
    network.on("POST", IDEOGRAM_GENERATE, (_req, call) =>
      call === 1
        ? json({ error: "Too many in-flight requests", reject_reason: "inflight_limit" }, 429, {
            "Retry-After": "7",
          })
        : json(result),
    );
    serveImages(network, result);
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    expect(await runOnce(job, deps)).toEqual({ status: "delivered", images: 1, missing: 0, billed: true });
    expect(network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(2);
    expect(clock.sleeps).toEqual([7000]);
  });

  it("backs off exponentially on a 429 without Retry-After and gives up with a busy message", async () => {
    const { network, clock, deps, job } = setup();
    network.on("POST", IDEOGRAM_GENERATE, () =>
      json({ error: "busy", reject_reason: "inflight_limit" }, 429),
    );
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    await runOnce(job, deps);
    expect(network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(4);
    // Equal jitter with random() = 0.5: 3/4 of 1 s, 2 s, 4 s.
    expect(clock.sleeps).toEqual([750, 1500, 3000]);
    expect((await finalMessage(network)).payload.content).toContain("Ideogram is busy");
  });

  it("retries a network error, then succeeds", async () => {
    const { network, clock, deps, job } = setup();
    fakeHappyPath(network);
    let calls = 0;
    const flaky = {
      ...deps,
      fetch: (i: RequestInfo | URL, init?: RequestInit) =>
        new Request(i, init).url === IDEOGRAM_GENERATE && ++calls === 1
          ? Promise.reject(new TypeError("Network connection lost."))
          : network.fetch(i, init),
    };
    expect((await runOnce(job, flaky)).status).toBe("delivered");
    expect(clock.sleeps).toHaveLength(1);
  });

  it("gives up on a timeout without repeating a request Ideogram may still bill", async () => {
    const { network, deps, job } = setup();
    network.on("POST", IDEOGRAM_GENERATE, hang);
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    const outcome = await runOnce(job, { ...deps, config: { ...TEST_CONFIG, IDEOGRAM_TIMEOUT_MS: 50 } });
    expect(outcome.status).toBe("failed");
    expect(outcome.billed).toBe(true);
    expect(network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(1);
    expect((await finalMessage(network)).payload.content).toContain("temporary problem");
  });

  it.each([
    ["a non-JSON 200", () => new Response("<html>oops</html>", { status: 200 })],
    ["a 200 without data", () => json({ created: "2026-11-24T12:00:00Z" })],
    ["a 200 with a numeric created", () => json({ created: 1700000000, data: [] })],
  ])("reports %s as unreadable, without retrying a billed request", async (_case, answer) => {
    const { network, deps, job, logs } = setup();
    network.on("POST", IDEOGRAM_GENERATE, answer);
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    const outcome = await runOnce(job, deps);
    expect(outcome.billed).toBe(true);
    // A synchronous legacy call, not an async submission: nothing is counted as unconfirmed.
    expect(outcome.unconfirmed).toBeUndefined();
    expect(logs.some((l) => l.includes("ideogram_submit_unconfirmed"))).toBe(false);
    expect(network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(1);
    expect((await finalMessage(network)).payload.content).toContain("could not read");
  });

  it("does not sit through a Retry-After longer than a minute", async () => {
    const { network, clock, deps, job } = setup();
    network.on("POST", IDEOGRAM_GENERATE, () => json({ error: "busy" }, 429, { "Retry-After": "600" }));
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    await runOnce(job, deps);
    expect(network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect((await finalMessage(network)).payload.content).toContain("Ideogram is busy");
  });

  it("stops retrying when the wait would eat the time kept back for delivery", async () => {
    const { network, clock, deps } = setup();
    // 11m50s into the token's 15 minutes, 3 of which are kept back for download and upload.
    const job = makeJob(clock, { receivedAt: clock.now() - (11 * 60 + 50) * 1000 });
    network.on("POST", IDEOGRAM_GENERATE, () => json({ error: "busy" }, 429, { "Retry-After": "15" }));
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    await runOnce(job, deps);
    expect(network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect((await finalMessage(network)).payload.content).toContain("Ideogram is busy");
  });
});

describe("runJob: delivery", () => {
  it("reports to the scheduler three times: claim, Ideogram's answer (which clears delivery), the end", async () => {
    const { network, deps, job } = setup();
    fakeHappyPath(network, [{}]);
    const host = new OneJobHost(job);
    await runJob({ jobId: job.id, attempt: 1 }, host, deps);
    expect(host.outcome?.status).toBe("delivered");
    expect(host.reports).toEqual(["claim", "generated", "finished"]);
  });

  it("delivers nothing when the answer's report says stop (cancelled while Ideogram worked)", async () => {
    const { network, deps, job } = setup();
    fakeHappyPath(network, [{}]);
    expect(await runOnce(job, deps, { stopAt: "generated" })).toMatchObject({ status: "cancelled" });
    expect(network.callsTo("PATCH", ORIGINAL_MESSAGE)).toHaveLength(0);
  });

  it("asks before delivering a failure whose report said stop, keeping what Ideogram billed", async () => {
    const { network, deps, job } = setup();
    network.on("POST", IDEOGRAM_GENERATE, () => json({ error: "internal" }, 401));
    expect(await runOnce(job, deps, { stopAt: "generated" })).toEqual({ status: "cancelled", billed: false });
    expect(network.callsTo("PATCH", ORIGINAL_MESSAGE)).toHaveLength(0);
  });

  it("notes withheld images and attaches the rest", async () => {
    const { network, deps, job } = setup();
    fakeHappyPath(network, [{}, { is_image_safe: false, url: null }, { is_image_safe: false, url: "" }, {}]);
    expect(await runOnce(job, deps)).toEqual({ status: "delivered", images: 2, missing: 2, billed: true });
    const { payload, files } = await finalMessage(network);
    expect(files).toHaveLength(2);
    expect(payload.content).toBe("2 of 4 images were withheld by Ideogram's safety filter.");
  });

  it("handles an image whose url key is missing altogether", async () => {
    const { network, deps, job } = setup();
    const result = ideogramResult([{ is_image_safe: false }]);
    delete (result.data[0] as { url?: string }).url;
    network.on("POST", IDEOGRAM_GENERATE, () => json(result));
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    expect((await runOnce(job, deps)).status).toBe("failed");
    const { payload } = await finalMessage(network);
    expect(payload.content).toContain("No image could be delivered");
    expect(payload.content).toContain("1 of 1 images was withheld");
  });

  it("says so when an image link has expired", async () => {
    const { network, deps, job } = setup();
    network.on("POST", IDEOGRAM_GENERATE, () => json(ideogramResult([{}])));
    network.on("GET", `${IMAGE_HOST}*`, () => new Response("expired", { status: 403 }));
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    expect((await runOnce(job, deps)).status).toBe("failed");
    const { payload } = await finalMessage(network);
    expect(payload.content).toContain("Image 1 could not be downloaded from Ideogram: its link had expired.");
  });

  /** A PNG whose body breaks off after its first bytes, as a connection cut mid-download does. */
  const cutOff = (bytes: Uint8Array) =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(bytes.slice(0, 64));
          controller.error(new Error("Network connection lost."));
        },
      }),
      { headers: { "Content-Type": "image/png", "Content-Length": String(bytes.byteLength) } },
    );

  it.each<[string, (bytes: Uint8Array) => Response | Promise<Response>]>([
    [
      "a fetch that throws",
      () => {
        throw new Error("Network connection lost.");
      },
    ],
    ["a body cut off mid-download", cutOff],
    ["HTTP 500", () => new Response("oops", { status: 500 })],
    ["HTTP 429", () => new Response("slow down", { status: 429 })],
  ])("downloads an image again after %s, and delivers every image", async (_, fault) => {
    const { network, deps, job, clock, logs } = setup();
    network.on("POST", IDEOGRAM_GENERATE, () => json(ideogramResult([{}, {}, {}, {}])));
    const first = fakePng("first image", 200_000);
    network.on("GET", `${IMAGE_HOST}img-0.png*`, (_request, call) =>
      call <= 2 ? fault(first) : pngResponse(first),
    );
    network.on("GET", `${IMAGE_HOST}*`, () => pngResponse(fakePng("x")));
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    expect(await runOnce(job, deps)).toEqual({ status: "delivered", images: 4, missing: 0, billed: true });
    const { payload, files } = await finalMessage(network);
    expect(files).toHaveLength(4);
    expect(files[0]?.bytes).toEqual(first);
    expect(payload.content).toBe("");
    expect(network.callsTo("GET", `${IMAGE_HOST}img-0.png`)).toHaveLength(3);
    // Waited a little between attempts, and said so in the logs.
    expect(clock.sleeps.filter((ms) => ms >= 250 && ms <= 8_000).length).toBeGreaterThanOrEqual(2);
    expect(logs.filter((l) => l.includes('"download_retry"'))).toHaveLength(2);
  });

  it.each([
    [404, "its link had expired"],
    [410, "its link had expired"],
    [400, "Ideogram answered HTTP 400"],
  ])("gives an image up at once when Ideogram answers %i", async (status, reason) => {
    const { network, deps, job } = setup();
    network.on("POST", IDEOGRAM_GENERATE, () => json(ideogramResult([{}, {}])));
    network.on("GET", `${IMAGE_HOST}img-0.png*`, () => new Response("no", { status }));
    network.on("GET", `${IMAGE_HOST}*`, () => pngResponse(fakePng("x")));
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    expect(await runOnce(job, deps)).toMatchObject({ status: "delivered", images: 1, missing: 1 });
    expect(network.callsTo("GET", `${IMAGE_HOST}img-0.png`)).toHaveLength(1);
    const { payload } = await finalMessage(network);
    expect(payload.content).toBe(`Image 1 could not be downloaded from Ideogram: ${reason}.`);
  });

  it("reports an image missing only after its download kept failing", async () => {
    const { network, deps, job } = setup();
    network.on("POST", IDEOGRAM_GENERATE, () => json(ideogramResult([{}, {}])));
    network.on("GET", `${IMAGE_HOST}img-0.png*`, () => {
      throw new Error("Network connection lost.");
    });
    network.on("GET", `${IMAGE_HOST}*`, () => pngResponse(fakePng("x")));
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    expect(await runOnce(job, deps)).toMatchObject({ status: "delivered", images: 1, missing: 1 });
    expect(network.callsTo("GET", `${IMAGE_HOST}img-0.png`)).toHaveLength(5);
    const { payload } = await finalMessage(network);
    expect(payload.content).toBe(
      "Image 1 could not be downloaded from Ideogram: the download failed 5 times.",
    );
  });

  it("downloads all images in parallel", async () => {
    const { network, deps, job } = setup();
    const result = ideogramResult([{}, {}, {}, {}]);
    network.on("POST", IDEOGRAM_GENERATE, () => json(result));
    let inFlight = 0;
    let peak = 0;
    network.on("GET", `${IMAGE_HOST}*`, async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      return pngResponse(fakePng("x"));
    });
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    await runOnce(job, deps);
    expect(peak).toBe(4);
  });

  it("notes an image larger than the channel's attachment limit instead of failing the upload", async () => {
    const { network, deps, clock } = setup();
    const job = makeJob(clock, { attachmentSizeLimit: 1000 });
    network.on("POST", IDEOGRAM_GENERATE, () => json(ideogramResult([{}, {}])));
    network.on("GET", `${IMAGE_HOST}img-0.png*`, () => pngResponse(fakePng("small", 500)));
    network.on("GET", `${IMAGE_HOST}img-1.png*`, () => pngResponse(fakePng("big", 3 * 1024 * 1024)));
    network.on("PATCH", ORIGINAL_MESSAGE, () => json({}));
    expect(await runOnce(job, deps)).toEqual({ status: "delivered", images: 1, missing: 1, billed: true });
    const { payload, files } = await finalMessage(network);
    expect(files).toHaveLength(1);
    expect(payload.content).toBe("Image 2 was too large to attach here (3.0 MiB).");
  });

  it("keeps a 4,000-character prompt within every Discord limit", async () => {
    const { network, deps, clock } = setup();
    const prompt = "a lighthouse in a storm, ".repeat(160).slice(0, 4000);
    const rewritten = `${prompt} dramatic lighting`.slice(0, 4100);
    const job = makeJob(clock, { request: { prompt, negative_prompt: "n".repeat(3000), num_images: 8 } });
    fakeHappyPath(
      network,
      Array.from({ length: 8 }, (_, i) => ({ prompt: `${rewritten} #${i}` })),
    );
    expect((await runOnce(job, deps)).status).toBe("delivered");
    const { payload } = await finalMessage(network);
    const embed = payload.embeds?.[0];
    expect(embed?.title?.length).toBeLessThanOrEqual(256);
    expect(embed?.description?.length).toBeLessThanOrEqual(4096);
    for (const field of embed?.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
    const total =
      (embed?.title?.length ?? 0) +
      (embed?.description?.length ?? 0) +
      (embed?.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(payload.content?.length ?? 0).toBeLessThanOrEqual(2000);
    for (const a of payload.attachments ?? []) expect(a.description?.length).toBeLessThanOrEqual(1024);
  });

  it("shows Magic Prompt's rewritten prompt, seed, model, style and resolution", async () => {
    const { network, deps, clock } = setup();
    const job = makeJob(clock, {
      request: { prompt: "a lighthouse", model: "V_2_TURBO", style_type: "DESIGN" },
    });
    fakeHappyPath(network, [
      {
        prompt: "A lone lighthouse on a cliff at dusk",
        seed: 42,
        resolution: "1312x736",
        style_type: "DESIGN",
      },
    ]);
    await runOnce(job, deps);
    const embed = (await finalMessage(network)).payload.embeds?.[0];
    expect(embed?.title).toBe("a lighthouse");
    expect(embed?.description).toBe("**Magic Prompt:** A lone lighthouse on a cliff at dusk");
    expect(embed?.fields).toEqual([
      { name: "Model", value: "Ideogram 2.0 Turbo (`V_2_TURBO`)", inline: true },
      { name: "Style", value: "Design", inline: true },
      { name: "Resolution", value: "1312x736", inline: true },
      { name: "Seed", value: "`42`", inline: true },
    ]);
  });
});

describe("runJob: Discord", () => {
  it("waits out a 429 with retry_after, then delivers", async () => {
    const { network, clock, deps, job } = setup();
    network.on("POST", IDEOGRAM_GENERATE, () => json(ideogramResult([{}])));
    network.on("GET", `${IMAGE_HOST}*`, () => pngResponse(fakePng("x")));
    network.on("PATCH", ORIGINAL_MESSAGE, (_req, call) =>
      call === 1
        ? json({ message: "You are being rate limited.", retry_after: 1.5, global: false }, 429)
        : json({ id: "1" }),
    );
    expect((await runOnce(job, deps)).status).toBe("delivered");
    expect(network.callsTo("PATCH", ORIGINAL_MESSAGE)).toHaveLength(2);
    expect(clock.sleeps).toEqual([1500]);
  });

  it("keeps the result through a short Discord outage: 10 × 5xx over about 20 s, then delivers", async () => {
    const { network, clock, deps, job } = setup();
    fakeIdeogram(network);
    network.on("PATCH", ORIGINAL_MESSAGE, (_req, call) =>
      call <= 10 ? new Response("bad gateway", { status: 502 }) : json({ id: "1" }),
    );
    const outcome = await runOnce(job, deps);
    expect(outcome).toMatchObject({ status: "delivered", images: 1 });
    const edits = network.callsTo("PATCH", ORIGINAL_MESSAGE);
    expect(edits).toHaveLength(11);
    // The result itself got through: the last attempt carried the image.
    expect((await readEdit(edits[10]!.request)).files).toHaveLength(1);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThan(20_000);
  });

  it("waits out a single 429 with retry_after 90 s, then delivers", async () => {
    const { network, clock, deps, job } = setup();
    fakeIdeogram(network);
    network.on("PATCH", ORIGINAL_MESSAGE, (_req, call) =>
      call === 1
        ? json({ message: "You are being rate limited.", retry_after: 90, global: false }, 429)
        : json({ id: "1" }),
    );
    expect(await runOnce(job, deps)).toMatchObject({ status: "delivered" });
    expect(clock.sleeps).toEqual([90_000]);
  });

  it("retries until a minute before the token dies, then posts the plain fallback with the result's buttons", async () => {
    const { network, clock, deps, job } = setup();
    fakeIdeogram(network);
    const deadline = job.receivedAt + 15 * 60_000;
    network.on("PATCH", ORIGINAL_MESSAGE, (req) =>
      req.headers.get("Content-Type")?.startsWith("multipart/") || clock.now() < deadline - 60_000
        ? new Response("unavailable", { status: 503 })
        : json({ id: "1" }),
    );
    expect(await runOnce(job, deps)).toMatchObject({ status: "failed" });
    const edits = network.callsTo("PATCH", ORIGINAL_MESSAGE);
    const fallback = await readEdit(edits.at(-1)!.request);
    expect(fallback.files).toHaveLength(0);
    expect(fallback.payload.content).toContain("Discord refused the upload");
    // The images stay kept in R2: the result's buttons still work from them.
    expect(JSON.stringify(fallback.payload.components)).toContain(`"upscale:${job.id}:0"`);
    expect(clock.now()).toBeLessThan(deadline);
    expect(edits.length).toBeLessThan(60);
  });

  it("gives up, without a fallback it can't send, when Discord stays down past the token", async () => {
    const { network, clock, deps, job } = setup();
    fakeIdeogram(network);
    network.on("PATCH", ORIGINAL_MESSAGE, () => new Response("bad gateway", { status: 502 }));
    expect((await runOnce(job, deps)).status).toBe("undeliverable");
    expect(clock.now()).toBeLessThan(job.receivedAt + 15 * 60_000);
  });

  it.each([
    [401, { message: "Invalid Webhook Token", code: 50027 }],
    [404, { message: "Unknown Webhook", code: 10015 }],
  ])("stops at once when Discord answers %i (the token is dead)", async (status, body) => {
    const { network, clock, deps } = setup();
    // A minute in: Discord has long known the deferred answer, so "unknown" means gone.
    const job = makeJob(clock, { receivedAt: clock.now() - 60_000 });
    fakeIdeogram(network);
    network.on("PATCH", ORIGINAL_MESSAGE, () => json(body, status));
    expect((await runOnce(job, deps)).status).toBe("undeliverable");
    expect(network.callsTo("PATCH", ORIGINAL_MESSAGE)).toHaveLength(1);
  });

  it("makes no call at all once the token's 15 minutes are over", async () => {
    const { network, clock, deps } = setup();
    const job = makeJob(clock, { receivedAt: clock.now() - 16 * 60 * 1000 });
    expect((await runOnce(job, deps)).status).toBe("undeliverable");
    expect(network.calls).toHaveLength(0);
  });

  it("falls back to a plain message when Discord refuses the upload", async () => {
    const { network, deps, job } = setup();
    fakeIdeogram(network);
    network.on("PATCH", ORIGINAL_MESSAGE, (req) =>
      req.headers.get("Content-Type")?.startsWith("multipart/")
        ? json({ message: "Request entity too large", code: 40005 }, 413)
        : json({ id: "1" }),
    );
    expect((await runOnce(job, deps)).status).toBe("failed");
    const edits = network.callsTo("PATCH", ORIGINAL_MESSAGE);
    expect(edits).toHaveLength(2);
    const fallback = await readEdit(edits[1]!.request);
    expect(fallback.payload.content).toContain("Discord refused the upload");
  });

  it("sends Discord's required User-Agent", async () => {
    const { network, deps, job } = setup();
    fakeHappyPath(network);
    await runOnce(job, deps);
    const [edit] = network.callsTo("PATCH", ORIGINAL_MESSAGE);
    expect(edit?.headers.get("User-Agent")).toMatch(/^DiscordBot \(https:\/\/\S+, \d+\.\d+\.\d+\)$/);
  });
});

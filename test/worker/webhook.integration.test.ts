// POST /webhook and GET /webhook/jobs/{id}, through the real app and scheduler object.
import { describe, expect, it } from "vitest";
import { json } from "../support/fake-network.ts";
import { createHarness, fakeIdeogram, IDEOGRAM_GENERATE, readEdit } from "../support/harness.ts";
import {
  acceptWebhookPosts,
  EXECUTE_URL,
  newSecret,
  WEBHOOK_ID,
  WEBHOOK_TOKEN,
  WEBHOOK_URL,
  webhookRequest,
} from "../support/webhook.ts";

type Harness = Awaited<ReturnType<typeof createHarness>>;
type Status = { id: string; status: string; position?: number; error?: string; result?: Result };
type Result = { created: string; data: Record<string, unknown>[]; message?: { id: string } };

async function setUp(env: Record<string, string> = {}) {
  const secret = newSecret();
  const h = await createHarness({ WEBHOOK_SECRET: secret, ...env });
  return { h, secret };
}

const post = (h: Harness, secret: string | undefined, body: unknown, headers?: Record<string, string>) =>
  h.request("/webhook", webhookRequest(secret, body, headers));

const statusOf = async (h: Harness, secret: string, id: string) =>
  h.request(`/webhook/jobs/${id}`, { headers: { Authorization: `Bearer ${secret}` } });

const generate = (image_request: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  image_request,
  webhook_url: WEBHOOK_URL,
  ...extra,
});

describe("POST /webhook: auth", () => {
  it("is disabled (404) while WEBHOOK_SECRET is unset", async () => {
    const h = await createHarness();
    const response = await post(h, "anything-at-all-long-enough", generate({ prompt: "x" }));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "not found" });
  });

  it.each([
    ["missing", undefined, "missing Authorization: Bearer <secret>"],
    ["wrong", "wrong-secret-of-some-length", "invalid bearer token"],
  ])("refuses a %s secret with 401", async (_, given, error) => {
    const { h } = await setUp();
    const response = await post(h, given, generate({ prompt: "x" }));
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe('Bearer realm="webhook"');
    expect(await response.json()).toEqual({ error });
    expect(h.network.calls).toHaveLength(0);
  });

  it("accepts any of several comma-separated secrets (for rotation)", async () => {
    const old = newSecret();
    const current = newSecret();
    const h = await createHarness({ WEBHOOK_SECRET: `${old}, ${current}` });
    fakeIdeogram(h.network);
    acceptWebhookPosts(h.network);
    expect((await post(h, old, generate({ prompt: "x" }))).status).toBe(202);
    expect((await post(h, current, generate({ prompt: "y" }))).status).toBe(202);
    await h.drain();
  });
});

describe("POST /webhook: the body", () => {
  it.each([
    ["{not json", "body is not valid JSON"],
    [[], "body: must be a JSON object"],
    [{}, "image_request: required"],
    [{ image_request: "a cat" }, "image_request: must be an object"],
    [{ image_request: {} }, "image_request.prompt: required"],
    [{ image_request: { prompt: 5 } }, "image_request.prompt: must be text"],
    [{ image_request: { prompt: "   " } }, "image_request.prompt: can't be empty"],
    [
      { image_request: { prompt: "x", model: "V_9" } },
      "image_request.model: must be one of V_1, V_1_TURBO, V_2, V_2_TURBO, V_2A, V_2A_TURBO",
    ],
    [
      { image_request: { prompt: "x", num_images: 9 } },
      "image_request.num_images: must be a whole number from 1 to 8",
    ],
    [
      { image_request: { prompt: "x", seed: -1 } },
      "image_request.seed: must be a whole number from 0 to 2147483647",
    ],
    [{ image_request: { prompt: "x", aspect_ratio: "16:9" } }, "image_request.aspect_ratio: must be one of"],
    [
      { image_request: { prompt: "x", resolution: "1280x720" } },
      "image_request.resolution: must be one of Ideogram's 78 resolutions",
    ],
    [
      { image_request: { prompt: "x", color_palette: { name: "SUNSET" } } },
      "image_request.color_palette.name: must be one of EMBER",
    ],
    [
      { image_request: { prompt: "x", color_palette: { members: [{ color_hex: "orange" }] } } },
      "image_request.color_palette.members.0.color_hex: must be a #RGB or #RRGGBB colour",
    ],
    [
      {
        image_request: { prompt: "x", color_palette: { members: [{ color_hex: "#fff", color_weight: 2 }] } },
      },
      "image_request.color_palette.members.0.color_weight: must be from 0.05 to 1",
    ],
    [{ image_request: { prompt: "x", steps: 30 } }, 'image_request: unknown field "steps"'],
    [{ image_request: { prompt: "x" }, channel: "art" }, 'body: unknown field "channel"'],
    [
      { image_request: { prompt: "x", model: "V_3" } },
      "image_request.model: V_3 is not served by legacy /generate, whose request this endpoint takes; use one of V_1, V_1_TURBO, V_2, V_2_TURBO, V_2A, V_2A_TURBO",
    ],
    [
      { image_request: { prompt: "x", model: "V_4" } },
      "image_request.model: V_4 is not served by legacy /generate",
    ],
    [
      { image_request: { prompt: "x", rendering_speed: "TURBO" } },
      'image_request: unknown field "rendering_speed"',
    ],
    [
      { image_request: { prompt: "x", style_type: "FICTION" } },
      "image_request.style_type: must be one of AUTO, GENERAL",
    ],
    [
      { image_request: { prompt: "x", aspect_ratio: "ASPECT_2_1" } },
      "image_request.aspect_ratio: must be one of",
    ],
    [
      { image_request: { prompt: "x", model: "V_2A", negative_prompt: "blur" } },
      "image_request.negative_prompt: not supported by model V_2A; only by V_1, V_1_TURBO, V_2, V_2_TURBO",
    ],
    [
      { image_request: { prompt: "x", color_palette: { name: "EMBER" }, model: "V_1" } },
      "image_request.color_palette: not supported by model V_1; only by V_2, V_2_TURBO",
    ],
    [
      { image_request: { prompt: "x", aspect_ratio: "ASPECT_1_1", resolution: "RESOLUTION_1024_1024" } },
      "image_request.aspect_ratio: cannot be used together with resolution",
    ],
    [
      { image_request: { prompt: "x" } },
      "webhook_url: required (this deployment has no DISCORD_WEBHOOK_URL)",
    ],
    [{ image_request: { prompt: "x" }, webhook_url: 7 }, "webhook_url: must be a string"],
  ])("answers %j with 400 naming the field", async (body, error) => {
    const { h, secret } = await setUp();
    const response = await post(h, secret, body);
    expect(response.status).toBe(400);
    expect((await response.json<{ error: string }>()).error).toContain(error);
    expect(h.network.calls).toHaveLength(0);
  });

  it("takes a prompt of up to 10,000 characters (Ideogram's own limit), and refuses one longer by name", async () => {
    const { h, secret } = await setUp();
    fakeIdeogram(h.network);
    acceptWebhookPosts(h.network);
    expect((await post(h, secret, generate({ prompt: "a".repeat(10_000) }))).status).toBe(202);
    for (const field of ["prompt", "negative_prompt"]) {
      const response = await post(h, secret, generate({ prompt: "x", [field]: "a".repeat(10_001) }));
      expect(response.status).toBe(400);
      expect((await response.json<{ error: string }>()).error).toBe(
        `image_request.${field}: must be at most 10000 characters`,
      );
    }
    await h.drain();
    expect(h.network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(1);
  });
});

describe("POST /webhook: where images may go", () => {
  const hostile = [
    ["another host", `https://evil.example/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    ["a look-alike host", `https://discord.com.evil.example/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    ["an IPv4 literal", `https://162.159.135.232/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    ["an IPv6 literal", `https://[::1]/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    ["plain http", `http://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    [
      "user info pointing elsewhere",
      `https://discord.com@evil.example/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
    ],
    ["user info on Discord", `https://user:pass@discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    ["a fragment trick", `https://evil.example#@discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    ["another port", `https://discord.com:8443/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    ["another API path", `https://discord.com/api/v10/channels/${WEBHOOK_ID}/messages`],
    ["an old API version", `https://discord.com/api/v6/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    ["a path walking out", `https://discord.com/api/webhooks/${WEBHOOK_ID}/../../users/@me`],
    ["an id that is not a snowflake", `https://discord.com/api/webhooks/abc/${WEBHOOK_TOKEN}`],
    ["extra query parameters", `${WEBHOOK_URL}?wait=false`],
    ["a non-numeric thread", `${WEBHOOK_URL}?thread_id=x`],
    ["another scheme", "javascript:alert(1)"],
    ["not a URL", "#art"],
  ];

  it.each(hostile)("refuses %s with 400 and fetches nothing", async (_, url) => {
    const { h, secret } = await setUp();
    const response = await post(h, secret, generate({ prompt: "x" }, { webhook_url: url }));
    expect(response.status).toBe(400);
    expect((await response.json<{ error: string }>()).error).toMatch(
      /^webhook_url: must be a Discord webhook URL/,
    );
    expect(h.network.calls).toHaveLength(0);
  });

  it.each([
    ["discordapp.com", `https://discordapp.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    ["ptb.discord.com with /v10", `https://ptb.discord.com/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    ["canary.discordapp.com", `https://canary.discordapp.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}/`],
  ])("accepts %s, and posts through Discord's API", async (_, url) => {
    const { h, secret } = await setUp();
    fakeIdeogram(h.network);
    acceptWebhookPosts(h.network);
    expect((await post(h, secret, generate({ prompt: "x" }, { webhook_url: url }))).status).toBe(202);
    await h.drain();
    expect(h.network.callsTo("POST", EXECUTE_URL)).toHaveLength(1);
  });

  it("posts into a thread when the URL names one", async () => {
    const { h, secret } = await setUp();
    fakeIdeogram(h.network);
    const thread = `${EXECUTE_URL}&thread_id=1300000000000000077`;
    acceptWebhookPosts(h.network, thread);
    const url = `${WEBHOOK_URL}?thread_id=1300000000000000077`;
    expect((await post(h, secret, generate({ prompt: "x" }, { webhook_url: url }))).status).toBe(202);
    await h.drain();
    expect(h.network.callsTo("POST", thread)).toHaveLength(1);
  });

  it("uses DISCORD_WEBHOOK_URL when the request names none", async () => {
    const { h, secret } = await setUp({ DISCORD_WEBHOOK_URL: WEBHOOK_URL });
    fakeIdeogram(h.network);
    acceptWebhookPosts(h.network);
    expect((await post(h, secret, { image_request: { prompt: "x" } })).status).toBe(202);
    await h.drain();
    expect(h.network.callsTo("POST", EXECUTE_URL)).toHaveLength(1);
  });

  it("does not follow a redirect from Discord, and reports the job failed", async () => {
    const { h, secret } = await setUp();
    fakeIdeogram(h.network);
    h.network.on(
      "POST",
      EXECUTE_URL,
      () => new Response(null, { status: 302, headers: { Location: "https://evil.example/" } }),
    );
    const accepted = await (await post(h, secret, generate({ prompt: "x" }))).json<Status>();
    await h.drain();
    expect(h.network.calls.filter((c) => c.url.startsWith("https://evil.example"))).toHaveLength(0);
    expect(h.network.unmatched).toEqual([]);
    const status = await (await statusOf(h, secret, accepted.id)).json<Status>();
    expect(status).toMatchObject({ status: "failed", error: expect.stringContaining("Discord 302") });
  });
});

describe("POST /webhook: jobs", () => {
  it("answers 202 with the job, posts the images to the channel, and reports them", async () => {
    const { h, secret } = await setUp();
    const { bytes } = fakeIdeogram(h.network, [{ seed: 11 }, { seed: 12 }]);
    acceptWebhookPosts(h.network);
    const response = await post(
      h,
      secret,
      generate({ prompt: "a lighthouse", num_images: 2, model: "V_2_TURBO" }),
    );
    expect(response.status).toBe(202);
    const accepted = await response.json<Status>();
    expect(accepted).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: "queued", position: 1 });
    await h.drain();

    const [call] = h.network.callsTo("POST", EXECUTE_URL);
    const { payload, files } = await readEdit(call!.request);
    expect(files.map((f) => f.bytes)).toEqual(bytes);
    expect(payload.components).toEqual([]);
    expect(payload.embeds?.[0]?.title).toBe("a lighthouse");
    expect(payload.embeds?.[0]?.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "Model", value: "Ideogram 2.0 Turbo (`V_2_TURBO`)" }),
        expect.objectContaining({ name: "Seeds", value: "`11` · `12`" }),
      ]),
    );
    // Nothing was sent to an interaction webhook, and nothing was kept for buttons.
    expect(h.network.calls.filter((c) => c.method === "PATCH")).toHaveLength(0);

    const status = await (await statusOf(h, secret, accepted.id)).json<Status>();
    expect(status).toEqual({
      id: accepted.id,
      status: "delivered",
      result: {
        created: "2026-11-24T12:00:00.965408+00:00",
        data: [11, 12].map((seed, i) => ({
          prompt: "a lighthouse",
          resolution: "1024x1024",
          is_image_safe: true,
          seed,
          style_type: "GENERAL",
          url: `https://cdn.discordapp.com/attachments/1100000000000000002/150000000000000000${i}/ideogram-${i + 1}-${seed}.png`,
        })),
        message: { id: "1500000000000000099", channel_id: "1100000000000000002" },
      },
    });
  });

  it("reports an Ideogram refusal in the status and posts it to the channel", async () => {
    const { h, secret } = await setUp();
    h.network.on("POST", IDEOGRAM_GENERATE, () =>
      json({ error: "Prompt provided failed safety check due to the inclusion of prohibited content." }, 422),
    );
    acceptWebhookPosts(h.network);
    const accepted = await (await post(h, secret, generate({ prompt: "something refused" }))).json<Status>();
    await h.drain();
    const posted = await readEdit(h.network.callsTo("POST", EXECUTE_URL)[0]!.request);
    expect(posted.payload.content).toContain("safety check refused this prompt");
    expect(await (await statusOf(h, secret, accepted.id)).json()).toEqual({
      id: accepted.id,
      status: "failed",
      error: "Ideogram's safety check refused this prompt, so no image was made. Try rewording it.",
    });
  });

  it("starts one job per Idempotency-Key and secret within a day", async () => {
    const { h, secret } = await setUp();
    fakeIdeogram(h.network);
    acceptWebhookPosts(h.network);
    const key = { "Idempotency-Key": "nightly-2026-11-24" };
    const first = await post(h, secret, generate({ prompt: "x" }), key);
    expect(first.status).toBe(202);
    const { id } = await first.json<Status>();
    await h.drain();
    const again = await post(h, secret, generate({ prompt: "x" }), key);
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toMatchObject({ id, status: "delivered" });
    // The same key with another body is a mistake on the caller's side, not a replay.
    const reused = await post(h, secret, generate({ prompt: "something else" }), key);
    expect(reused.status).toBe(422);
    expect((await reused.json<{ error: string }>()).error).toBe(
      `Idempotency-Key: already used with a different body (job ${id}); use a new key for a new request`,
    );
    await h.drain();
    expect(h.network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(1);
    const badKey = await post(h, secret, generate({ prompt: "x" }), { "Idempotency-Key": "has spaces" });
    expect(badKey.status).toBe(400);
  });

  it("limits each secret to WEBHOOK_RATE_PER_MINUTE jobs, with Retry-After", async () => {
    const { h, secret } = await setUp({ WEBHOOK_RATE_PER_MINUTE: "2" });
    fakeIdeogram(h.network);
    acceptWebhookPosts(h.network);
    expect((await post(h, secret, generate({ prompt: "1" }))).status).toBe(202);
    expect((await post(h, secret, generate({ prompt: "2" }))).status).toBe(202);
    const limited = await post(h, secret, generate({ prompt: "3" }));
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toEqual({ error: "rate limit: at most 2 jobs a minute for this secret" });
    await h.drain();
    expect(h.network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(2);
  });

  it("shows a job only to the secret that submitted it", async () => {
    const other = newSecret();
    const secret = newSecret();
    const h = await createHarness({ WEBHOOK_SECRET: `${secret},${other}` });
    fakeIdeogram(h.network);
    acceptWebhookPosts(h.network);
    const { id } = await (await post(h, secret, generate({ prompt: "x" }))).json<Status>();
    await h.drain();
    expect((await statusOf(h, secret, id)).status).toBe(200);
    expect((await statusOf(h, other, id)).status).toBe(404);
    expect((await statusOf(h, secret, crypto.randomUUID())).status).toBe(404);
    expect((await statusOf(h, secret, "../status")).status).toBe(404);
    expect((await statusOf(h, "not-a-secret-we-know", id)).status).toBe(401);
  });

  it("keeps the webhook token out of every log line", async () => {
    const { h, secret } = await setUp();
    fakeIdeogram(h.network);
    acceptWebhookPosts(h.network);
    await post(h, secret, generate({ prompt: "x" }));
    await h.drain();
    expect(h.logs.length).toBeGreaterThan(0);
    for (const line of h.logs) {
      expect(line).not.toContain(WEBHOOK_TOKEN);
      expect(line).not.toContain(secret);
    }
  });
});

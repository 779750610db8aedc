// Hostile input through the real app: bodies past the limit (counted as they stream in), validly
// signed interactions of the wrong shape, and form submissions past the form's limits. Each gets a
// clear 4xx or a private message, never a 5xx, and nothing reaches Ideogram.
import { describe, expect, it } from "vitest";
import { createHarness, fakeHappyPath, IDEOGRAM_GENERATE } from "../support/harness.ts";
import { acceptAllEdits } from "../support/ideogram.ts";
import { click, command, imagine, submitForm } from "../support/interactions.ts";
import { signedHeaders } from "../support/signing.ts";
import { newSecret, webhookRequest } from "../support/webhook.ts";

type Harness = Awaited<ReturnType<typeof createHarness>>;
type Answer = { type: number; data?: { content?: string; flags?: number; choices?: unknown } };

const CHUNK = 64 * 1024;

/** A body of `size` bytes streamed in chunks with no Content-Length; `pulled` counts what was read. */
function chunkedBody(size: number, prefix = "") {
  const head = new TextEncoder().encode(prefix);
  const stats = { pulled: 0 };
  let first = head.byteLength > 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (stats.pulled >= size) return controller.close();
        const chunk = first ? head : new Uint8Array(CHUNK).fill(0x61);
        first = false;
        stats.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

const streamed = (body: ReadableStream, headers: Record<string, string>) =>
  ({ method: "POST", headers, body, duplex: "half" }) as RequestInit;

describe("body limits, enforced while reading", () => {
  it("stops reading an unsigned 10 MiB chunked body to /interactions at 1 MiB and answers 413", async () => {
    const h = await createHarness();
    const { stream, stats } = chunkedBody(10 * 1024 * 1024);
    const response = await h.request(
      "/interactions",
      streamed(stream, { "Content-Type": "application/json" }),
    );
    expect(response.status).toBe(413);
    expect(stats.pulled).toBeLessThanOrEqual(1024 * 1024 + 2 * CHUNK);
  });

  it("refuses a validly signed 10 MiB chunked /imagine with 413, and runs nothing", async () => {
    const h = await createHarness();
    const huge = JSON.stringify(imagine({ prompt: "a".repeat(10 * 1024 * 1024) }));
    const headers = await signedHeaders(h.signer, huge);
    const bytes = new TextEncoder().encode(huge);
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (offset >= bytes.byteLength) return controller.close();
          controller.enqueue(bytes.subarray(offset, offset + CHUNK));
          offset += CHUNK;
        },
      },
      { highWaterMark: 0 },
    );
    const response = await h.request("/interactions", streamed(stream, headers));
    expect(response.status).toBe(413);
    expect(offset).toBeLessThan(bytes.byteLength / 4);
    expect(h.network.calls).toHaveLength(0);
  });

  it("stops reading a 60 MiB chunked body to /webhook at 64 KiB, after authentication", async () => {
    const secret = newSecret();
    const h = await createHarness({ WEBHOOK_SECRET: secret });
    const unauthenticated = chunkedBody(60 * 1024 * 1024);
    const refused = await h.request(
      "/webhook",
      streamed(unauthenticated.stream, { "Content-Type": "application/json" }),
    );
    expect(refused.status).toBe(401);
    expect(unauthenticated.stats.pulled).toBeLessThanOrEqual(CHUNK);
    const authenticated = chunkedBody(60 * 1024 * 1024, '{"image_request":{"prompt":"');
    const { headers } = webhookRequest(secret, {});
    const response = await h.request("/webhook", streamed(authenticated.stream, headers));
    expect(response.status).toBe(413);
    expect(authenticated.stats.pulled).toBeLessThanOrEqual(64 * 1024 + 2 * CHUNK);
  });
});

describe("validly signed interactions of the wrong shape", () => {
  const chatInput = (data: Record<string, unknown>) => ({ ...command("imagine"), data });

  it.each([
    ["options that are null", chatInput({ id: "1", name: "imagine", type: 1, options: null })],
    ["options that are not an array", chatInput({ id: "1", name: "imagine", type: 1, options: "abc" })],
    ["an option without a name", chatInput({ id: "1", name: "imagine", type: 1, options: [{ type: 3 }] })],
    [
      "a settings subcommand named constructor",
      chatInput({ id: "1", name: "settings", type: 1, options: [{ name: "constructor", type: 1 }] }),
    ],
    ["a message command sent as a slash command", chatInput({ id: "1", name: "Describe image", type: 1 })],
    [
      "a slash command sent as a message command",
      chatInput({ id: "1", name: "imagine", type: 3, target_id: "1" }),
    ],
    [
      "an attachment option naming no attachment of its own",
      chatInput({
        id: "1",
        name: "describe",
        type: 1,
        options: [{ name: "image", type: 11, value: "constructor" }],
        resolved: { attachments: {} },
      }),
    ],
    ["a button with no custom_id", { ...click("reroll:1"), data: { component_type: 2 } }],
    ["a form with no components", { ...submitForm("edit:1", {}), data: { custom_id: "edit:1" } }],
  ])("answers %s privately, never with a 5xx", async (_, interaction) => {
    const h = await createHarness();
    const response = await h.interact(interaction);
    expect(response.status).toBe(200);
    const answer = await response.json<Answer>();
    expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
    // Answered by validation, not by a TypeError caught on the way.
    expect(h.logs.filter((line) => line.includes('"level":"error"'))).toEqual([]);
    expect(h.network.calls).toHaveLength(0);
  });

  it.each<[string, unknown]>([
    ["no data", { ...command("imagine"), type: 4, data: undefined }],
    ["options that are null", { ...command("imagine"), type: 4, data: { name: "imagine", options: null } }],
    ...["constructor", "toString", "__proto__", "hasOwnProperty"].map((name): [string, unknown] => [
      `a focused option named ${name}`,
      {
        ...command("imagine"),
        type: 4,
        data: { name: "imagine", type: 1, options: [{ name, type: 3, value: "abc", focused: true }] },
      },
    ]),
  ])("answers an autocomplete with %s with no choices", async (_, interaction) => {
    const h = await createHarness();
    const response = await h.interact(interaction);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 8, data: { choices: [] } });
  });
});

describe("snowflakes, checked at the door", () => {
  const withUser = (interaction: ReturnType<typeof click>, id: string) => ({
    ...interaction,
    member: { ...interaction.member, user: { ...interaction.member.user, id } },
  });

  it.each<[string, (c: ReturnType<typeof click>) => unknown]>([
    ["an interaction id of 150 digits", (c) => ({ ...c, id: "1".repeat(150) })],
    ["an interaction id with quotes and brackets", (c) => ({ ...c, id: `abc"'<>` })],
    ["an interaction id of 16 digits", (c) => ({ ...c, id: "1".repeat(16) })],
    ["an application id that is not a number", (c) => ({ ...c, application_id: "app" })],
    ["a guild id of 21 digits", (c) => ({ ...c, guild_id: "1".repeat(21) })],
    ["a channel id with a space", (c) => ({ ...c, channel_id: "1100000000000000 02" })],
    ["a member's user id that is a word", (c) => withUser(c, "someone")],
    ["a user id of 150 digits", (c) => ({ ...c, member: undefined, user: { id: "9".repeat(150) } })],
  ])("refuses a signed click with %s with 400, storing nothing", async (_, forge) => {
    const h = await createHarness();
    fakeHappyPath(h.network);
    const response = await h.interact(forge(click("reroll:1999999999999999999")));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "not a Discord interaction" });
    expect(h.network.calls).toHaveLength(0);
  });

  it("still answers a PING, which carries only its own ids", async () => {
    const h = await createHarness();
    const response = await h.interact({ id: "1".repeat(19), application_id: "2".repeat(19), type: 1 });
    expect(await response.json()).toEqual({ type: 1 });
  });
});

describe("form submissions obey the form's limits", () => {
  async function keptResult(h: Harness) {
    fakeHappyPath(h.network);
    acceptAllEdits(h.network);
    const original = imagine({ prompt: "a lighthouse" });
    await h.interact(original);
    await h.drain();
    return original.id;
  }

  it.each([
    ["a 20,000-character prompt", { prompt: "a".repeat(20_000) }, "`prompt` must be at most 4000 characters"],
    [
      "a 4,001-character negative prompt",
      { prompt: "a cat", negative_prompt: "b".repeat(4001) },
      "`negative_prompt` must be at most 4000 characters",
    ],
    ["an 11-digit seed", { prompt: "a cat", seed: "12345678901" }, "`seed` must be at most 10 characters"],
    ["a prompt of invisible characters only", { prompt: "\u200b\u200d\u2060" }, "`prompt` can't be empty"],
  ])("refuses %s privately and sends nothing to Ideogram", async (_, values, problem) => {
    const h = await createHarness();
    const jobId = await keptResult(h);
    const before = h.network.callsTo("POST", IDEOGRAM_GENERATE).length;
    const answer = await (await h.interact(submitForm(`edit:${jobId}`, values))).json<Answer>();
    expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answer.data?.content).toContain(problem);
    await h.drain();
    expect(h.network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(before);
  });

  it("runs a prompt of exactly the form's 4,000 characters", async () => {
    const h = await createHarness();
    const jobId = await keptResult(h);
    const answer = await (
      await h.interact(submitForm(`edit:${jobId}`, { prompt: "a".repeat(4000) }))
    ).json<Answer>();
    expect(answer).toEqual({ type: 5 });
    await h.drain();
  });
});

describe("prompts made only of invisible characters", () => {
  it("are empty to /imagine", async () => {
    const h = await createHarness();
    const answer = await (await h.interact(imagine({ prompt: "\u200b \u200c\u200d\ufeff" }))).json<Answer>();
    expect(answer.data?.content).toContain("`prompt` can't be empty");
    expect(h.network.calls).toHaveLength(0);
  });
});

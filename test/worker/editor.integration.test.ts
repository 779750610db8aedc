// 🖌️ Vary (Region) through the Worker: the click's private link, the editor's API (session with the
// modes and their prices, image, submit), the job each mode queues — Redraw (3.0's inpaint), Remove
// (remove-object, its mask inverted, read by polling), Change with words (4.5 with the mask) — with the
// mask the fake receives read back pixel by pixel, the follow-up message its result replaces; and
// every wrong way in — a changed, expired or used link, a mask of the wrong size, not a PNG, painted
// nowhere or everywhere, a mode or quality the page never offers.
import { env } from "cloudflare:workers";
import { describe, expect, it, onTestFinished } from "vitest";
import { schedulerStub } from "../../src/bindings.ts";
import type { RegionJob } from "../../src/region/edits.ts";
import { json } from "../support/fake-network.ts";
import { type createHarness, type EditPayload, readEdit } from "../support/harness.ts";
import { ASYNC_FORM, bytesAt, harnessWithFakes, IDEOGRAM, readCall, sentTo } from "../support/ideogram.ts";
import { APPLICATION_ID, click, GUILD_ID, imagine, originalMessageOf } from "../support/interactions.ts";
import { decodePng, paintedMask } from "../support/png.ts";

type Harness = Awaited<ReturnType<typeof createHarness>>;
const INPAINT = "/v2/image/inpaint/ideogram-3";
const REMOVE_OBJECT = "/v2/image/remove-object/ideogram-1";
const V45 = "/v2/image/generate/ideogram-4-5";
/** What the tests paint on the 1024×1024 image. */
const BOX = { x: 100, y: 200, w: 300, h: 150 };
const MASK = await paintedMask(1024, 1024, BOX);
const OTHER_MASK = await paintedMask(1024, 1024, { x: 0, y: 0, w: 10, h: 10 });

/** The mask a fake received: greyscale at the image's size, the painted box in `marks`, the rest the other. */
async function expectMask(bytes: Uint8Array | undefined, marks: "black" | "white") {
  const png = await decodePng(bytes ?? new Uint8Array());
  expect(png).toMatchObject({ width: 1024, height: 1024, type: 0 });
  const [on, off] = marks === "black" ? [0, 255] : [255, 0];
  const at = (x: number, y: number) => png.pixels[y * 1024 + x];
  for (const [x, y] of [
    [BOX.x, BOX.y],
    [BOX.x + BOX.w - 1, BOX.y + BOX.h - 1],
    [250, 275],
  ] as const)
    expect(at(x, y)).toBe(on);
  for (const [x, y] of [
    [0, 0],
    [BOX.x - 1, BOX.y],
    [BOX.x + BOX.w, BOX.y + BOX.h],
    [1023, 1023],
  ] as const)
    expect(at(x, y)).toBe(off);
  expect(png.pixels.filter((v) => v === on)).toHaveLength(BOX.w * BOX.h);
}
const FOLLOWUP_ID = "1300000000000000555";
/** Who clicks 🖌️ (support/interactions.ts: another member than the one who typed /imagine). */
const CLICKER = "1000000000000000008";
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

async function setUp() {
  const h = await harnessWithFakes();
  // Discord's follow-ups: created by POST on the token, then edited (or deleted) by id.
  h.network.on("POST", /\/webhooks\/\d+\/[^/?]+$/, () =>
    json({ id: FOLLOWUP_ID, channel_id: "1100000000000000002", attachments: [] }),
  );
  h.network.on("PATCH", new RegExp(`/messages/${FOLLOWUP_ID}$`), () => json({ id: FOLLOWUP_ID }));
  h.network.on("DELETE", new RegExp(`/messages/${FOLLOWUP_ID}$`), () => new Response(null, { status: 204 }));
  return h;
}

/** A 1-image result and a click on its 🖌️ Vary (Region): the click's answer and the link's token. */
async function openEditor(h: Harness) {
  const first = imagine({ prompt: "a fox in snow" }, { token: `imagine-${Math.random()}` });
  await h.interact(first);
  await h.drain();
  const result = await readEdit(h.network.callsTo("PATCH", originalMessageOf(first)).at(-1)!.request);
  const regionClick = click(`region:${first.id}:0`);
  const answer = await (await h.interact(regionClick)).json<{
    type: number;
    data: { content: string; flags: number; components: { components: { style: number; url: string }[] }[] };
  }>();
  const url = answer.data.components[0]?.components[0]?.url ?? "";
  return { first, result, regionClick, answer, url, token: new URL(url).hash.slice(1) };
}

const api = (h: Harness, path: string, token: string, init: RequestInit = {}) =>
  h.request(path, {
    method: "POST",
    ...init,
    headers: { Authorization: `Bearer ${token}`, ...init.headers },
  });

function submission(mask: Uint8Array, fields: Record<string, string> = { prompt: "a red scarf" }) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append("mask", new File([new Uint8Array(mask)], "mask.png", { type: "image/png" }));
  return { body };
}

/** The last edit of the follow-up the submission posted: the result. */
async function resultOf(h: Harness, regionClick: { token: string }) {
  const edits = h.network.callsTo(
    "PATCH",
    `https://discord.com/api/v10/webhooks/${APPLICATION_ID}/${regionClick.token}/messages/${FOLLOWUP_ID}`,
  );
  return readEdit(edits.at(-1)!.request);
}

describe("🖌️ Vary (Region)", () => {
  it("answers the click privately with a link to the editor that carries no secret", async () => {
    const h = await setUp();
    const { answer, url, token, regionClick, result } = await openEditor(h);
    const buttons = (result.payload.components ?? []).flatMap((r) => r.components.map((c) => c.label));
    expect(buttons).toContain("Vary (Region)");
    expect(answer.type).toBe(4);
    expect(answer.data.flags).toBe(64);
    expect(answer.data.components[0]?.components[0]?.style).toBe(5);
    expect(url).toMatch(/^https:\/\/bot\.example\/editor#\d{17,20}\.\d{13}\.[\w-]{43}$/);
    expect(url).not.toContain(regionClick.token);
    expect(token.split(".")[0]).toBe(regionClick.id);
    // Nothing is queued or spent by the click itself.
    expect(sentTo(h.network, INPAINT)).toHaveLength(0);
  });

  it("gives the page the image's prompt and size, and its bytes from the kept copy", async () => {
    const h = await setUp();
    const { token, result } = await openEditor(h);
    const session = await (await api(h, "/editor/session", token)).json();
    expect(session).toMatchObject({ prompt: "a fox in snow (final 1)", image: 1, width: 1024, height: 1024 });
    // Each mode with its price before anything is sent: the table's, "≈" where it is our estimate.
    expect((session as { modes: unknown }).modes).toEqual([
      { id: "redraw", label: "Redraw", ask: "What goes in the painted region", price: "$0.06" },
      { id: "remove", label: "Remove", price: "≈ $0.03" },
      {
        id: "words",
        label: "Change with words",
        ask: "What should change in the painted region",
        price: "$0.06",
        qualities: [
          { value: "DEFAULT", label: "Medium", price: "$0.06" },
          { value: "TURBO", label: "Low", price: "$0.03" },
          { value: "QUALITY", label: "High", price: "$0.10" },
        ],
      },
    ]);
    const image = await api(h, "/editor/image", token, { method: "GET" });
    expect(image.headers.get("Cache-Control")).toBe("private, no-store");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(result.files[0]?.bytes);
  });

  it("Redraw: an inpaint of the kept image with the mask (black = change) and prompt, its result replacing a new message", async () => {
    const h = await setUp();
    const { token, result, regionClick } = await openEditor(h);
    const sent = await api(h, "/editor/submit", token, submission(MASK));
    expect(sent.status).toBe(202);
    await h.drain();
    const [call] = await Promise.all(sentTo(h.network, INPAINT).map((c) => readCall(c.request)));
    expect(call?.fields).toEqual({ prompt: "a red scarf", ...ASYNC_FORM });
    expect(call?.files.image?.[0]?.bytes).toEqual(result.files[0]?.bytes);
    await expectMask(call?.files.mask?.[0]?.bytes, "black");
    // The result is a new message in the channel: the follow-up posted on submission, edited.
    const followups = h.network.callsTo(
      "POST",
      `https://discord.com/api/v10/webhooks/${APPLICATION_ID}/${regionClick.token}`,
    );
    expect(followups).toHaveLength(1);
    const edits = h.network.callsTo(
      "PATCH",
      `https://discord.com/api/v10/webhooks/${APPLICATION_ID}/${regionClick.token}/messages/${FOLLOWUP_ID}`,
    );
    const final = await readEdit(edits.at(-1)!.request);
    expect(final.files.map((f) => f.bytes)).toEqual([bytesAt("https://x/v3-inpaint-1-0.png")]);
    expect((final.payload as EditPayload).embeds?.[0]?.footer?.text).toBe("Region repainted in image 1");
    expect(h.network.callsTo("PATCH", originalMessageOf(regionClick))).toHaveLength(0);
  });

  it("Remove: remove-object with the mask inverted (white = remove), no prompt or webhook, read by polling", async () => {
    const h = await setUp();
    const { token, result, regionClick } = await openEditor(h);
    const before = (await schedulerStub(h.env).usage(CLICKER, GUILD_ID)).user;
    // A prompt typed for another mode is not sent: Remove takes none.
    const sent = await api(
      h,
      "/editor/submit",
      token,
      submission(MASK, { mode: "remove", prompt: "ignored" }),
    );
    expect(sent.status).toBe(202);
    await h.drain(undefined, 25_000);
    const [call] = await Promise.all(sentTo(h.network, REMOVE_OBJECT).map((c) => readCall(c.request)));
    // Always async, and it takes no async or webhook_url field: the job is read.
    expect(call?.fields).toEqual({});
    expect(call?.files.image?.[0]?.bytes).toEqual(result.files[0]?.bytes);
    await expectMask(call?.files.mask?.[0]?.bytes, "white");
    expect(h.network.callsTo("GET", `${IDEOGRAM}/v2/generations/`).length).toBeGreaterThan(0);
    const final = await resultOf(h, regionClick);
    expect(final.files.map((f) => f.bytes)).toEqual([bytesAt("https://x/remove-object-1-0.png")]);
    expect((final.payload as EditPayload).embeds?.[0]?.footer?.text).toBe(
      "Painted region removed from image 1",
    );
    // Counted once, at the quote's price (the fake quotes the table's $0.03), which is then exact.
    const after = (await schedulerStub(h.env).usage(CLICKER, GUILD_ID)).user;
    expect(after.images - before.images).toBe(1);
    expect(after.cost - before.cost).toBe(30_000);
    expect(after.estimated - before.estimated).toBe(0);
  }, 30_000);

  it("Change with words: 4.5 with the image, the mask (black = change) and the instruction at the quality chosen", async () => {
    const h = await setUp();
    const { token, result, regionClick } = await openEditor(h);
    const fields = { mode: "words", prompt: "make the scarf green", quality: "QUALITY" };
    expect((await api(h, "/editor/submit", token, submission(MASK, fields))).status).toBe(202);
    await h.drain();
    const [call] = await Promise.all(sentTo(h.network, V45).map((c) => readCall(c.request)));
    // No size with a mask: the result is the image's size.
    expect(call?.fields).toEqual({ prompt: "make the scarf green", quality: "high", ...ASYNC_FORM });
    expect(call?.files.images?.map((f) => f.bytes)).toEqual([result.files[0]?.bytes]);
    await expectMask(call?.files.mask?.[0]?.bytes, "black");
    const final = await resultOf(h, regionClick);
    expect((final.payload as EditPayload).embeds?.[0]?.footer?.text).toBe("Region changed in image 1");
  });

  it("offers only the modes a server's models allow, and refuses the others", async () => {
    const h = await setUp();
    const { first } = await openEditor(h);
    const settings = { defaults: {}, blockedWords: [] };
    await schedulerStub(h.env).saveGuildSettings(GUILD_ID, { ...settings, allowedModels: ["V_4_5"] });
    // The scheduler is the file's: every model again for the tests after this one.
    onTestFinished(() => schedulerStub(h.env).saveGuildSettings(GUILD_ID, settings));
    const regionClick = click(`region:${first.id}:0`);
    const answer = await (await h.interact(regionClick)).json<{
      data: { components: { components: { url: string }[] }[] };
    }>();
    const token = new URL(answer.data.components[0]?.components[0]?.url ?? "").hash.slice(1);
    const session = (await (await api(h, "/editor/session", token)).json()) as { modes: { id: string }[] };
    expect(session.modes.map((m) => m.id)).toEqual(["remove", "words"]);
    const redraw = await api(h, "/editor/submit", token, submission(MASK));
    expect(redraw.status).toBe(400);
    expect(await redraw.json()).toEqual({ error: "Redraw is not available on this server." });
    expect(sentTo(h.network, INPAINT)).toHaveLength(0);
  });

  it("takes a link once: a replay is told it was used, and nothing more is sent", async () => {
    const h = await setUp();
    const { token } = await openEditor(h);
    expect((await api(h, "/editor/submit", token, submission(MASK))).status).toBe(202);
    const replay = await api(h, "/editor/submit", token, submission(OTHER_MASK));
    expect(replay.status).toBe(410);
    expect(await replay.json()).toMatchObject({ status: "used" });
    expect((await api(h, "/editor/session", token)).status).toBe(410);
    await h.drain();
    expect(sentTo(h.network, INPAINT)).toHaveLength(1);
  });

  it.each([
    [
      "a changed signature",
      (t: string) => t.replace(/\.(.)([\w-]{42})$/, (_, c, rest) => `.${c === "A" ? "B" : "A"}${rest}`),
    ],
    // The last of 43 characters carries 4 bits; its other 2 are padding a lax decoder drops, so the
    // next letter decodes to the same bytes. One link has one spelling.
    [
      "a signature spelled another way",
      (t: string) => `${t.slice(0, -1)}${BASE64URL[BASE64URL.indexOf(t.at(-1)!) + 1]}`,
    ],
    ["a changed expiry", (t: string) => t.replace(/\.(\d{13})\./, (_, e) => `.${Number(e) + 60_000}.`)],
    ["a changed id", (t: string) => t.replace(/^\d+/, (id) => String(BigInt(id) + 1n))],
    ["garbage", () => "not-a-token"],
    ["nothing", () => ""],
  ])("refuses %s with 401", async (_, tamper) => {
    const h = await setUp();
    const { token } = await openEditor(h);
    for (const path of ["/editor/session", "/editor/submit"]) {
      const response = await api(h, path, tamper(token), submission(MASK));
      expect(response.status).toBe(401);
    }
    expect(sentTo(h.network, INPAINT)).toHaveLength(0);
  });

  it("refuses an expired link with 410", async () => {
    const h = await setUp();
    const { regionClick } = await openEditor(h);
    const job = {
      kind: "tool",
      tool: "inpaint",
      source: { type: "stored", jobId: "1", index: 0 },
      prompt: "x",
      basis: { seed: 1, resolution: "1024x1024" },
      id: "1300000000000000777",
      interactionId: "1300000000000000777",
      applicationId: APPLICATION_ID,
      token: regionClick.token,
      user: { id: "1", name: "x" },
      attachmentSizeLimit: 1,
      receivedAt: Date.now() - 11 * 60_000,
    } satisfies RegionJob;
    const expired = await schedulerStub(env as Env).openRegionEdit(job, Date.now() - 1000);
    if (expired.status !== "ok") throw new Error(expired.message);
    const response = await api(h, "/editor/session", expired.token);
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ status: "expired" });
  });

  it.each([
    [
      "a mask of another size",
      async () => submission(await paintedMask(512, 512, BOX)),
      "The mask is 512×512; it must be the image's size, 1024×1024.",
    ],
    [
      "a mask that is not a PNG",
      async () => submission(new TextEncoder().encode("GIF89a not a png")),
      "The mask must be a PNG image.",
    ],
    [
      "a mask with nothing painted",
      async () => submission(await paintedMask(1024, 1024, { x: 0, y: 0, w: 0, h: 0 })),
      "Nothing is painted: paint what should change.",
    ],
    [
      "a mask painted all over",
      async () => submission(await paintedMask(1024, 1024, { x: 0, y: 0, w: 1024, h: 1024 })),
      "All of the image is painted: leave some of it as it is.",
    ],
    [
      "no prompt",
      async () => submission(MASK, { prompt: "   " }),
      "What goes in the painted region? Say it in 1 to 2000 characters.",
    ],
    [
      "no instruction",
      async () => submission(MASK, { mode: "words" }),
      "What should change in the painted region? Say it in 1 to 2000 characters.",
    ],
    [
      "a mode the page never offers",
      async () => submission(MASK, { mode: "explode" }),
      'There is no "explode" mode.',
    ],
    [
      "a quality the page never offers",
      async () => submission(MASK, { mode: "words", prompt: "green", quality: "FLASH" }),
      "Pick one of the qualities the page offers.",
    ],
  ])("refuses %s with 400, and the link still works", async (_, body, message) => {
    const h = await setUp();
    const { token } = await openEditor(h);
    const sent = h.network.calls.length;
    const response = await api(h, "/editor/submit", token, await body());
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe(message);
    expect(h.network.calls.slice(sent).filter((c) => c.url.startsWith(IDEOGRAM))).toHaveLength(0);
    expect((await api(h, "/editor/session", token)).status).toBe(200);
  });
});

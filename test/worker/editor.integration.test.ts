// 🖌️ Vary (Region) through the Worker: the click's private link, the editor's API (session, image,
// submit), the inpaint job it queues and the follow-up message its result replaces; and every wrong
// way in — a changed, expired or used link, a mask of the wrong size or not a PNG.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { schedulerStub } from "../../src/bindings.ts";
import type { RegionJob } from "../../src/region/edits.ts";
import { json } from "../support/fake-network.ts";
import { type createHarness, type EditPayload, readEdit } from "../support/harness.ts";
import { ASYNC_FORM, bytesAt, harnessWithFakes, readCall, sentTo } from "../support/ideogram.ts";
import { APPLICATION_ID, click, imagine, originalMessageOf } from "../support/interactions.ts";
import { pngOfSize } from "../support/png.ts";

type Harness = Awaited<ReturnType<typeof createHarness>>;
const INPAINT = "/v2/image/inpaint/ideogram-3";
const FOLLOWUP_ID = "1300000000000000555";
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

function submission(mask: Uint8Array, prompt = "a red scarf") {
  const body = new FormData();
  body.append("prompt", prompt);
  body.append("mask", new File([new Uint8Array(mask)], "mask.png", { type: "image/png" }));
  return { body };
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
    const image = await api(h, "/editor/image", token, { method: "GET" });
    expect(image.headers.get("Cache-Control")).toBe("private, no-store");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(result.files[0]?.bytes);
  });

  it("queues an inpaint of the kept image with the mask and prompt, its result replacing a new message", async () => {
    const h = await setUp();
    const { token, result, regionClick } = await openEditor(h);
    const mask = pngOfSize(1024, 1024);
    const sent = await api(h, "/editor/submit", token, submission(mask));
    expect(sent.status).toBe(202);
    await h.drain();
    const [call] = await Promise.all(sentTo(h.network, INPAINT).map((c) => readCall(c.request)));
    expect(call?.fields).toEqual({ prompt: "a red scarf", ...ASYNC_FORM });
    expect(call?.files.image?.[0]?.bytes).toEqual(result.files[0]?.bytes);
    expect(call?.files.mask?.[0]?.bytes).toEqual(mask);
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

  it("takes a link once: a replay is told it was used, and nothing more is sent", async () => {
    const h = await setUp();
    const { token } = await openEditor(h);
    expect((await api(h, "/editor/submit", token, submission(pngOfSize(1024, 1024)))).status).toBe(202);
    const replay = await api(h, "/editor/submit", token, submission(pngOfSize(1024, 1024, "other")));
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
      const response = await api(h, path, tamper(token), submission(pngOfSize(1024, 1024)));
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
      () => submission(pngOfSize(512, 512)),
      "it must be the image's size, 1024×1024",
    ],
    [
      "a mask that is not a PNG",
      () => submission(new TextEncoder().encode("GIF89a not a png")),
      "must be a PNG",
    ],
    ["no prompt", () => submission(pngOfSize(1024, 1024), "   "), "Say what goes in the painted region"],
  ])("refuses %s with 400, and the link still works", async (_, body, message) => {
    const h = await setUp();
    const { token } = await openEditor(h);
    const response = await api(h, "/editor/submit", token, body());
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain(message);
    expect((await api(h, "/editor/session", token)).status).toBe(200);
  });
});

// POST /ideogram/events through the Worker and the scheduler object: Ideogram's key set fetched from its
// JWKS (and again, at most once a minute, when a key rotated in), a verified event kept once per
// generation (a generation no job waits for is "unknown", still kept), and unsigned, forged or stale events refused with 401, nothing fetched but the keys.
import { describe, expect, it } from "vitest";
import { JWKS_PATH } from "../../src/ideogram/webhook-signature.ts";
import { json } from "../support/fake-network.ts";
import { createHarness } from "../support/harness.ts";
import { completedEvent, type EventSigner, eventSigner } from "../support/ideogram-events.ts";

/** Each test its own Ideogram base, so no test sees another's key set (a Worker isolate keeps them). */
let bases = 0;

async function setUp(...signers: EventSigner[]) {
  const base = `https://ideogram-${++bases}.example`;
  const h = await createHarness({ IDEOGRAM_API_BASE: base });
  h.network.on("GET", `${base}${JWKS_PATH}`, () => json({ keys: signers.map((s) => s.jwk) }));
  const post = async (signed: { headers: Record<string, string>; body: string }) =>
    h.request("/ideogram/events", { method: "POST", headers: signed.headers, body: signed.body });
  return {
    ...h,
    post,
    keyFetches: () => h.network.callsTo("GET", `${base}${JWKS_PATH}`).length,
  };
}

describe("POST /ideogram/events", () => {
  it("takes a verified event once; a duplicate is answered 200 and changes nothing", async () => {
    const ideogram = await eventSigner();
    const h = await setUp(ideogram);
    const event = await ideogram.sign("gen-a", completedEvent("gen-a"));
    const first = await h.post(event);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: "unknown" });
    // Ideogram may send it again, signed anew.
    const again = await h.post(await ideogram.sign("gen-a", completedEvent("gen-a")));
    expect(await again.json()).toEqual({ status: "duplicate" });
    // Only the key set was fetched: nothing of the event's images.
    expect(h.network.calls.map((c) => c.url)).toEqual([expect.stringContaining(JWKS_PATH)]);
    expect(h.logs.some((l) => l.includes('"ideogram_event"') && l.includes("gen-a"))).toBe(true);
  });

  it.each([
    [
      "unsigned",
      async (_s: EventSigner, id: string) => ({
        headers: { "Content-Type": "application/json" },
        body: completedEvent(id),
      }),
    ],
    ["forged", async (_s: EventSigner, id: string) => (await eventSigner()).sign(id, completedEvent(id))],
    ["stale", async (s: EventSigner, id: string) => s.sign(id, completedEvent(id), Date.now() - 10 * 60_000)],
    [
      "for another generation than its headers say",
      async (s: EventSigner, id: string) => s.sign(id, completedEvent(`${id}-other`)),
    ],
  ])("refuses an event that is %s with 401, keeping nothing", async (_, make) => {
    const ideogram = await eventSigner();
    const h = await setUp(ideogram);
    // The scheduler is the file's: each case its own generation.
    const id = `gen-b${bases}`;
    const refused = await h.post(await make(ideogram, id));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: "not a verified Ideogram event" });
    expect(h.network.calls.every((c) => c.url.endsWith(JWKS_PATH))).toBe(true);
    // Nothing was kept: the genuine event afterwards is new.
    const genuine = await h.post(await ideogram.sign(id, completedEvent(id)));
    expect(await genuine.json()).toEqual({ status: "unknown" });
  });

  it("tries every key of the set, and a flood of forgeries fetches it at most once a minute", async () => {
    const old = await eventSigner("v1");
    const rotated = await eventSigner("v2");
    const h = await setUp(old, rotated);
    // Signed with the new key while naming the old one: every key is tried.
    const event = await rotated.sign("gen-d", completedEvent("gen-d"), Date.now(), { keyId: "v1" });
    expect((await h.post(event)).status).toBe(200);
    const forger = await eventSigner("v2");
    for (let i = 0; i < 5; i++) {
      expect((await h.post(await forger.sign(`gen-f${i}`, completedEvent(`gen-f${i}`)))).status).toBe(401);
    }
    // Each forgery asked for the set again; it was fetched under a minute ago, so it was not.
    expect(h.keyFetches()).toBe(1);
  });

  it("answers 503 when Ideogram's key set can't be had, so Ideogram sends the event again", async () => {
    const base = `https://ideogram-${++bases}.example`;
    const h = await createHarness({ IDEOGRAM_API_BASE: base });
    h.network.on("GET", `${base}${JWKS_PATH}`, () => json({ error: "down" }, 503));
    const ideogram = await eventSigner();
    const answer = await h.request("/ideogram/events", {
      method: "POST",
      ...(await ideogram.sign("gen-g", completedEvent("gen-g"))),
    });
    expect(answer.status).toBe(503);
    expect(h.logs.some((l) => l.includes('"ideogram_keys_unavailable"'))).toBe(true);
  });

  it("refuses a body over the limit with 413, before reading it", async () => {
    const ideogram = await eventSigner();
    const h = await setUp(ideogram);
    const big = await ideogram.sign(
      "gen-h",
      JSON.stringify({ generation_id: "gen-h", pad: "x".repeat(1024 * 1024) }),
    );
    expect((await h.post(big)).status).toBe(413);
    expect(h.keyFetches()).toBe(0);
  });
});

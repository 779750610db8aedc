// Ideogram's webhook signatures (src/ideogram/webhook-signature.ts) against the reference's contract
// (../shared/reference/ideogram-v2-4-5.md §6.2): the signed message byte for byte, every key of the set
// tried, and each way an event is refused.
import { describe, expect, it } from "vitest";
import {
  EVENT_TOLERANCE_MS,
  EventKeys,
  importEventKeys,
  KEYS_KEPT_MS,
  KEYS_REFETCH_MS,
  signedMessage,
  verifyEvent,
} from "../../src/ideogram/webhook-signature.ts";
import { completedEvent, eventSigner } from "../support/ideogram-events.ts";

const NOW = Date.parse("2026-12-03T10:00:00Z");
const bytes = (text: string) => new TextEncoder().encode(text);

async function check(
  signed: { headers: Record<string, string>; body: string },
  jwks: unknown[],
  options: { body?: string; now?: number } = {},
) {
  const keys = await importEventKeys({ keys: jwks });
  return verifyEvent(
    new Headers(signed.headers),
    bytes(options.body ?? signed.body),
    keys,
    options.now ?? NOW,
  );
}

describe("the signed message", () => {
  it("is the four values joined by newlines, the last the SHA-256 hex of the raw body", async () => {
    const message = await signedMessage("gen-1", "user-1", "1764756000", bytes("{}"));
    expect(new TextDecoder().decode(message)).toBe(
      "gen-1\nuser-1\n1764756000\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
    );
  });
});

describe("verifying an event", () => {
  it("accepts one signed with a key of the set, and reads its generation", async () => {
    const ideogram = await eventSigner();
    const signed = await ideogram.sign("gen-1", completedEvent("gen-1"), NOW);
    const verified = await check(signed, [ideogram.jwk]);
    expect(verified).toMatchObject({ ok: true, generationId: "gen-1", event: { generation_id: "gen-1" } });
  });

  it("takes the body's id as the spec names it too (request_id)", async () => {
    const ideogram = await eventSigner();
    const signed = await ideogram.sign("gen-2", JSON.stringify({ request_id: "gen-2", data: [] }), NOW);
    expect(await check(signed, [ideogram.jwk])).toMatchObject({ ok: true, generationId: "gen-2" });
  });

  it("tries every key, whatever key id the event names (a rotation)", async () => {
    const old = await eventSigner("v1");
    const rotated = await eventSigner("v2");
    const signed = await rotated.sign("gen-3", completedEvent("gen-3"), NOW, { keyId: "v1" });
    expect(await check(signed, [old.jwk, rotated.jwk])).toMatchObject({ ok: true });
    const unknownKid = await rotated.sign("gen-3", completedEvent("gen-3"), NOW, { keyId: "v9" });
    expect(await check(unknownKid, [old.jwk, rotated.jwk])).toMatchObject({ ok: true });
  });

  it("skips keys that are not Ed25519, and a set of none verifies nothing", async () => {
    const ideogram = await eventSigner();
    const rsa = { kty: "RSA", kid: "r1", n: "AQAB", e: "AQAB" };
    expect(await importEventKeys({ keys: [rsa, ideogram.jwk] })).toHaveLength(1);
    expect(await importEventKeys({ nonsense: true })).toEqual([]);
  });

  it.each([
    [
      "signed with another key",
      async () => {
        const ideogram = await eventSigner();
        const forger = await eventSigner();
        return check(await forger.sign("gen-1", completedEvent("gen-1"), NOW), [ideogram.jwk]);
      },
      "bad_signature",
    ],
    [
      "a body changed by one byte",
      async () => {
        const ideogram = await eventSigner();
        const signed = await ideogram.sign("gen-1", completedEvent("gen-1"), NOW);
        return check(signed, [ideogram.jwk], { body: signed.body.replace("a fox", "a fix") });
      },
      "bad_signature",
    ],
    [
      "the same JSON serialised again",
      async () => {
        const ideogram = await eventSigner();
        const signed = await ideogram.sign("gen-1", completedEvent("gen-1"), NOW);
        return check(signed, [ideogram.jwk], { body: JSON.stringify(JSON.parse(signed.body), null, 2) });
      },
      "bad_signature",
    ],
    [
      "a timestamp over five minutes old",
      async () => {
        const ideogram = await eventSigner();
        const signed = await ideogram.sign(
          "gen-1",
          completedEvent("gen-1"),
          NOW - EVENT_TOLERANCE_MS - 1_000,
        );
        return check(signed, [ideogram.jwk]);
      },
      "stale",
    ],
    [
      "a timestamp over five minutes ahead",
      async () => {
        const ideogram = await eventSigner();
        const signed = await ideogram.sign(
          "gen-1",
          completedEvent("gen-1"),
          NOW + EVENT_TOLERANCE_MS + 1_000,
        );
        return check(signed, [ideogram.jwk]);
      },
      "stale",
    ],
    [
      "a header id other than the body's",
      async () => {
        const ideogram = await eventSigner();
        return check(await ideogram.sign("gen-1", completedEvent("gen-2"), NOW), [ideogram.jwk]);
      },
      "id_mismatch",
    ],
    [
      "no signature",
      async () => {
        const ideogram = await eventSigner();
        const signed = await ideogram.sign("gen-1", completedEvent("gen-1"), NOW, { signature: "" });
        return check(signed, [ideogram.jwk]);
      },
      "unsigned",
    ],
    [
      "an upper-case signature (the reference says lowercase hex)",
      async () => {
        const ideogram = await eventSigner();
        const signed = await ideogram.sign("gen-1", completedEvent("gen-1"), NOW);
        const upper = {
          ...signed.headers,
          "X-Ideogram-Webhook-Signature": signed.headers["X-Ideogram-Webhook-Signature"]!.toUpperCase(),
        };
        return check({ ...signed, headers: upper }, [ideogram.jwk]);
      },
      "unsigned",
    ],
    [
      "a signed body that is not JSON",
      async () => {
        const ideogram = await eventSigner();
        return check(await ideogram.sign("gen-1", "not json", NOW), [ideogram.jwk]);
      },
      "not_json",
    ],
  ])("refuses %s", async (_, make, reason) => {
    expect(await make()).toEqual({ ok: false, reason });
  });
});

describe("Ideogram's key set", () => {
  const setUp = () => {
    let now = NOW;
    let loads = 0;
    let answer: () => Promise<unknown> = async () => ({ keys: [] });
    const keys = new EventKeys(
      async () => {
        loads++;
        return answer();
      },
      () => now,
    );
    return {
      keys,
      loads: () => loads,
      answer: (next: () => Promise<unknown>) => {
        answer = next;
      },
      advance: (ms: number) => {
        now += ms;
      },
    };
  };

  it("is fetched once, kept a day, and fetched again after", async () => {
    const ideogram = await eventSigner();
    const t = setUp();
    t.answer(async () => ({ keys: [ideogram.jwk] }));
    expect(await t.keys.current()).toHaveLength(1);
    t.advance(KEYS_KEPT_MS - 1);
    await t.keys.current();
    expect(t.loads()).toBe(1);
    t.advance(1);
    await t.keys.current();
    expect(t.loads()).toBe(2);
  });

  it("is fetched again when a signature fails, at most once a minute", async () => {
    const old = await eventSigner("v1");
    const rotated = await eventSigner("v2");
    const t = setUp();
    t.answer(async () => ({ keys: [old.jwk] }));
    await t.keys.current();
    t.answer(async () => ({ keys: [old.jwk, rotated.jwk] }));
    // Fetched under a minute ago: what is kept.
    expect(await t.keys.refreshed()).toHaveLength(1);
    t.advance(KEYS_REFETCH_MS);
    expect(await t.keys.refreshed()).toHaveLength(2);
    expect(await t.keys.refreshed()).toHaveLength(2);
    expect(t.loads()).toBe(2);
  });

  it("keeps the set it has when fetching again fails, and can't be made to fetch more than once a minute", async () => {
    const ideogram = await eventSigner();
    const t = setUp();
    t.answer(async () => {
      throw new Error("unreachable");
    });
    await expect(t.keys.current()).rejects.toThrow();
    await expect(t.keys.current()).rejects.toThrow();
    await expect(t.keys.refreshed()).rejects.toThrow();
    expect(t.loads()).toBe(1);
    t.advance(KEYS_REFETCH_MS);
    t.answer(async () => ({ keys: [ideogram.jwk] }));
    expect(await t.keys.current()).toHaveLength(1);
    t.advance(KEYS_REFETCH_MS);
    t.answer(async () => {
      throw new Error("unreachable");
    });
    expect(await t.keys.refreshed()).toHaveLength(1);
  });
});

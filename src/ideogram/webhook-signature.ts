// Ideogram's signed webhooks: each event is signed with Ed25519 over four values joined by newlines —
// the generation id, the user id, the timestamp as sent, and the SHA-256 hex of the raw body — the
// signature in lowercase hex, the keys published as a JWKS. Verified here against every key of the
// set (the key id is only a hint), within five minutes of its timestamp; the id the headers name must be
// the body's (`generation_id` in the docs, `request_id` in the spec: either). Pure apart from crypto.
// Reference: ../shared/reference/ideogram-v2-4-5.md §6.2; open question 1.
// Layer 1 (ideogram/): imports only layer 0, never discord/.
import * as z from "zod/mini";
import { parseJson } from "../http/json.ts";
import { lazy } from "../lazy.ts";

/** The headers an event carries, by what they hold. */
export const EVENT_HEADERS = {
  generationId: "X-Ideogram-Webhook-Generation-Id",
  userId: "X-Ideogram-Webhook-User-Id",
  timestamp: "X-Ideogram-Webhook-Timestamp",
  keyId: "X-Ideogram-Webhook-Key-Id",
  signature: "X-Ideogram-Webhook-Signature",
} as const;

/** How far an event's timestamp may be from our clock (Ideogram documents none; 5 minutes, as Discord's). */
export const EVENT_TOLERANCE_MS = 5 * 60_000;

/** Where Ideogram publishes its keys, below the API base. */
export const JWKS_PATH = "/v1/.well-known/jwks.json";

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * The bytes Ideogram signs: "these four values in this exact order, joined with single newline
 * separators, then encode the result as UTF-8", the last the SHA-256 hex of the raw body. The one
 * place the construction lives, so a correction of the reference is one line.
 */
export async function signedMessage(
  generationId: string,
  userId: string,
  timestamp: string,
  body: BufferSource,
): Promise<Uint8Array<ArrayBuffer>> {
  const digest = hex(await crypto.subtle.digest("SHA-256", body));
  return new Uint8Array(encoder.encode([generationId, userId, timestamp, digest].join("\n")));
}

export const jwksSchema = lazy(() =>
  z.object({
    keys: z.array(
      z.looseObject({
        kty: z.string(),
        crv: z.optional(z.string()),
        kid: z.string(),
        x: z.optional(z.string()),
      }),
    ),
  }),
);

export interface EventKey {
  kid: string;
  key: CryptoKey;
}

/** The set's Ed25519 keys, ready to verify with; any other key (or one that won't import) is skipped. */
export async function importEventKeys(jwks: unknown): Promise<EventKey[]> {
  const parsed = jwksSchema().safeParse(jwks);
  if (!parsed.success) return [];
  const imported = await Promise.all(
    parsed.data.keys.map(async ({ kty, crv, kid, x }) => {
      if (kty !== "OKP" || crv !== "Ed25519" || !x) return undefined;
      try {
        const key = await crypto.subtle.importKey("jwk", { kty, crv, x }, { name: "Ed25519" }, false, [
          "verify",
        ]);
        return { kid, key };
      } catch {
        return undefined;
      }
    }),
  );
  return imported.filter((k) => k !== undefined);
}

/** An event read from a request, with its signature checked. */
export type VerifiedEvent =
  | { ok: true; generationId: string; event: Record<string, unknown> }
  | { ok: false; reason: "unsigned" | "stale" | "bad_signature" | "not_json" | "id_mismatch" };

const eventSchema = lazy(() =>
  z.looseObject({ generation_id: z.optional(z.string()), request_id: z.optional(z.string()) }),
);

/** Whether the request is an event Ideogram signed with one of `keys`, within the tolerance of `now`. */
export async function verifyEvent(
  headers: Headers,
  body: BufferSource,
  keys: readonly EventKey[],
  now: number,
): Promise<VerifiedEvent> {
  const generationId = headers.get(EVENT_HEADERS.generationId) ?? "";
  const userId = headers.get(EVENT_HEADERS.userId) ?? "";
  const timestamp = headers.get(EVENT_HEADERS.timestamp) ?? "";
  const signature = headers.get(EVENT_HEADERS.signature) ?? "";
  if (!generationId || !userId || !/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{128}$/.test(signature)) {
    return { ok: false, reason: "unsigned" };
  }
  if (Math.abs(now - Number(timestamp) * 1000) > EVENT_TOLERANCE_MS) return { ok: false, reason: "stale" };
  const message = await signedMessage(generationId, userId, timestamp, body);
  const bytes = Uint8Array.from(signature.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  // Every key, the hinted one first: a rotation may name a key the set no longer calls so.
  const hinted = headers.get(EVENT_HEADERS.keyId);
  const ordered = [...keys].sort((a, b) => Number(b.kid === hinted) - Number(a.kid === hinted));
  let valid = false;
  for (const { key } of ordered) {
    if (await crypto.subtle.verify("Ed25519", key, bytes, message)) {
      valid = true;
      break;
    }
  }
  if (!valid) return { ok: false, reason: "bad_signature" };
  const json = parseJson(new TextDecoder().decode(body));
  const event = json.ok ? eventSchema().safeParse(json.value) : undefined;
  if (!event?.success) return { ok: false, reason: "not_json" };
  const named = event.data.generation_id ?? event.data.request_id;
  if (named !== generationId) return { ok: false, reason: "id_mismatch" };
  return { ok: true, generationId, event: event.data };
}

/** How long a fetched key set is used (Ideogram: "Cache for up to 24 hours"). */
export const KEYS_KEPT_MS = 24 * 3_600_000;
/** At most one fetch this often when a signature fails to verify ("refresh sooner if a signature fails"). */
export const KEYS_REFETCH_MS = 60_000;

/**
 * Ideogram's key set: fetched when first needed and used for KEYS_KEPT_MS; fetched again sooner when a
 * signature fails, but never more than once every KEYS_REFETCH_MS (forged events can't make us hammer
 * Ideogram). Throws when no usable set can be had.
 */
export class EventKeys {
  private keys: EventKey[] | undefined;
  private keptSince = Number.NEGATIVE_INFINITY;
  private triedAt = Number.NEGATIVE_INFINITY;
  private readonly load: () => Promise<unknown>;
  private readonly now: () => number;

  constructor(load: () => Promise<unknown>, now: () => number) {
    this.load = load;
    this.now = now;
  }

  /** The keys to verify with. */
  async current(): Promise<EventKey[]> {
    return this.fresh() ?? this.fetch();
  }

  /** After a signature failed with the current keys: the set fetched again, if it may be by now. */
  async refreshed(): Promise<EventKey[]> {
    return this.now() - this.triedAt < KEYS_REFETCH_MS ? this.current() : this.fetch();
  }

  private fresh(): EventKey[] | undefined {
    return this.keys && this.now() - this.keptSince < KEYS_KEPT_MS ? this.keys : undefined;
  }

  private async fetch(): Promise<EventKey[]> {
    if (this.now() - this.triedAt < KEYS_REFETCH_MS) {
      const kept = this.fresh();
      if (kept) return kept;
      throw new Error("Ideogram's key set could not be had a moment ago");
    }
    this.triedAt = this.now();
    let problem = "it has no Ed25519 key";
    const keys = await this.load()
      .then(importEventKeys)
      .catch((error: unknown) => {
        problem = String(error);
        return [];
      });
    if (keys.length > 0) {
      this.keys = keys;
      this.keptSince = this.triedAt;
    }
    const kept = this.fresh();
    if (!kept) throw new Error(`Ideogram's key set can't be used: ${problem}`);
    return kept;
  }
}

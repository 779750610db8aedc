// POST /ideogram/events: Ideogram's webhooks, where v2 generations say they are done. Only an event
// Ideogram signed (ideogram/webhook-signature.ts: Ed25519 over the generation id, user id, timestamp
// and the raw body's SHA-256, with a key from Ideogram's JWKS) gets past 401; a verified one is handed
// to the scheduler, which keeps it once per generation, and answered 200 at once — for a duplicate
// too, and for a generation no job waits for (logged), so Ideogram stops sending it. Nothing is
// downloaded or posted here.
// Layer 8 (routes/): imports only layers 0–7, never scheduler/.
import type { Context } from "hono";
import { schedulerStub } from "../bindings.ts";
import { parseJson } from "../http/json.ts";
import { EventKeys, JWKS_PATH, type VerifiedEvent, verifyEvent } from "../ideogram/webhook-signature.ts";
import type { AppEnv } from "./env.ts";

/** As the other routes' bodies: an event is a few URLs, far below it. */
export const IDEOGRAM_EVENT_MAX_BYTES = 1024 * 1024;

/** Each isolate's copy of Ideogram's key set, by API base (tests and the playground use their own). */
const keySets = new Map<string, EventKeys>();

function keysFor(c: Context<AppEnv>): EventKeys {
  const base = c.var.config.IDEOGRAM_API_BASE;
  let keys = keySets.get(base);
  if (!keys) {
    const { clock } = c.var.deps;
    keys = new EventKeys(
      async () => {
        const response = await fetch(`${base}${JWKS_PATH}`, { signal: AbortSignal.timeout(10_000) });
        if (!response.ok) throw new Error(`Ideogram's key set: HTTP ${response.status}`);
        const json = parseJson(await response.text());
        if (!json.ok) throw new Error("Ideogram's key set is not JSON");
        return json.value;
      },
      () => clock.now(),
    );
    keySets.set(base, keys);
  }
  return keys;
}

export async function handleIdeogramEvent(c: Context<AppEnv>): Promise<Response> {
  const { deps } = c.var;
  const body = new Uint8Array(await c.req.arrayBuffer());
  const headers = c.req.raw.headers;
  const keys = keysFor(c);
  let verified: VerifiedEvent;
  try {
    verified = await verifyEvent(headers, body, await keys.current(), deps.clock.now());
    // A key Ideogram rotated in since the set was fetched: fetch it again (at most once a minute).
    if (!verified.ok && verified.reason === "bad_signature") {
      verified = await verifyEvent(headers, body, await keys.refreshed(), deps.clock.now());
    }
  } catch (error) {
    // Without Ideogram's keys nothing can be checked: Ideogram is asked to send it again later.
    deps.log.error("ideogram_keys_unavailable", { detail: String(error) });
    return c.json({ error: "the keys to verify this event are not available; try again later" }, 503);
  }
  if (!verified.ok) {
    deps.log.warn("ideogram_event_refused", { reason: verified.reason });
    return c.json({ error: "not a verified Ideogram event" }, 401);
  }
  const { status } = await schedulerStub(c.env).ideogramEvent(verified.generationId, verified.event);
  deps.log.info("ideogram_event", { generationId: verified.generationId, status });
  return c.json({ status });
}

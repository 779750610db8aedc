// Discord request verification: Ed25519 over timestamp + raw body.
// Docs: https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
// Layer 1 (discord/): imports only layer 0, never ideogram/.
import { verifyKey } from "discord-interactions";

const keys = new Map<string, Promise<CryptoKey>>();

/** Imports the hex public key once per isolate instead of on every request. */
function importPublicKey(hex: string): Promise<CryptoKey> {
  let key = keys.get(hex);
  if (!key) {
    const raw = new Uint8Array(hex.match(/../g)?.map((byte) => Number.parseInt(byte, 16)) ?? []);
    key = crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
    keys.set(hex, key);
  }
  return key;
}

/** Signed requests older (or newer) than this are refused as replays. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * True only for a well-formed signature by `publicKeyHex` over a timestamp within
 * MAX_CLOCK_SKEW_MS of `now`; never throws.
 */
export async function isValidDiscordRequest(
  rawBody: string,
  signature: string | undefined,
  timestamp: string | undefined,
  publicKeyHex: string,
  now: number,
): Promise<boolean> {
  if (!signature || !timestamp) return false;
  // The library checks the signature only; a captured request could otherwise be replayed forever.
  if (!(Math.abs(now - Number(timestamp) * 1000) <= MAX_CLOCK_SKEW_MS)) return false;
  try {
    return await verifyKey(rawBody, signature, timestamp, await importPublicKey(publicKeyHex));
  } catch {
    return false;
  }
}

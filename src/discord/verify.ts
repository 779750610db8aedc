// Discord request verification: Ed25519 over timestamp + raw body.
// Docs: https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
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

/** True only for a well-formed signature by `publicKeyHex`; never throws. */
export async function isValidDiscordRequest(
  rawBody: string,
  signature: string | undefined,
  timestamp: string | undefined,
  publicKeyHex: string,
): Promise<boolean> {
  if (!signature || !timestamp) return false;
  try {
    return await verifyKey(rawBody, signature, timestamp, await importPublicKey(publicKeyHex));
  } catch {
    return false;
  }
}

// Ideogram's side of a signed webhook, for every stand-in of Ideogram (the emulator, the tests): an
// Ed25519 key pair published as a JWKS, and events signed as the reference says Ideogram signs them
// (../shared/reference/ideogram-v2-4-5.md §6.2), through the Worker's own construction of the signed
// message. Web Crypto only: it runs in Node and in workerd alike.
import { EVENT_HEADERS, signedMessage } from "../src/ideogram/webhook-signature.ts";

export interface EventSigner {
  kid: string;
  /** The key as Ideogram's JWKS lists it. */
  jwk: { kty: string; crv: string; alg: string; use: string; kid: string; x: string };
  /** Headers and body of an event for `generationId`, signed at `at` (epoch ms) over `body` as given. */
  sign(
    generationId: string,
    body: string,
    at?: number,
    overrides?: Partial<Record<keyof typeof EVENT_HEADERS, string>>,
  ): Promise<{ headers: Record<string, string>; body: string }>;
}

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

export async function eventSigner(kid = "v1"): Promise<EventSigner> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const { x } = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  return {
    kid,
    jwk: { kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig", kid, x: x ?? "" },
    async sign(generationId, body, at = Date.now(), overrides = {}) {
      const timestamp = String(Math.floor(at / 1000));
      const userId = "user-7";
      const message = await signedMessage(generationId, userId, timestamp, new TextEncoder().encode(body));
      const signature = hex(await crypto.subtle.sign("Ed25519", pair.privateKey, message));
      const values = { generationId, userId, timestamp, keyId: kid, signature, ...overrides };
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      for (const [name, header] of Object.entries(EVENT_HEADERS)) {
        headers[header] = values[name as keyof typeof values];
      }
      return { headers, body };
    },
  };
}

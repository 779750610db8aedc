// A real Ed25519 key pair for tests, and Discord-style request signing with it.

export interface TestSigner {
  publicKeyHex: string;
  /** Signs `timestamp + body` exactly as Discord does; returns the hex signature. */
  sign(body: string, timestamp: string): Promise<string>;
}

const toHex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

export async function createSigner(): Promise<TestSigner> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const publicKeyHex = toHex((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  return {
    publicKeyHex,
    async sign(body, timestamp) {
      const message = new TextEncoder().encode(timestamp + body);
      return toHex(await crypto.subtle.sign({ name: "Ed25519" }, pair.privateKey, message));
    },
  };
}

/** Headers Discord would send with `body`, signed by `signer`. */
export async function signedHeaders(
  signer: TestSigner,
  body: string,
  timestamp = String(Math.floor(Date.now() / 1000)),
): Promise<Record<string, string>> {
  return {
    "Content-Type": "application/json",
    "X-Signature-Ed25519": await signer.sign(body, timestamp),
    "X-Signature-Timestamp": timestamp,
  };
}

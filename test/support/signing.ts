// A real Ed25519 key pair for tests, and Discord-style request signing with it.

export interface TestSigner {
  publicKeyHex: string;
  /** Signs `timestamp + body` exactly as Discord does; returns the hex signature. */
  sign(body: string, timestamp: string): Promise<string>;
}

const toHex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** A signer with `privateKey`, whose public half is `publicKeyHex`. */
const signerOf = (privateKey: CryptoKey, publicKeyHex: string): TestSigner => ({
  publicKeyHex,
  async sign(body, timestamp) {
    const message = new TextEncoder().encode(timestamp + body);
    return toHex(await crypto.subtle.sign({ name: "Ed25519" }, privateKey, message));
  },
});

export async function createSigner(): Promise<TestSigner> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const publicKeyHex = toHex((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  return signerOf(pair.privateKey, publicKeyHex);
}

/**
 * The public key the Worker's own bindings trust in the workerd tests (vitest.config.ts), so a test
 * can sign for the Worker's default export. Its private half is WORKER_TEST_SEED, in plain sight:
 * a test key, never a deployment's.
 */
export const WORKER_TEST_PUBLIC_KEY = "24c5ccb79b91a6bdd3b97b9d1b2e712edaf482255ba0ca5121eda3b9079032c0";
const WORKER_TEST_SEED = "696d6167696e652d626f742d746573742d6b65792d6e6f742d612d7365637265";
/** PKCS #8 for an Ed25519 private key: this prefix, then the 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = "302e020100300506032b657004220420";

/** The signer whose key the Worker's bindings trust (WORKER_TEST_PUBLIC_KEY). */
export async function workerSigner(): Promise<TestSigner> {
  const der = Uint8Array.from((PKCS8_ED25519_PREFIX + WORKER_TEST_SEED).match(/../g) ?? [], (h) =>
    Number.parseInt(h, 16),
  );
  const privateKey = await crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, true, ["sign"]);
  // The private key's JWK carries its public half: the constant above must be it.
  const { x } = (await crypto.subtle.exportKey("jwk", privateKey)) as JsonWebKey;
  const derived = toHex(
    Uint8Array.from(atob((x ?? "").replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)).buffer,
  );
  if (derived !== WORKER_TEST_PUBLIC_KEY) throw new Error(`WORKER_TEST_PUBLIC_KEY should be ${derived}`);
  return signerOf(privateKey, WORKER_TEST_PUBLIC_KEY);
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

// Bearer-secret checks for the webhook endpoint, in constant time, and a stable non-secret id per
// secret (for idempotency keys, rate limits and job ownership).
// Layer 6 (webhook/): imports only layers 0–5, never interactions/.

const encoder = new TextEncoder();

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", encoder.encode(text));
}

/** The caller's bearer token, if the Authorization header carries one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

/**
 * The id of the configured secret `presented` equals, or undefined. Both sides are hashed first, so
 * the comparison takes the same time whatever the lengths, and every configured secret is compared.
 */
export async function matchSecret(
  presented: string,
  secrets: readonly string[],
): Promise<string | undefined> {
  const given = await digest(presented);
  let found: string | undefined;
  for (const secret of secrets) {
    const expected = await digest(secret);
    if (crypto.subtle.timingSafeEqual(given, expected) && found === undefined) found = await secretId(secret);
  }
  return found;
}

/** SHA-256 of `text`, as 64 hex digits (a request body's, for Idempotency-Key reuse). */
export async function sha256Hex(text: string): Promise<string> {
  return [...new Uint8Array(await digest(text))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A short, non-reversible name for a secret (first 16 hex digits of SHA-256 of "webhook:" + it). */
export async function secretId(secret: string): Promise<string> {
  return (await sha256Hex(`webhook:${secret}`)).slice(0, 16);
}

// The Vary (Region) editor's link: `/editor#<id>.<expires>.<signature>`, where the signature is an
// HMAC-SHA256, with a key only the scheduler holds, over what the link grants — this pending edit,
// the image it paints on, who clicked, until when. A changed id, expiry or signature fails; the edit
// itself is single use (edits.ts). The token travels in the URL's fragment, which browsers never send
// to a server, and then in an Authorization header: it is in no URL a log records.
// Layer 5 (region/): imports only layers 0–4, never pipeline/, queue/.

/** What a link's signature covers. */
export interface LinkGrant {
  id: string;
  jobId: string;
  index: number;
  userId: string;
  expiresAt: number;
}

const encoder = new TextEncoder();
const message = (g: LinkGrant) =>
  encoder.encode(`region|${g.id}|${g.jobId}|${g.index}|${g.userId}|${g.expiresAt}`);

const base64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** The bytes of a 43-character signature, only in the one spelling signLink writes: the last
 * character's two padding bits must be zero, or each link would have four tokens. */
function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[\w-]{42}[AEIMQUYcgkosw048]$/.test(text)) return undefined;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A new random key for the links' HMAC (32 bytes). */
export const newLinkKey = () => crypto.getRandomValues(new Uint8Array(32));

const importKey = (raw: Uint8Array<ArrayBuffer>, use: "sign" | "verify") =>
  crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, [use]);

/** The link's token for `grant`. */
export async function signLink(key: Uint8Array<ArrayBuffer>, grant: LinkGrant): Promise<string> {
  const signature = await crypto.subtle.sign("HMAC", await importKey(key, "sign"), message(grant));
  return `${grant.id}.${grant.expiresAt}.${base64url(signature)}`;
}

/** The id and expiry a token claims, before its signature is checked; undefined if it isn't one. */
export function readLink(token: string): { id: string; expiresAt: number; signature: string } | undefined {
  const match = /^(\d{17,20})\.(\d{13})\.([\w-]{43})$/.exec(token);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { id: match[1], expiresAt: Number(match[2]), signature: match[3] };
}

/** Whether `signature` is the key's signature of `grant` (compared in constant time by WebCrypto). */
export async function verifyLink(
  key: Uint8Array<ArrayBuffer>,
  grant: LinkGrant,
  signature: string,
): Promise<boolean> {
  const bytes = fromBase64url(signature);
  return !!bytes && crypto.subtle.verify("HMAC", await importKey(key, "verify"), bytes, message(grant));
}

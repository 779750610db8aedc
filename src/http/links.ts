// Links people type (an image prompt, `--sref`, `--cref` in a prompt): unlike the attachments Discord
// signs, they point anywhere, so they are checked before anything is queued and at every redirect,
// and fetched only by the job: https on port 443, a public host name (no IP literal, no localhost, no
// single-label, `.local` or `.internal` name), at most 3 redirects followed by hand, a size limit and a
// short timeout. The origins in `allow` (PROMPT_URL_ALLOW_ORIGINS, for tests and the playground) are
// exempt from the scheme, port and host rules.
// Layer 0 (http/): imports nothing of the bot's.
import { readAtMost } from "./body.ts";
import { isTimeout } from "./retry.ts";

export type LinkCheck = { ok: true; url: URL } | { ok: false; problem: string };

/** Redirects followed, each checked like the link itself. */
export const LINK_REDIRECTS = 3;
const LINK_TIMEOUT_MS = 15_000;
const PRIVATE_SUFFIXES = [".local", ".internal", ".localhost", ".lan", ".home.arpa"];

/** Whether `text` may be fetched, and why not. */
export function checkLink(text: string, allow: readonly string[] = []): LinkCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: "is not a link" };
  }
  if (allow.includes(url.origin)) return { ok: true, url };
  if (url.protocol !== "https:") return { ok: false, problem: "must be an https link" };
  if (url.port !== "" && url.port !== "443")
    return { ok: false, problem: "must use the standard https port" };
  if (url.username || url.password) return { ok: false, problem: "must not carry a user name or password" };
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const literal = host.startsWith("[") || /^[\d.]+$/.test(host) || /^0x[0-9a-f]+$/i.test(host);
  if (literal) return { ok: false, problem: "must name a host, not an IP address" };
  if (host === "localhost" || !host.includes(".") || PRIVATE_SUFFIXES.some((s) => host.endsWith(s))) {
    return { ok: false, problem: "must point to a public host" };
  }
  return { ok: true, url };
}

export type LinkFetch =
  | { ok: true; bytes: Uint8Array<ArrayBuffer>; url: URL }
  | { ok: false; problem: string };

/**
 * The bytes behind a checked link, following at most LINK_REDIRECTS redirects, each checked; a body
 * over `maxBytes` (by its Content-Length or as it streams) is refused without being read whole.
 */
export async function fetchLink(
  link: string,
  options: { fetch: typeof fetch; allow?: readonly string[]; maxBytes: number },
): Promise<LinkFetch> {
  let target = link;
  for (let hop = 0; hop <= LINK_REDIRECTS; hop++) {
    const checked = checkLink(target, options.allow);
    if (!checked.ok)
      return {
        ok: false,
        problem: hop === 0 ? checked.problem : `redirects to a link that ${checked.problem}`,
      };
    let response: Response;
    try {
      response = await options.fetch(checked.url.href, {
        redirect: "manual",
        signal: AbortSignal.timeout(LINK_TIMEOUT_MS),
      });
    } catch (error) {
      return { ok: false, problem: isTimeout(error) ? "took too long to answer" : "could not be reached" };
    }
    const location = response.headers.get("Location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      target = new URL(location, checked.url).href;
      continue;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return { ok: false, problem: `answered HTTP ${response.status}` };
    }
    if (Number(response.headers.get("Content-Length")) > options.maxBytes) {
      await response.body.cancel();
      return { ok: false, problem: "is too large" };
    }
    const bytes = await readAtMost(response.body, options.maxBytes);
    return bytes ? { ok: true, bytes, url: checked.url } : { ok: false, problem: "is too large" };
  }
  return { ok: false, problem: `redirects more than ${LINK_REDIRECTS} times` };
}

/** A name for a linked image: the last part of its path ("lighthouse.png"), or "image". */
export const linkFilename = (url: string): string => {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
    return last.replace(/[^\w.-]/g, "_").slice(0, 100) || "image";
  } catch {
    return "image";
  }
};

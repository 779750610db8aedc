// Text that should be JSON (a request body, an upstream's answer), read without a try/catch at
// every caller: JSON that is not there is an answer (a 400, a raw error text), never a throw.
// Layer 0 (http/): imports nothing of the bot's.

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

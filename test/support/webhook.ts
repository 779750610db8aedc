// Helpers for POST /webhook tests: a channel webhook Discord would accept, and its fake.
import { type FakeNetwork, json } from "./fake-network.ts";

export const WEBHOOK_ID = "1200000000000000001";
export const WEBHOOK_TOKEN = `wh-${"T0kEn_".repeat(12)}`;
export const WEBHOOK_URL = `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`;
/** Where the Worker posts, whatever Discord host the caller's URL named. */
export const EXECUTE_URL = `https://discord.com/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}?wait=true`;

let secrets = 0;
/** A fresh secret per test: rate limits and idempotency keys are per secret. */
export const newSecret = () => `test-webhook-secret-${++secrets}-${crypto.randomUUID()}`;

/** Discord's Execute Webhook with ?wait=true: the message, with a CDN URL per attachment. */
export function acceptWebhookPosts(network: FakeNetwork, url = EXECUTE_URL) {
  network.on("POST", url, async (request) => {
    const type = request.headers.get("Content-Type") ?? "";
    const payload = type.startsWith("multipart/")
      ? JSON.parse(String((await request.formData()).get("payload_json")))
      : await request.json();
    const attachments = ((payload as { attachments?: { filename: string }[] }).attachments ?? []).map(
      (a, i) => ({
        id: String(1500000000000000000n + BigInt(i)),
        filename: a.filename,
        url: `https://cdn.discordapp.com/attachments/1100000000000000002/150000000000000000${i}/${a.filename}`,
      }),
    );
    return json({ id: "1500000000000000099", channel_id: "1100000000000000002", attachments });
  });
}

/** A POST /webhook request. */
export function webhookRequest(
  secret: string | undefined,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(secret === undefined ? {} : { Authorization: `Bearer ${secret}` }),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

// Baseline for `npm run bench`: the bare Worker plus the least durable write a queue needs — one
// row in a SQLite Durable Object before deferring. The floor for "stored before acknowledged".
import { DurableObject } from "cloudflare:workers";
import { InteractionResponseType, InteractionType, verifyKey } from "discord-interactions";

export class Inbox extends DurableObject {
  store(id: string, body: string): void {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS inbox (id TEXT PRIMARY KEY, body TEXT)");
    this.ctx.storage.sql.exec("INSERT INTO inbox VALUES (?, ?) ON CONFLICT DO NOTHING", id, body);
  }
}

interface BenchEnv {
  DISCORD_PUBLIC_KEY: string;
  INBOX: DurableObjectNamespace<Inbox>;
}

export default {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const body = await request.text();
    const signature = request.headers.get("X-Signature-Ed25519") ?? "";
    const timestamp = request.headers.get("X-Signature-Timestamp") ?? "";
    if (!(await verifyKey(body, signature, timestamp, env.DISCORD_PUBLIC_KEY))) {
      return new Response("invalid request signature", { status: 401 });
    }
    const interaction = JSON.parse(body) as { id: string; type: number };
    if (interaction.type === InteractionType.PING)
      return Response.json({ type: InteractionResponseType.PONG });
    await env.INBOX.getByName("inbox").store(interaction.id, body);
    return Response.json({ type: InteractionResponseType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE });
  },
};

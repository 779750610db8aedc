// Baseline for `npm run bench`: the least a Discord endpoint can do — verify, then PONG or defer.
import { InteractionResponseType, InteractionType, verifyKey } from "discord-interactions";

export default {
  async fetch(request: Request, env: { DISCORD_PUBLIC_KEY: string }): Promise<Response> {
    const body = await request.text();
    const signature = request.headers.get("X-Signature-Ed25519") ?? "";
    const timestamp = request.headers.get("X-Signature-Timestamp") ?? "";
    if (!(await verifyKey(body, signature, timestamp, env.DISCORD_PUBLIC_KEY))) {
      return new Response("invalid request signature", { status: 401 });
    }
    const interaction = JSON.parse(body) as { type: number };
    const type =
      interaction.type === InteractionType.PING
        ? InteractionResponseType.PONG
        : InteractionResponseType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE;
    return Response.json({ type });
  },
};

// The fake Ideogram and Discord servers for `npm run bench`, in their own process (forked with IPC),
// so their work never runs on the event loop that times the Worker.
import { startFakeDiscord, startFakeIdeogram } from "../test/e2e/fake-servers.ts";

export type FakesRequest =
  | { type: "latency"; ms: number }
  | { type: "stats" }
  | { type: "finals"; tokens: string[] }
  | { type: "reset" };

let latencyMs = 0;
const ideogram = await startFakeIdeogram("bench-key", { maxInflight: 10, latencyMs: () => latencyMs });
const bigIdeogram = await startFakeIdeogram("bench-key", { imageBytes: 1024 * 1024 });
const discord = await startFakeDiscord();

process.on("message", (message: FakesRequest & { id: number }) => {
  const reply = (body: unknown) => process.send?.({ id: message.id, body });
  switch (message.type) {
    case "latency":
      latencyMs = message.ms;
      return reply(null);
    case "stats":
      return reply({ ...ideogram.stats });
    case "finals":
      return reply(
        message.tokens.filter((token) => discord.edits.some((e) => e.token === token && e.final)).length,
      );
    case "reset":
      // Keep memory flat: nothing is read back from earlier rounds.
      discord.edits.length = 0;
      ideogram.images.clear();
      bigIdeogram.images.clear();
      return reply(null);
  }
});
process.send?.({ ready: { ideogram: ideogram.url, bigIdeogram: bigIdeogram.url, discord: discord.url } });

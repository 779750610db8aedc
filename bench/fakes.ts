// The fake Ideogram and Discord servers for `npm run bench`, in their own process (forked with IPC),
// so their work never runs on the event loop that times the Worker.
import { startDiscordServer, startIdeogramServer } from "../playground/emulator-servers.ts";

export type FakesRequest =
  | { type: "latency"; ms: number }
  /** Ideogram answers nothing until "open" (a queue builds up behind it). */
  | { type: "hold" }
  | { type: "open" }
  | { type: "stats" }
  | { type: "finals"; tokens: string[] }
  /** Images attached to the final messages for these tokens. */
  | { type: "images"; tokens: string[] }
  /** Discord calls for these tokens (edits and reads), and when each progress edit arrived. */
  | { type: "calls"; tokens?: string[]; since: number }
  | { type: "reset" }
  /** Every read of a generation since `since` (the async run's paced reader). */
  | { type: "generationReads"; since: number };

export interface CallsReport {
  edits: number;
  reads: number;
  finals: number;
  /** Arrival times of progress (non-final) edits. */
  progressAt: number[];
}

export interface ImageSizes {
  /** Bytes per image of the "big" Ideogram. */
  big: number;
}

let latencyMs = 0;
let opened: Promise<void> | undefined;
let open = () => {};
const gate = () => opened ?? Promise.resolve();
const sizes: ImageSizes = JSON.parse(process.env.BENCH_FAKES ?? '{"big":1048576}');
const ideogram = await startIdeogramServer("bench-key", {
  maxInflight: 10,
  latencyMs: () => latencyMs,
  gate,
});
const bigIdeogram = await startIdeogramServer("bench-key", {
  imageBytes: sizes.big,
  latencyMs: () => latencyMs,
});
const discord = await startDiscordServer();

process.on("message", (message: FakesRequest & { id: number }) => {
  const reply = (body: unknown) => process.send?.({ id: message.id, body });
  switch (message.type) {
    case "latency":
      latencyMs = message.ms;
      return reply(null);
    case "hold":
      opened = new Promise((resolve) => {
        open = resolve;
      });
      return reply(null);
    case "open":
      open();
      opened = undefined;
      return reply(null);
    case "stats":
      return reply({ ...ideogram.stats });
    case "finals":
      return reply(
        message.tokens.filter((token) => discord.edits.some((e) => e.token === token && e.final)).length,
      );
    case "images": {
      const wanted = new Set(message.tokens);
      const files = discord.edits
        .filter((e) => e.final && wanted.has(e.token))
        .map((e) => [...e.form.keys()].filter((key) => key.startsWith("files[")).length);
      return reply(files.reduce((n, f) => n + f, 0));
    }
    case "calls": {
      const wanted = message.tokens && new Set(message.tokens);
      const mine = (e: { token: string; at: number }) =>
        e.at >= message.since && (!wanted || wanted.has(e.token));
      const edits = discord.edits.filter(mine);
      return reply({
        edits: edits.length,
        reads: discord.reads.filter(mine).length,
        finals: edits.filter((e) => e.final).length,
        progressAt: edits.filter((e) => !e.final).map((e) => e.at),
      } satisfies CallsReport);
    }
    case "generationReads":
      return reply(ideogram.readLog.filter((r) => r.at >= message.since));
    case "reset":
      // Keep memory flat: nothing is read back from earlier rounds.
      discord.edits.length = 0;
      discord.reads.length = 0;
      ideogram.images.clear();
      bigIdeogram.images.clear();
      return reply(null);
  }
});
process.send?.({ ready: { ideogram: ideogram.url, bigIdeogram: bigIdeogram.url, discord: discord.url } });

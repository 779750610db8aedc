// The bench's timed phases, each against a fresh in-process runtime (wrangler's test harness): the
// acknowledgement beside its floors, a delivery beside the same steps done plainly, a long queue,
// and a large burst.
import { readFileSync } from "node:fs";
import { createTestHarness } from "wrangler";
import { isolatedConfig } from "../playground/wrangler-dev.ts";
import { descendants, imagineFrom, postInteraction, waitFor } from "../test/e2e/helpers.ts";
import { ping } from "../test/support/interactions.ts";
import { signedHeaders, type TestSigner } from "../test/support/signing.ts";
import type { CallsReport } from "./fakes.ts";
import { type Fakes, fmt, interleaved, median, perSecond, quantile, workerdRss } from "./measure.ts";

export const COMPATIBILITY_DATE = "2026-10-23";

export interface Row {
  measure: string;
  bot: string;
  baseline: string;
  ratio: number;
  budget: number;
  /** What the ratio compares: "p50" unless said. */
  note?: string;
}

type IdeogramStats = { imageMs: number; rejected: number };

/** The bot's configuration in the bench: the fakes, the bench's key pair, limits no burst reaches. */
export const benchVars = (signer: TestSigner, fakes: Fakes): Record<string, string> => ({
  IDEOGRAM_API_BASE: fakes.urls.ideogram,
  DISCORD_API_BASE: `${fakes.urls.discord}/api/v10`,
  DISCORD_PUBLIC_KEY: signer.publicKeyHex,
  DISCORD_APPLICATION_ID: "1234567890123456789",
  IDEOGRAM_API_KEY: "bench-key",
  USER_DAILY_IMAGES: "1000000",
  GUILD_DAILY_IMAGES: "10000000",
});

/** The bot (every variable set: nothing from the developer's files), the floors, the plain delivery. */
export function startRuntime(signer: TestSigner, fakes: Fakes, vars: Record<string, string> = {}) {
  const config = isolatedConfig({ ...benchVars(signer, fakes), ...vars });
  const secret = ["DISCORD_PUBLIC_KEY", "DISCORD_APPLICATION_ID", "IDEOGRAM_API_KEY"];
  const pick = (secrets: boolean) =>
    Object.fromEntries(Object.entries(config).filter(([k]) => secret.includes(k) === secrets));
  return createTestHarness({
    workers: [
      { configPath: "./wrangler.toml", vars: pick(false), secrets: pick(true) },
      {
        config: {
          name: "bare",
          main: "bench/bare-worker.ts",
          compatibility_date: COMPATIBILITY_DATE,
          vars: { DISCORD_PUBLIC_KEY: signer.publicKeyHex },
        },
      },
      {
        config: {
          name: "durable-bare",
          main: "bench/durable-bare-worker.ts",
          compatibility_date: COMPATIBILITY_DATE,
          vars: { DISCORD_PUBLIC_KEY: signer.publicKeyHex },
          durable_objects: { bindings: [{ name: "INBOX", class_name: "Inbox" }] },
          migrations: [{ tag: "v1", new_sqlite_classes: ["Inbox"] }],
        },
      },
      {
        config: {
          name: "delivery",
          main: "bench/delivery-worker.ts",
          compatibility_date: COMPATIBILITY_DATE,
          vars: {
            IDEOGRAM_API_BASE: fakes.urls.bigIdeogram,
            SMALL_IDEOGRAM_API_BASE: fakes.urls.ideogram,
            DISCORD_API_BASE: `${fakes.urls.discord}/api/v10`,
          },
          r2_buckets: [{ binding: "IMAGES", bucket_name: "bench-images" }],
        },
      },
    ],
  });
}
export type Runtime = ReturnType<typeof startRuntime>;

let users = 0;
/** A fresh /imagine from a user never seen before (the per-user cap never answers instead). */
export const freshImagine = (prompt: string, count = 1) => imagineFrom(100_000 + ++users, prompt, count);

/** Sends a signed interaction to `worker` and checks the answer's type. */
function sender(signer: TestSigner, worker: ReturnType<Runtime["getWorker"]>) {
  return (payload: () => object, expected: number) => async () => {
    const body = JSON.stringify(payload());
    const headers = await signedHeaders(signer, body);
    const response = await worker.fetch("http://bot.local/interactions", { method: "POST", headers, body });
    const answer = (await response.json()) as { type: number };
    if (answer.type !== expected) throw new Error(`expected type ${expected}, got ${JSON.stringify(answer)}`);
  };
}

/**
 * PING beside the bare Worker; /imagine beside the durable floor (and the bare Worker, for scale).
 * The budgeted /imagine row is taken with Ideogram holding its answers, so no run shares the two
 * cores with the acknowledgement (in production runs execute elsewhere); the steady-state row, with
 * every acknowledged job running in the same process, is shown beside it.
 */
export async function ackPhase(
  signer: TestSigner,
  runtime: Runtime,
  fakes: Fakes,
  rounds: number,
): Promise<Row[]> {
  const bot = sender(signer, runtime.getWorker());
  const bare = sender(signer, runtime.getWorker("bare"));
  const durable = sender(signer, runtime.getWorker("durable-bare"));
  const [pingBot = [], pingBare = []] = await interleaved(rounds, bot(ping, 1), bare(ping, 1));
  const command = () => freshImagine("a lighthouse in a storm");
  const sides = [bot(command, 5), durable(command, 5), bare(command, 5)] as const;
  const [busyBot = [], busyFloor = []] = await interleaved(rounds, ...sides);
  await fakes.ask({ type: "hold" });
  const [ackBot = [], ackFloor = [], ackBare = []] = await interleaved(rounds, ...sides);
  await fakes.ask({ type: "open" });
  return [
    row("ack PING (bare verify-and-PONG Worker)", pingBot, pingBare, 1.2),
    row("ack /imagine (floor: verify + one Durable Object insert + type 5)", ackBot, ackFloor, 1.25),
    row("ack /imagine (bare verify-and-defer Worker, for scale)", ackBot, ackBare, Number.NaN),
    row(
      "ack /imagine while every acknowledged job runs on the same two cores (floor as above)",
      busyBot,
      busyFloor,
      1.5,
    ),
  ];
}

/** Delivering 4 × 1 MiB, streamed through R2, beside the same steps done plainly (all in memory). */
export async function deliveryPhase(runtime: Runtime, fakes: Fakes, rounds: number): Promise<Row> {
  const delivery = runtime.getWorker("delivery");
  const deliver = (path: string) => async () => {
    const response = await delivery.fetch(`http://bench.local${path}`, { method: "POST" });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    await fakes.ask({ type: "reset" });
  };
  const [ours = [], plain = []] = await interleaved(rounds, deliver("/ours"), deliver("/plain-kept"));
  return row("deliver 4 × 1 MiB, kept in R2 (plain fetch + R2 writes)", ours, plain, 1.5);
}

/** With `waiting` jobs in line: progress edits a second, and the acknowledgement beside its floor. */
export async function queuePhase(
  signer: TestSigner,
  runtime: Runtime,
  fakes: Fakes,
  waiting: number,
): Promise<{ rows: Row[]; summary: string }> {
  await fakes.ask({ type: "hold" });
  const base = (await runtime.listen()).url;
  const rssBefore = workerdRss(process.pid);
  const fill = Array.from({ length: waiting + 10 }, (_, i) => freshImagine(`queued ${i}`));
  for (let i = 0; i < fill.length; i += 25) {
    await Promise.all(fill.slice(i, i + 25).map((job) => postInteraction(new URL(base), signer, job)));
  }
  const status = async () =>
    (await (await fetch(new URL("/status", base))).json()) as { jobs_waiting: number };
  await waitFor(async () => (await status()).jobs_waiting >= waiting, 120_000);
  const rssFilled = workerdRss(process.pid);
  const since = Date.now();
  const bot = sender(signer, runtime.getWorker());
  const durable = sender(signer, runtime.getWorker("durable-bare"));
  const command = () => freshImagine("while the line is long");
  const [ack = [], floor = []] = await interleaved(150, bot(command, 5), durable(command, 5));
  const elapsed = Math.max(15_000, Date.now() - since);
  await new Promise((resolve) => setTimeout(resolve, elapsed - (Date.now() - since)));
  const calls = await fakes.ask<CallsReport>({ type: "calls", since });
  const edits = perSecond(calls.progressAt, elapsed / 1000);
  await fakes.ask({ type: "open" });
  const p99 = (xs: number[]) => quantile(xs, 0.99);
  return {
    rows: [
      {
        measure: `ack /imagine with ${waiting} waiting (floor: one Durable Object insert)`,
        bot: fmt(ack),
        baseline: fmt(floor),
        ratio: p99(ack) / p99(floor),
        budget: 2,
        note: "p99",
      },
    ],
    summary: `${waiting} waiting: progress edits ${edits.mean.toFixed(1)}/s on average, ${edits.peak} in the busiest second (budget ≤ 10) over ${(elapsed / 1000).toFixed(0)} s; ack p50 ${median(ack).toFixed(2)} ms vs floor ${median(floor).toFixed(2)} ms; workerd's memory ${rssBefore.toFixed(0)} MiB before the line, ${rssFilled.toFixed(0)} MiB with it (+${(rssFilled - rssBefore).toFixed(0)} MiB, ${(((rssFilled - rssBefore) * 1024) / waiting).toFixed(1)} KiB a waiting job)`,
  };
}

/** Posts `burst` 50 at a time and waits until every one of its jobs has its final message. */
export async function deliverAll(
  base: URL,
  signer: TestSigner,
  fakes: Fakes,
  burst: readonly ReturnType<typeof freshImagine>[],
  timeoutMs: number,
): Promise<void> {
  const tokens = burst.map((job) => job.token);
  for (let i = 0; i < burst.length; i += 50) {
    await Promise.all(burst.slice(i, i + 50).map((job) => postInteraction(base, signer, job)));
  }
  await waitFor(
    async () => (await fakes.ask<number>({ type: "finals", tokens })) === burst.length,
    timeoutMs,
  );
}

/**
 * `jobs` jobs at once, 0.5 s each at a fake Ideogram allowing 10 in flight: of one image each, or of
 * `images(i)` (a mixed burst, where the head of the line often waits for enough places and smaller
 * jobs backfill the gap).
 */
export async function burstPhase(
  signer: TestSigner,
  runtime: Runtime,
  fakes: Fakes,
  jobs: number,
  images: (i: number) => number = () => 1,
) {
  await fakes.ask({ type: "latency", ms: 500 });
  await fakes.ask({ type: "reset" });
  const base = new URL((await runtime.listen()).url);
  const burst = Array.from({ length: jobs }, (_, i) => freshImagine(`burst ${i}`, images(i)));
  const tokens = burst.map((job) => job.token);
  const before = await fakes.ask<IdeogramStats>({ type: "stats" });
  const since = Date.now();
  const started = performance.now();
  const cpuBefore = workerdCpuMs();
  await deliverAll(base, signer, fakes, burst, 600_000);
  const seconds = (performance.now() - started) / 1000;
  const after = await fakes.ask<IdeogramStats>({ type: "stats" });
  const calls = await fakes.ask<CallsReport>({ type: "calls", tokens, since });
  const botCpuMs = workerdCpuMs() - cpuBefore;
  await fakes.ask({ type: "latency", ms: 0 });
  const floorCpuMs = await floorCompute(signer, runtime, fakes, jobs, images);
  return {
    jobs,
    seconds,
    /** workerd's CPU (user + system) per job, the bot's and the floors' doing the same work. */
    cpuPerJobMs: botCpuMs / jobs,
    floorCpuPerJobMs: floorCpuMs / jobs,
    floor: (Array.from({ length: jobs }, (_, i) => images(i)).reduce((a, b) => a + b, 0) * 0.5) / 10,
    utilisation: (after.imageMs - before.imageMs) / 1000 / (10 * seconds),
    rejected: after.rejected - before.rejected,
    callsPerJob: (calls.edits + calls.reads) / jobs,
  };
}

/**
 * 4.0 jobs run asynchronously with no webhook (the bench's Worker has no public https origin: every
 * generation is read): how often Ideogram is read, per generation and in all.
 */
export async function readsPhase(signer: TestSigner, runtime: Runtime, fakes: Fakes, jobs: number) {
  await fakes.ask({ type: "latency", ms: 7_000 });
  const base = new URL((await runtime.listen()).url);
  const since = Date.now();
  const burst = Array.from({ length: jobs }, (_, i) => freshImagine(`read ${i}`));
  await deliverAll(base, signer, fakes, burst, 900_000);
  const reads = await fakes.ask<{ generationId: string; at: number }[]>({ type: "generationReads", since });
  await fakes.ask({ type: "latency", ms: 0 });
  const byGeneration = new Map<string, number[]>();
  for (const r of reads)
    byGeneration.set(r.generationId, [...(byGeneration.get(r.generationId) ?? []), r.at]);
  const gaps = [...byGeneration.values()].flatMap((ats) => ats.slice(1).map((at, i) => at - (ats[i] ?? at)));
  const perSecond = new Map<number, number>();
  for (const r of reads)
    perSecond.set(Math.floor(r.at / 1000), (perSecond.get(Math.floor(r.at / 1000)) ?? 0) + 1);
  return {
    jobs,
    reads: reads.length,
    generations: byGeneration.size,
    minGapMs: gaps.length > 0 ? Math.min(...gaps) : Number.POSITIVE_INFINITY,
    peakPerSecond: Math.max(0, ...perSecond.values()),
  };
}

/** Clock ticks a second in /proc/<pid>/stat (Linux's USER_HZ, 100 on every common build). */
const USER_HZ = 100;

/** CPU (user + system, ms) of every workerd process this bench started, from /proc. */
export function workerdCpuMs(): number {
  let ticks = 0;
  for (const pid of descendants(process.pid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("workerd")) continue;
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    } catch {
      // Gone meanwhile.
    }
  }
  return (ticks * 1000) / USER_HZ;
}

/**
 * The floors doing a burst's work in the same runtime, `jobs` times each: verify + one Durable Object
 * insert + type 5 (the acknowledgement), then generate + download + R2 + one PATCH (the run) of the
 * same number of images: their workerd CPU in all.
 */
async function floorCompute(
  signer: TestSigner,
  runtime: Runtime,
  fakes: Fakes,
  jobs: number,
  images: (i: number) => number,
) {
  const durable = sender(signer, runtime.getWorker("durable-bare"));
  const delivery = runtime.getWorker("delivery");
  const before = workerdCpuMs();
  for (let i = 0; i < jobs; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, jobs - i) }, () => durable(() => freshImagine("floor"), 5)()),
    );
  }
  for (let i = 0; i < jobs; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, jobs - i) }, async (_, j) => {
        const url = `http://bench.local/plain-small?images=${images(i + j)}`;
        const response = await delivery.fetch(url, { method: "POST" });
        if (!response.ok) throw new Error(`plain-small: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }),
    );
  }
  const used = workerdCpuMs() - before;
  await fakes.ask({ type: "reset" });
  return used;
}

function row(measure: string, bot: number[], baseline: number[], budget: number): Row {
  return { measure, bot: fmt(bot), baseline: fmt(baseline), ratio: median(bot) / median(baseline), budget };
}

// `npm run bench`: the bot beside a bare verify-and-defer Worker and plain fetch, same runtime, same machine.
// Budgets (issue 2): bundle ≤ 48 KiB gzip; PING ack ≤ 1.2×, /imagine ack ≤ 1.5× the bare Worker;
// delivering 4 × 1 MiB images ≤ 1.5× plain fetch.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestHarness } from "wrangler";
import { startFakeDiscord, startFakeIdeogram } from "../test/e2e/fake-servers.ts";
import { imagine, ping } from "../test/support/interactions.ts";
import { createSigner, signedHeaders } from "../test/support/signing.ts";

const ACK_ROUNDS = Number(process.env.BENCH_ACK_ROUNDS ?? 400);
const DELIVERY_ROUNDS = Number(process.env.BENCH_DELIVERY_ROUNDS ?? 30);
const WARMUP = 20;
const COMPATIBILITY_DATE = "2026-10-23";

const rows: { measure: string; bot: string; baseline: string; ratio: number; budget: number }[] = [];

function bundleGzipKiB(): number {
  const outdir = mkdtempSync(join(tmpdir(), "bench-bundle-"));
  const output = execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir], {
    encoding: "utf8",
  });
  const match = output.match(/gzip: ([\d.]+) KiB/);
  if (!match?.[1]) throw new Error(`no size in wrangler output:\n${output}`);
  return Number(match[1]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? Number.NaN;
const fmt = (xs: number[]) => `${median(xs).toFixed(2)} ms (p95 ${p95(xs).toFixed(2)})`;

/** Runs `a` and `b` alternately, `rounds` times each after a warm-up, and returns their latencies. */
async function sideBySide(rounds: number, a: () => Promise<void>, b: () => Promise<void>) {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < rounds + WARMUP; i++) {
    const order = i % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (const which of order) {
      const started = performance.now();
      await (which === 0 ? a() : b());
      if (i >= WARMUP) times[which].push(performance.now() - started);
    }
  }
  return times;
}

function record(measure: string, [bot, baseline]: [number[], number[]], budget: number) {
  rows.push({
    measure,
    bot: fmt(bot),
    baseline: fmt(baseline),
    ratio: median(bot) / median(baseline),
    budget,
  });
}

const bundle = bundleGzipKiB();
const signer = await createSigner();
// Small images behind the acknowledgement benchmark; 1 MiB ones for delivery.
const ideogram = await startFakeIdeogram("bench-key");
const bigIdeogram = await startFakeIdeogram("bench-key", { imageBytes: 1024 * 1024 });
const discord = await startFakeDiscord();
const server = createTestHarness({
  workers: [
    {
      configPath: "./wrangler.toml",
      vars: {
        IDEOGRAM_API_BASE: ideogram.url,
        DISCORD_API_BASE: `${discord.url}/api/v10`,
        IDEOGRAM_TIMEOUT_MS: "120000",
      },
      secrets: {
        DISCORD_PUBLIC_KEY: signer.publicKeyHex,
        DISCORD_APPLICATION_ID: "1234567890123456789",
        IDEOGRAM_API_KEY: "bench-key",
      },
    },
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
        name: "delivery",
        main: "bench/delivery-worker.ts",
        compatibility_date: COMPATIBILITY_DATE,
        vars: { IDEOGRAM_API_BASE: bigIdeogram.url, DISCORD_API_BASE: `${discord.url}/api/v10` },
      },
    },
  ],
});

try {
  await server.listen();
  const bot = server.getWorker();
  const bare = server.getWorker("bare");
  const delivery = server.getWorker("delivery");

  const send = (worker: typeof bot, payload: () => object, expected: number) => async () => {
    const body = JSON.stringify(payload());
    const headers = await signedHeaders(signer, body);
    const response = await worker.fetch("http://bot.local/interactions", { method: "POST", headers, body });
    const answer = (await response.json()) as { type: number };
    if (answer.type !== expected) throw new Error(`expected type ${expected}, got ${JSON.stringify(answer)}`);
  };
  record("ack PING", await sideBySide(ACK_ROUNDS, send(bot, ping, 1), send(bare, ping, 1)), 1.2);
  const command = () => imagine({ prompt: "a lighthouse in a storm", aspect_ratio: "ASPECT_16_9", count: 1 });
  record("ack /imagine", await sideBySide(ACK_ROUNDS, send(bot, command, 5), send(bare, command, 5)), 1.5);

  // Let the background /imagine jobs drain before timing deliveries.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const deliver = (path: string) => async () => {
    const response = await delivery.fetch(`http://bench.local${path}`, { method: "POST" });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    // Keep the fakes' memory flat: nothing is read back from them here.
    bigIdeogram.images.clear();
    discord.edits.length = 0;
  };
  record("deliver 4 × 1 MiB", await sideBySide(DELIVERY_ROUNDS, deliver("/ours"), deliver("/plain")), 1.5);
} finally {
  await server.close();
  await ideogram.close();
  await bigIdeogram.close();
  await discord.close();
}

console.log(`\nBundle: ${bundle} KiB gzip (budget 48 KiB) ${bundle <= 48 ? "✅" : "❌"}\n`);
console.log("| measure | bot (median, p95) | baseline (median, p95) | ratio | budget |");
console.log("|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.measure} | ${r.bot} | ${r.baseline} | ${r.ratio.toFixed(2)}× | ≤ ${r.budget}× ${r.ratio <= r.budget ? "✅" : "❌"} |`,
  );
}
const failed = bundle > 48 || rows.some((r) => r.ratio > r.budget);
process.exitCode = failed ? 1 : 0;

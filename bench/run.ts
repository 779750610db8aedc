// `npm run bench`: the bot beside floors in the same runtime on the same machine, as ratios measured
// side by side in one run (the machine is shared: absolute numbers mean little). Budgets: the bundle's
// guard (package.json config.bundleBudgetKiB, shared with CI); startup ≤ 2× the bare floor; PING ack ≤ 1.2× a bare Worker; /imagine ack ≤ 1.25× a Worker that verifies and does
// one Durable Object insert (p50), ≤ 1.5× it while every job runs on the same cores, and ≤ 2× its p99
// with 500, 2,000 and 10,000 jobs waiting; ≤ 10 progress edits a
// second at any queue length; ≤ 3 Discord calls per job and ≥ 90% of Ideogram's places in use in a
// 1,000-job burst, of one image a job and of 1–4; ≤ 256 MiB workerd memory growth for 40 jobs of 4 × 2 MiB delivering at once, every
// image of them delivered, in every round.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSigner } from "../test/support/signing.ts";
import { maskPhase } from "./mask.ts";
import { median, startFakes } from "./measure.ts";
import { MEMORY_IMAGES_PER_JOB, type MemoryFigure, memoryPhase } from "./memory.ts";
import {
  ackPhase,
  burstPhase,
  COMPATIBILITY_DATE,
  deliveryPhase,
  queuePhase,
  type Row,
  readsPhase,
  startRuntime,
} from "./phases.ts";
import { type StartupFigure, startupPhase } from "./startup.ts";

const ACK_ROUNDS = Number(process.env.BENCH_ACK_ROUNDS ?? 300);
const DELIVERY_ROUNDS = Number(process.env.BENCH_DELIVERY_ROUNDS ?? 20);
const BURST_JOBS = Number(process.env.BENCH_BURST_JOBS ?? 1000);
// Each read job takes 7 s at Ideogram, 10 at a time: 100 jobs are about 70 s.
const READS_JOBS = Number(process.env.BENCH_READS_JOBS ?? 100);
/** workerd CPU per job in a burst, against the floors doing the same work in the same runtime. */
const COMPUTE_BUDGET = 1.5;
const MEMORY_BUDGET_MIB = 256;
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const STARTUP_BUDGET = 2;
const BUNDLE_BUDGET_KIB: number = JSON.parse(readFileSync("package.json", "utf8")).config.bundleBudgetKiB;
/** The memory phase's image size (the budget is for 2 MiB; larger shows growth does not follow size). */
const IMAGE_MIB = Number(process.env.BENCH_IMAGE_MIB ?? 2);
/** How many rounds of 40 jobs the memory phase runs (each must deliver every image within budget). */
const MEMORY_ROUNDS = Number(process.env.BENCH_MEMORY_ROUNDS ?? 3);
// BENCH_WORKER_DIR=<another checkout> measures that checkout's memory instead (a "before" figure).

function bundleGzipKiB(): number {
  const outdir = mkdtempSync(join(tmpdir(), "bench-bundle-"));
  try {
    const output = execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir], {
      encoding: "utf8",
    });
    const match = output.match(/gzip: ([\d.]+) KiB/);
    if (!match?.[1]) throw new Error(`no size in wrangler output:\n${output}`);
    return Number(match[1]);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const only = process.env.BENCH_ONLY?.split(",");
const wanted = (phase: string) => !only || only.includes(phase);

const bundle = wanted("bundle") ? bundleGzipKiB() : undefined;
const startup: StartupFigure | undefined = wanted("startup")
  ? startupPhase(STARTUP_RUNS, COMPATIBILITY_DATE)
  : undefined;
const signer = await createSigner();
const rows: Row[] = [];
const summaries: string[] = [];
let burst: Awaited<ReturnType<typeof burstPhase>> | undefined;
let memory: MemoryFigure[] = [];

/** Each phase on a fresh runtime, so none inherits another's queue. */
async function withRuntime<T>(
  phase: string,
  vars: Record<string, string>,
  run: (r: ReturnType<typeof startRuntime>, f: Awaited<ReturnType<typeof startFakes>>) => Promise<T>,
) {
  if (!wanted(phase)) return undefined;
  const fakes = await startFakes();
  const runtime = startRuntime(signer, fakes, vars);
  try {
    await runtime.listen();
    return await run(runtime, fakes);
  } finally {
    await runtime.close();
    fakes.stop();
  }
}

await withRuntime("ack", {}, async (runtime, fakes) => {
  const delivery = await deliveryPhase(runtime, fakes, DELIVERY_ROUNDS);
  rows.push(...(await ackPhase(signer, runtime, fakes, ACK_ROUNDS)), delivery);
});
for (const waiting of [500, 2000, 10_000]) {
  await withRuntime(`queue`, { MAX_JOBS_PER_USER: "3" }, async (runtime, fakes) => {
    const result = await queuePhase(signer, runtime, fakes, waiting);
    rows.push(...result.rows);
    summaries.push(result.summary);
  });
}
burst = await withRuntime("burst", {}, (runtime, fakes) => burstPhase(signer, runtime, fakes, BURST_JOBS));
// 1–4 images a job, in a fixed mix: smaller jobs backfill the gap while the head waits for its places.
const mixed = await withRuntime("burst", {}, (runtime, fakes) =>
  burstPhase(signer, runtime, fakes, BURST_JOBS, (i) => 1 + ((i * 7) % 4)),
);
// 4.0 jobs, every generation read (no webhook reaches the bench's Worker): at most one read per
// generation in 5 s, and ≤ 50 a second in all.
const reads = await withRuntime("reads", { DEFAULT_MODEL: "V_4" }, (runtime, fakes) =>
  readsPhase(signer, runtime, fakes, READS_JOBS),
);
if (wanted("mask")) rows.push(...(await maskPhase()));
if (wanted("memory") && process.platform === "linux") {
  const fakes = await startFakes(IMAGE_MIB * 1024 * 1024);
  try {
    const rounds = [10, ...Array.from({ length: MEMORY_ROUNDS }, () => 40)];
    memory = await memoryPhase(signer, fakes, rounds, process.env.BENCH_WORKER_DIR);
  } finally {
    fakes.stop();
  }
}

const ok = (pass: boolean) => (pass ? "✅" : "❌");
const allDelivered = (m: MemoryFigure) => m.images === m.jobs * MEMORY_IMAGES_PER_JOB;
if (bundle !== undefined) {
  console.log(
    `\nBundle: ${bundle} KiB gzip (guard ${BUNDLE_BUDGET_KIB} KiB) ${ok(bundle <= BUNDLE_BUDGET_KIB)}`,
  );
}
if (startup) {
  const ms = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(", ");
  console.log(
    `Startup (active CPU, median of ${startup.botMs.length}): bot ${median(startup.botMs).toFixed(1)} ms [${ms(startup.botMs)}], ` +
      `bare floor ${median(startup.floorMs).toFixed(1)} ms [${ms(startup.floorMs)}]: ${startup.ratio.toFixed(2)}× ` +
      `(budget ≤ ${STARTUP_BUDGET}×) ${ok(startup.ratio <= STARTUP_BUDGET)}`,
  );
}
console.log("");
console.log("| measure | bot | floor | ratio | budget |");
console.log("|---|---|---|---|---|");
for (const r of rows) {
  const budget = Number.isNaN(r.budget) ? "—" : `≤ ${r.budget}× ${ok(r.ratio <= r.budget)}`;
  console.log(
    `| ${r.measure} | ${r.bot} | ${r.baseline} | ${r.ratio.toFixed(2)}× ${r.note ?? "p50"} | ${budget} |`,
  );
}
for (const s of summaries) console.log(`\nLong queue, ${s}`);
type Burst = NonNullable<typeof burst>;
type Reads = NonNullable<typeof reads>;
/** Each budget once, for the line that shows it and for the exit code. */
const placesHold = (b: Burst) => b.utilisation >= 0.9;
const callsHold = (b: Burst) => b.callsPerJob <= 3;
const computeHolds = (b: Burst) => b.cpuPerJobMs <= COMPUTE_BUDGET * b.floorCpuPerJobMs;
/** ≤ 1 read per generation in 5 s (the heartbeat's clock allows 100 ms of slack), ≤ 50 a second. */
const spacingHolds = (r: Reads) => r.minGapMs >= 4_900;
const rateHolds = (r: Reads) => r.peakPerSecond <= 50;
for (const [name, b] of [
  ["one image each", burst],
  ["1–4 images each", mixed],
] as const) {
  if (!b) continue;
  console.log(
    `\nBurst (${name}): ${b.jobs} jobs delivered in ${b.seconds.toFixed(1)} s (floor at 10 images in flight × 0.5 s: ${b.floor.toFixed(1)} s); ` +
      `Ideogram places in use ${(b.utilisation * 100).toFixed(0)}% of the time ${ok(placesHold(b))}; ` +
      `${b.callsPerJob.toFixed(2)} Discord calls per job ${ok(callsHold(b))}; ${b.rejected} × 429; ` +
      `workerd CPU ${b.cpuPerJobMs.toFixed(1)} ms a job vs the floors' ${b.floorCpuPerJobMs.toFixed(1)} ms doing the same work ` +
      `(verify + insert + type 5, then generate + download + R2 + PATCH): ${(b.cpuPerJobMs / b.floorCpuPerJobMs).toFixed(2)}× ` +
      `${ok(computeHolds(b))} (budget ≤ ${COMPUTE_BUDGET}×).`,
  );
}
if (reads) {
  console.log(
    `\nReads, ${reads.jobs} 4.0 jobs with no webhook: ${reads.reads} reads of ${reads.generations} generations; ` +
      `the closest two of one generation ${(reads.minGapMs / 1000).toFixed(1)} s apart ${ok(spacingHolds(reads))} (budget ≥ 5 s); ` +
      `${reads.peakPerSecond} in the busiest second ${ok(rateHolds(reads))} (budget ≤ 50)`,
  );
}
for (const m of memory) {
  console.log(
    `\nMemory, ${m.jobs} jobs × 4 × ${IMAGE_MIB} MiB at once: workerd ${m.baselineMiB.toFixed(0)} → ${m.peakMiB.toFixed(0)} MiB, ` +
      `+${m.growthMiB.toFixed(0)} MiB (${(m.growthMiB / m.jobs).toFixed(1)} MiB per job)` +
      (m.jobs === 40 && IMAGE_MIB === 2
        ? ` ${ok(m.growthMiB <= MEMORY_BUDGET_MIB)} (budget ≤ ${MEMORY_BUDGET_MIB} MiB)`
        : "") +
      `; ${m.images} of ${m.jobs * MEMORY_IMAGES_PER_JOB} images delivered ${ok(allDelivered(m))}`,
  );
}
const failed =
  (bundle ?? 0) > BUNDLE_BUDGET_KIB ||
  (startup !== undefined && startup.ratio > STARTUP_BUDGET) ||
  rows.some((r) => r.ratio > r.budget) ||
  (reads !== undefined && !(spacingHolds(reads) && rateHolds(reads))) ||
  [burst, mixed].some(
    (b) => b !== undefined && !(placesHold(b) && callsHold(b) && computeHolds(b) && b.rejected === 0),
  ) ||
  memory.some(
    (m) => (m.jobs === 40 && IMAGE_MIB === 2 && m.growthMiB > MEMORY_BUDGET_MIB) || !allDelivered(m),
  );
process.exitCode = failed ? 1 : 0;

// `npm run bench:profile`: a V8 CPU profile of the bot's isolate (the Worker, the scheduler object and
// the runs: one script, one isolate under `wrangler dev`) over a burst of one-image jobs, taken through
// wrangler's DevTools inspector, summed by what each sample was doing. The finest CPU figure local runs
// offer; workerd's own work (the runtime, local Workflows and R2) is outside it.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWranglerDev } from "../playground/wrangler-dev.ts";
import { postInteraction } from "../test/e2e/helpers.ts";
import { createSigner } from "../test/support/signing.ts";
import { startFakes } from "./measure.ts";
import { benchVars, deliverAll, freshImagine } from "./phases.ts";

const JOBS = Number(process.env.BENCH_BURST_JOBS ?? 300);
/** How long a line the heap is measured with. */
const WAITING = Number(process.env.BENCH_WAITING ?? 10_000);
const PORT = 8790;
const INSPECTOR = 9240;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * What kind of invocation a sample belongs to, from the module of the outermost frame of the bot's
 * own code in its stack (esbuild marks each module in the unminified bundle with a `// src/…`
 * comment). A continuation after an `await` starts at the function it resumes, which is in the
 * same module as its invocation's code.
 */
const KINDS: readonly [RegExp, string][] = [
  [/^src\/(scheduler|queue|limits)\//, "scheduler object (RPCs, its timers)"],
  [/^src\/pipeline\//, "runs (Workflow instances)"],
  [
    /^src\/(app|index|routes|interactions|commands|actions|webhook|region)\b/,
    "Worker fetch (acknowledgements)",
  ],
  [/^src\//, "the lower layers resumed on their own (a stream's or a timer's callback)"],
];

/** The bundle `wrangler dev` runs (the profile names it only "index.js"): its newest build. */
function newestBundle(): string | undefined {
  const root = ".wrangler/tmp";
  const builds = readdirSync(root)
    .filter((dir) => dir.startsWith("dev-") && existsSync(join(root, dir, "index.js")))
    .map((dir) => join(root, dir, "index.js"));
  return builds.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

const ALARM = "scheduler alarm (the heartbeat)";

function modulesOf(bundle: string): (line: number) => string {
  const starts: [number, string][] = [];
  bundle.split("\n").forEach((text, line) => {
    const marker = /^\/\/ (\S+\.ts)$/.exec(text);
    if (marker?.[1]) starts.push([line, marker[1]]);
  });
  return (line) => {
    let module = "";
    for (const [at, name] of starts) {
      if (at > line) break;
      module = name;
    }
    return module;
  };
}

function report(profile: Profile, jobs: number, seconds: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((sample, i) => {
    selfUs.set(sample, (selfUs.get(sample) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  const bundleUrl = "index.js";
  const bundle = newestBundle();
  const moduleAt = bundle ? modulesOf(readFileSync(bundle, "utf8")) : () => "";
  const kinds = new Map<string, number>();
  const functions = new Map<string, Map<string, number>>();
  const methods = new Map<string, number>();
  /** The outermost frame of `module` in a sample's stack: for the object, the RPC (or alarm) it serves. */
  const outermostIn = (nodeId: number, module: string) => {
    let found: string | undefined;
    for (let at: number | undefined = nodeId; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame?.url === bundleUrl && moduleAt(frame.lineNumber) === module) {
        found = frame.functionName.replace(/\d+$/, "") || found;
      }
    }
    return found;
  };
  const outermostOwn = (nodeId: number) => {
    let found = "?";
    for (let at: number | undefined = nodeId; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame?.url === bundleUrl && /^src\//.test(moduleAt(frame.lineNumber))) {
        found = `${frame.functionName || "(anonymous)"} ${moduleAt(frame.lineNumber)}`;
      }
    }
    return found;
  };
  /** The nearest frame of the bot's own code above a native one. */
  const nearestOwn = (nodeId: number) => {
    for (let at = parent.get(nodeId); at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame?.url === bundleUrl && /^src\//.test(moduleAt(frame.lineNumber))) return frame.functionName;
    }
    return "the runtime";
  };
  let busy = 0;
  for (const [nodeId, us] of selfUs) {
    const node = byId.get(nodeId);
    if (!node || ["(idle)", "(program)"].includes(node.callFrame.functionName)) continue;
    busy += us;
    let kind = "outside the bot's code (runtime callbacks)";
    let specific = false;
    for (let at: number | undefined = nodeId; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      const module = frame?.url === bundleUrl ? moduleAt(frame?.lineNumber ?? 0) : "";
      const found = KINDS.findIndex(([pattern]) => pattern.test(module));
      // The outermost frame of an invocation's own code decides; the shared layers only without one.
      if (found >= 0 && (found < KINDS.length - 1 || !specific)) {
        kind = KINDS[found]?.[1] ?? kind;
        specific = found < KINDS.length - 1;
        // The heartbeat is an invocation of its own.
        if (found === 0 && /^(alarm|tick)\d*$/.test(frame?.functionName ?? "")) kind = ALARM;
      }
    }
    kinds.set(kind, (kinds.get(kind) ?? 0) + us);
    if (kind === KINDS[0]?.[1]) {
      const method =
        outermostIn(nodeId, "src/scheduler/object.ts") ??
        `${outermostOwn(nodeId)} (a timer or a continuation after an await)`;
      methods.set(method, (methods.get(method) ?? 0) + us);
    }
    const caller = nearestOwn(nodeId);
    const name = `${node.callFrame.functionName || "(anonymous)"} ${moduleAt(node.callFrame.lineNumber) || `(native, from ${caller})`}`;
    const inKind = functions.get(kind) ?? new Map<string, number>();
    inKind.set(name, (inKind.get(name) ?? 0) + us);
    functions.set(kind, inKind);
  }
  const perJob = (us: number) => `${(us / 1000 / jobs).toFixed(2)} ms a job`;
  const lines = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([key, us]) => `  ${perJob(us)}  ${((100 * us) / busy).toFixed(1)}%  ${key}`)
      .join("\n");
  console.log(`${jobs} one-image jobs in ${seconds.toFixed(1)} s; the isolate's JavaScript: ${perJob(busy)}`);
  console.log(`by invocation:\n${lines(kinds, 10)}`);
  console.log(
    `the scheduler object by what it served (each RPC is an invocation of its own):\n${lines(methods, 12)}`,
  );
  for (const [kind, inKind] of functions)
    console.log(`${kind}, by function (self time):\n${lines(inKind, 12)}`);
}

async function main() {
  const signer = await createSigner();
  const fakes = await startFakes();
  await fakes.ask({ type: "latency", ms: 500 });
  const state = mkdtempSync(join(tmpdir(), "bench-profile-"));
  const dev = await startWranglerDev({
    port: PORT,
    profiling: { inspectorPort: INSPECTOR },
    vars: benchVars(signer, fakes),
    persistTo: state,
  });
  try {
    // The inspector proxy takes DevTools from local origins only.
    const socket = new WebSocket(`ws://127.0.0.1:${INSPECTOR}/ws`, {
      headers: { Origin: "http://localhost" },
    } as unknown as string[]);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    let id = 0;
    const pending = new Map<number, (result: unknown) => void>();
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) pending.get(message.id)?.(message.result);
    };
    const send = <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve) => {
        const sent = ++id;
        pending.set(sent, resolve as (r: unknown) => void);
        socket.send(JSON.stringify({ id: sent, method, params }));
      });
    const base = new URL(dev.url);
    // Warm the isolate (module load, the object's first start) outside the profile.
    await postInteraction(base, signer, freshImagine("warm"));
    await new Promise((r) => setTimeout(r, 3_000));
    await send("Profiler.enable");
    await send("Profiler.setSamplingInterval", { interval: 200 });
    await send("Profiler.start");
    const burst = Array.from({ length: JOBS }, (_, i) => freshImagine(`burst ${i}`));
    const started = performance.now();
    await deliverAll(base, signer, fakes, burst, 600_000);
    const seconds = (performance.now() - started) / 1000;
    const { profile } = await send<{ profile: Profile }>("Profiler.stop");
    mkdirSync("bench-results", { recursive: true });
    writeFileSync("bench-results/burst.cpuprofile", JSON.stringify(profile));
    report(profile, JOBS, seconds);
    // The isolate's JavaScript heap after a full collection, before a long line and with it (Ideogram
    // holds every job): what the scheduler keeps per waiting job beyond its SQLite rows.
    await fakes.ask({ type: "hold" });
    const heapMiB = async () => {
      await send("HeapProfiler.collectGarbage");
      const { usedSize } = await send<{ usedSize: number }>("Runtime.getHeapUsage");
      return usedSize / 2 ** 20;
    };
    const before = await heapMiB();
    for (let i = 0; i < WAITING; i += 25) {
      const batch = Array.from({ length: Math.min(25, WAITING - i) }, (_, k) =>
        freshImagine(`line ${i + k}`),
      );
      await Promise.all(batch.map((job) => postInteraction(base, signer, job)));
    }
    const withLine = await heapMiB();
    console.log(
      `JavaScript heap after a full collection: ${before.toFixed(1)} MiB, then ${withLine.toFixed(1)} MiB with ${WAITING} jobs waiting (${(((withLine - before) * 1024) / WAITING).toFixed(2)} KiB a waiting job)`,
    );
    socket.close();
  } finally {
    await dev.stop();
    fakes.stop();
    rmSync(state, { recursive: true, force: true });
  }
}

await main();

// Startup: `wrangler check startup` profiles the isolate's start (module load, top-level code) offline
// and reports its active CPU time. The bot and the bare verify-and-defer floor are profiled in turns,
// so both see the same machine; the figure is the ratio of their medians.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median } from "./measure.ts";

export interface StartupFigure {
  botMs: number[];
  floorMs: number[];
  ratio: number;
}

/** One profile's active CPU time, in ms, for the Worker `wrangler deploy` builds with `args`. */
function activeMs(args: string[], outfile: string): number {
  const output = execFileSync(
    "npx",
    [
      "wrangler",
      "check",
      "startup",
      "--outfile",
      outfile,
      ...(args.length ? [`--args=${args.join(" ")}`] : []),
    ],
    { encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  const match = output.match(/Active: ([\d.]+) ms/);
  if (!match?.[1]) throw new Error(`no startup time in wrangler output:\n${output}`);
  return Number(match[1]);
}

export function startupPhase(runs: number, compatibilityDate: string): StartupFigure {
  const dir = mkdtempSync(join(tmpdir(), "bench-startup-"));
  try {
    const floorConfig = join(dir, "bare.wrangler.json");
    writeFileSync(
      floorConfig,
      JSON.stringify({
        name: "bare",
        main: resolve("bench/bare-worker.ts"),
        compatibility_date: compatibilityDate,
        minify: true,
      }),
    );
    const outfile = join(dir, "startup.cpuprofile");
    const botMs: number[] = [];
    const floorMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      floorMs.push(activeMs(["--config", floorConfig], outfile));
      botMs.push(activeMs([], outfile));
    }
    return { botMs, floorMs, ratio: median(botMs) / median(floorMs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

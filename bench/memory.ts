// Memory: workerd's resident memory while `jobs` jobs of 4 × 2 MiB images deliver at once, under
// `wrangler dev` with state on disk (so kept images live in files, as R2 keeps them away from the
// Worker in production, not in the runtime's memory). Linux only: RSS is read from /proc. Every job
// is let in at once (IDEOGRAM_MAX_INFLIGHT 160) and Ideogram answers at once, so all downloads
// overlap; each round also counts the images that reached Discord (every one must).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../playground/http.ts";
import { startWranglerDev } from "../playground/wrangler-dev.ts";
import { postInteraction, waitFor } from "../test/e2e/helpers.ts";
import type { TestSigner } from "../test/support/signing.ts";
import { type Fakes, workerdRss } from "./measure.ts";
import { benchVars, freshImagine } from "./phases.ts";

export interface MemoryFigure {
  jobs: number;
  baselineMiB: number;
  peakMiB: number;
  growthMiB: number;
  /** Images attached to the final messages, of `jobs` × 4. */
  images: number;
}

/** Images per job in the memory phase. */
export const MEMORY_IMAGES_PER_JOB = 4;

/** `workerDir`: another checkout of the bot to measure (a "before" figure); this one by default. */
export async function memoryPhase(
  signer: TestSigner,
  fakes: Fakes,
  rounds: number[],
  workerDir?: string,
): Promise<MemoryFigure[]> {
  const state = mkdtempSync(join(tmpdir(), "bench-memory-"));
  const dev = await startWranglerDev({
    port: await freePort(),
    persistTo: state,
    cwd: workerDir,
    vars: {
      ...benchVars(signer, fakes),
      IDEOGRAM_API_BASE: fakes.urls.bigIdeogram,
      IDEOGRAM_MAX_INFLIGHT: "160",
    },
  });
  const figures: MemoryFigure[] = [];
  try {
    const base = new URL(dev.url);
    const pid = dev.process.pid ?? 0;
    const run = async (jobs: number) => {
      const batch = Array.from({ length: jobs }, (_, i) =>
        freshImagine(`memory ${i}`, MEMORY_IMAGES_PER_JOB),
      );
      const tokens = batch.map((job) => job.token);
      await fakes.ask({ type: "reset" });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const baseline = workerdRss(pid);
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, workerdRss(pid));
      }, 50);
      await Promise.all(batch.map((job) => postInteraction(base, signer, job)));
      await waitFor(async () => (await fakes.ask<number>({ type: "finals", tokens })) === jobs, 240_000);
      clearInterval(sampler);
      const images = await fakes.ask<number>({ type: "images", tokens });
      return { jobs, baselineMiB: baseline, peakMiB: peak, growthMiB: peak - baseline, images };
    };
    await run(2); // warm up: the first runs load what every later one shares
    for (const jobs of rounds) figures.push(await run(jobs));
  } finally {
    await dev.stop();
    rmSync(state, { recursive: true, force: true });
  }
  return figures;
}

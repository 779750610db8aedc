// Shared by the bench's phases: the fakes process and its IPC, latency statistics, interleaving.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { descendants } from "../test/e2e/helpers.ts";
import type { FakesRequest } from "./fakes.ts";

export const WARMUP = 20;

export interface Fakes {
  urls: { ideogram: string; bigIdeogram: string; discord: string };
  ask<T>(request: FakesRequest): Promise<T>;
  stop(): void;
}

/** The fake Ideogram and Discord in a process of their own, so their work never sits on our clock. */
export async function startFakes(bigImageBytes = 1024 * 1024): Promise<Fakes> {
  const child = fork(new URL("./fakes.ts", import.meta.url), {
    env: { ...process.env, BENCH_FAKES: JSON.stringify({ big: bigImageBytes }) },
  });
  const urls = await new Promise<Fakes["urls"]>((resolve) =>
    child.once("message", (m: { ready: Fakes["urls"] }) => resolve(m.ready)),
  );
  let requestId = 0;
  const ask = <T>(request: FakesRequest) => {
    const id = ++requestId;
    return new Promise<T>((resolve) => {
      const onMessage = (m: { id?: number; body: T }) => {
        if (m.id !== id) return;
        child.off("message", onMessage);
        resolve(m.body);
      };
      child.on("message", onMessage);
      child.send({ ...request, id });
    });
  };
  return { urls, ask, stop: () => child.kill() };
}

export const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? Number.NaN;
export const median = (xs: number[]) => quantile(xs, 0.5);
export const fmt = (xs: number[]) =>
  `${median(xs).toFixed(2)} ms (p95 ${quantile(xs, 0.95).toFixed(2)}, p99 ${quantile(xs, 0.99).toFixed(2)})`;

/** Runs each of `fns` in turn (rotating which goes first), `rounds` times after a warm-up; their latencies. */
export async function interleaved(rounds: number, ...fns: (() => Promise<void>)[]): Promise<number[][]> {
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < rounds + WARMUP; i++) {
    for (let k = 0; k < fns.length; k++) {
      const which = (i + k) % fns.length;
      const started = performance.now();
      await fns[which]?.();
      if (i >= WARMUP) times[which]?.push(performance.now() - started);
    }
  }
  return times;
}

/** How many of `at` fall in the busiest one-second window, and on average per second over `seconds`. */
export function perSecond(at: number[], seconds: number): { peak: number; mean: number } {
  const sorted = [...at].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return { peak, mean: sorted.length / seconds };
}

/** Resident memory of every workerd below `pid`, in MiB. */
export function workerdRss(pid: number): number {
  let kib = 0;
  for (const child of descendants(pid)) {
    try {
      if (!readFileSync(`/proc/${child}/cmdline`, "utf8").includes("workerd")) continue;
      kib += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // Gone meanwhile.
    }
  }
  return kib / 1024;
}

// A clock whose sleeps return at once but move time forward, so retry waits are observable.
import type { Clock } from "../../src/http/retry.ts";

export interface FakeClock extends Clock {
  sleeps: number[];
  advance(ms: number): void;
}

export function createFakeClock(start = Date.now()): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random: () => 0.5,
    advance(ms) {
      now += ms;
    },
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}

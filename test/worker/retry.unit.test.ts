// The one retry loop (src/http/retry.ts): when it tries again, how long it waits, and when it stops.
import { describe, expect, it } from "vitest";
import { type Attempt, retrying } from "../../src/http/retry.ts";
import { createFakeClock } from "../support/clock.ts";

/** A clock whose sleeps pass at once and are recorded. */
const fakeClock = (start = 0) => {
  const clock = createFakeClock(start);
  return Object.assign(clock, { waits: clock.sleeps });
};

/** An attempt that gives each answer in turn (the last one again after that). */
const answers = <T, F>(...list: Attempt<T, F>[]) => {
  let n = 0;
  return async () => list[Math.min(n++, list.length - 1)] as Attempt<T, F>;
};
const fault = { ok: false as const, fault: "down" };

describe("retrying", () => {
  it("tries again after the backoff until an attempt succeeds", async () => {
    const clock = fakeClock();
    const result = await retrying({ clock, attempts: 5 }, answers(fault, fault, { ok: true, value: 7 }));
    expect(result).toEqual({ ok: true, value: 7 });
    expect(clock.waits).toEqual([750, 1500]);
  });

  it("stops after its attempts and names the last fault", async () => {
    const clock = fakeClock();
    const seen: number[] = [];
    const result = await retrying({ clock, attempts: 3, onRetry: (_f, n) => seen.push(n) }, answers(fault));
    expect(result).toEqual({ ok: false, fault: "down", attempts: 3 });
    expect(seen).toEqual([1, 2]);
  });

  it("stops at once on a fault not worth another attempt", async () => {
    const clock = fakeClock();
    const result = await retrying({ clock, attempts: 9 }, answers({ ...fault, retry: false }));
    expect(result).toEqual({ ok: false, fault: "down", attempts: 1 });
    expect(clock.waits).toEqual([]);
  });

  it("waits as told (a Retry-After), and not past `until` or longer than `maxWaitMs`", async () => {
    const clock = fakeClock(1_000);
    const told = await retrying({ clock, until: 10_000 }, answers({ ...fault, afterMs: 4_000 }));
    expect(told).toEqual({ ok: false, fault: "down", attempts: 3 });
    expect(clock.waits).toEqual([4_000, 4_000]);
    const far = await retrying({ clock, maxWaitMs: 60_000 }, answers({ ...fault, afterMs: 61_000 }));
    expect(far).toMatchObject({ ok: false, attempts: 1 });
  });

  it("does not count an attempt that says what it looked for is not there yet", async () => {
    const clock = fakeClock();
    const notYet = { ...fault, afterMs: 100, counted: false };
    const result = await retrying({ clock, attempts: 2 }, answers(notYet, notYet, notYet, fault));
    expect(result).toEqual({ ok: false, fault: "down", attempts: 2 });
    expect(clock.waits).toEqual([100, 100, 100, 750]);
  });
});

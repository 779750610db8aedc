import { describe, expect, it } from "vitest";
import { nextToStart, type Running } from "../../src/queue/fairness.ts";

const job = (id: string, images: number, enqueued_at = 0) => ({ id, images, enqueued_at });
/** A typical job takes 10 s at Ideogram. */
const places = (free: number, running: Running[]) => ({ free, running: () => running, typicalMs: 10_000 });
const running = (images: number, started_at: number): Running => ({ images, started_at });

describe("nextToStart", () => {
  it("starts the head of the line when it fits", () => {
    expect(nextToStart([job("a", 4), job("b", 1)], places(4, [running(6, 0)]), 0)?.id).toBe("a");
  });

  it("lets a job that fits use places the head won't need even when its own are free", () => {
    // 8 held until ~10 s; the head needs 4 of the 10: 6 are left over then, so 2 now delay nothing.
    const order = [job("big", 4), job("small", 2)];
    expect(nextToStart(order, places(2, [running(8, 0)]), 1_000)?.id).toBe("small");
    // However long the head has waited.
    expect(nextToStart(order, places(2, [running(8, 60_000)]), 65_000)?.id).toBe("small");
  });

  it("lets a job pass only if it is expected to be done before the head's places are", () => {
    // The head needs 8: the 6 ending at 10 s and the 2 free. A 2-image job started at 5 s is expected
    // to end at 15 s, after that: it would delay the head, so it waits.
    const order = [job("big", 8), job("small", 2)];
    const held = [running(6, 0), running(2, 4_000)];
    expect(nextToStart(order, places(2, held), 5_000)).toBeUndefined();
    // When the head's places are further off than a typical job, the small one fits in the gap.
    const slow = [running(4, 0), running(4, 25_000)];
    // The head needs 8: free 2 + 4 at 10 s + 4 at 35 s; a small job now ends at 30 s, before 35 s.
    expect(nextToStart(order, places(2, slow), 20_000)?.id).toBe("small");
  });

  it("lets a job that needs no place (a pick) pass any head", () => {
    const order = [job("big", 8), job("small", 2), job("pick", 0)];
    expect(nextToStart(order, places(0, [running(10, 0)]), 60_000)?.id).toBe("pick");
  });

  it("starts nothing from an empty line", () => {
    expect(nextToStart([], places(10, []), 0)).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { BACKFILL_WINDOW_MS, nextToStart } from "../../src/queue/fairness.ts";

const job = (id: string, images: number, enqueued_at = 0) => ({ id, images, enqueued_at });

describe("nextToStart", () => {
  const late = BACKFILL_WINDOW_MS;

  it("starts the head of the line when it fits", () => {
    expect(nextToStart([job("a", 4), job("b", 1)], 4, 0)?.id).toBe("a");
  });

  it("lets a job that fits pass the head only within the window", () => {
    const order = [job("big", 8), job("small", 2)];
    expect(nextToStart(order, 2, 1_000)?.id).toBe("small");
    expect(nextToStart(order, 2, late)).toBeUndefined();
  });

  it("lets a job that needs no place (a pick) pass a head that has waited past the window", () => {
    const order = [job("big", 8), job("small", 2), job("pick", 0)];
    expect(nextToStart(order, 0, late)?.id).toBe("pick");
    expect(nextToStart(order, 2, late)?.id).toBe("pick");
  });

  it("starts nothing from an empty line", () => {
    expect(nextToStart([], 10, 0)).toBeUndefined();
  });
});

// Places in line computed in SQLite (JobStore.placesToShow, positionOf, positionsOf): the same numbers
// and labels as counting the line in order, whatever its length, and only the rows that change.
import { describe, expect, it } from "vitest";
import { placeLabel } from "../../src/queue/positions.ts";
import { withScheduler } from "../support/scheduler.ts";

describe("places in line, counted in SQL", () => {
  it("labels every place as placeLabel does, front first, skipping those already shown", async () => {
    await withScheduler({}, async (t) => {
      const now = t.clock.now();
      const count = 5_200;
      for (let i = 0; i < count; i++) {
        // Two users, so the fairness order interleaves them.
        t.store.insert(
          t.job(`place-${i}`, i % 2 ? "ann" : "ben"),
          1,
          now + 3_600_000,
          false,
          now - 10_000 + i,
        );
      }
      const all = t.store.placesToShow(count, now, now);
      expect(all).toHaveLength(count);
      expect(all.map((r) => r.position)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(all.every((r) => r.label === placeLabel(r.position))).toBe(true);
      // One SQL count per id agrees with the numbered line.
      for (const r of [all[0], all[19], all[20], all[4_999], all.at(-1)]) {
        expect(t.store.positionOf(r?.id ?? "")).toBe(r?.position);
      }
      expect(t.store.positionsOf([all[7]?.id ?? "", "unknown"])).toEqual(new Map([[all[7]?.id, 8]]));
      // What shows its label already is not picked again; the budget takes the front first.
      for (const r of all.slice(0, 30)) t.store.shown(r.id, r.label, now - 60_000);
      const next = t.store.placesToShow(5, now, now);
      expect(next.map((r) => r.position)).toEqual([31, 32, 33, 34, 35]);
      expect(t.store.positionOf("unknown")).toBeUndefined();
    });
  }, 60_000);
});

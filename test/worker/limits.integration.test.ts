// Daily limits inside the real scheduler object: exact edges, reservations and refunds, midnight,
// the dollar budget by model price.
import { describe, expect, it, vi } from "vitest";
import { LATEST_START_MS } from "../../src/jobs/destination.ts";
import type { Job } from "../../src/jobs/job.ts";
import type { Limits } from "../../src/limits/admission.ts";
import { dayOf, nextReset } from "../../src/limits/ledger.ts";
import { LEASE_MS } from "../../src/queue/leases.ts";
import { withScheduler } from "../support/scheduler.ts";

const daily = (overrides: Partial<Limits> = {}): Limits => ({
  userDailyImages: 5,
  guildDailyImages: 100,
  ...overrides,
});

/** The refusal a daily limit gave, without its reset time (checked once, below). */
const refusal = (result: { status: string }) => {
  if (!("refusal" in result)) return undefined;
  const { resetsAt: _resetsAt, ...rest } = result.refusal as Record<string, unknown>;
  return rest;
};

describe("daily image limits", () => {
  it("accepts a user's requests up to exactly the limit, then refuses without queueing anything", async () => {
    await withScheduler({ maxPerUser: 10, daily: daily() }, async (t) => {
      expect(t.submit(t.job("a", "ann", 2))).toEqual({ status: "queued" });
      expect(t.submit(t.job("b", "ann", 3))).toEqual({ status: "queued" });
      const refused = t.submit(t.job("c", "ann", 1));
      expect(refused).toEqual({
        status: "limited",
        refusal: { scope: "user", used: 5, limit: 5, needed: 1, resetsAt: nextReset(t.clock.now()) },
      });
      expect(t.store.get("c")).toBeUndefined();
      // Another user is not affected.
      expect(t.submit(t.job("d", "ben", 5))).toEqual({ status: "queued" });
      for (const id of ["a", "b", "d"]) await t.ideogram.answer(id);
      await t.idle();
      expect(t.ideogram.started).toEqual(["a", "b", "d"]);
      expect(t.ledger.used(dayOf(t.clock.now()), "user", "ann").images).toBe(5);
    });
  });

  it("never refuses a Pick, which counts nothing and costs nothing, even past a lowered limit", async () => {
    const guildId = "1100000000000000001";
    await withScheduler({ maxPerUser: 10, daily: daily({ dailyBudgetMicros: 240_000 }) }, async (t) => {
      t.submit(t.job("a", "ann", 3, { guildId }));
      await t.ideogram.answer("a");
      await t.idle();
      // The server lowers its limit below what was used; the budget is spent too.
      t.settings.put(guildId, { defaults: {}, blockedWords: [], dailyImages: 2 }, t.clock.now());
      const { request: _request, ...base } = t.job("p", "ann", 1, { guildId }) as Job & { kind: "generate" };
      const pick: Job = { ...base, kind: "pick", source: { type: "stored", jobId: "a", index: 0 } };
      expect(t.submit(pick)).toEqual({ status: "queued" });
      expect(refusal(t.submit(t.job("b", "ann", 1, { guildId })))).toMatchObject({ scope: "guild" });
      await t.idle();
    });
  });

  it("refuses a request that would pass the limit even when some images are left", async () => {
    await withScheduler({ maxPerUser: 10, daily: daily() }, async (t) => {
      t.submit(t.job("a", "ann", 4));
      expect(refusal(t.submit(t.job("b", "ann", 2)))).toEqual({
        scope: "user",
        used: 4,
        limit: 5,
        needed: 2,
      });
      expect(t.submit(t.job("c", "ann", 1))).toEqual({ status: "queued" });
      await t.ideogram.answer("a");
      await t.ideogram.answer("c");
    });
  });

  it.each([400, 422])("gives back the images of a request Ideogram refused with %i", async (status) => {
    await withScheduler({ maxPerUser: 10, daily: daily() }, async (t) => {
      t.submit(t.job("refused", "ann", 5));
      await t.ideogram.answer("refused", status);
      await t.idle();
      expect(t.ledger.used(dayOf(t.clock.now()), "user", "ann")).toEqual({
        images: 0,
        cost: 0,
        estimated: 0,
      });
      expect(t.submit(t.job("again", "ann", 5))).toEqual({ status: "queued" });
      await t.ideogram.answer("again");
    });
  });

  it("keeps the images of a request Ideogram answered, and refunds cancelled and expired ones", async () => {
    await withScheduler(
      { maxInflight: 2, maxPerUser: 10, daily: daily({ userDailyImages: 10 }) },
      async (t) => {
        const used = () => t.ledger.used(dayOf(t.clock.now()), "user", "ann").images;
        t.submit(t.job("made", "ann", 2));
        t.submit(t.job("cancelled", "ann", 2));
        t.submit(t.job("expired", "ann", 2));
        expect(used()).toBe(6);
        t.scheduler.cancel("cancelled", "ann");
        expect(used()).toBe(4);
        await t.advance(LATEST_START_MS);
        t.scheduler.tick();
        expect(t.store.get("expired")?.state).toBe("expired");
        expect(used()).toBe(2);
        await t.ideogram.answer("made");
        await t.idle();
        expect(used()).toBe(2);
      },
    );
  });

  it("starts again from zero at 00:00 UTC", async () => {
    const lateEvening = Date.UTC(2026, 10, 24, 23, 59, 0);
    await withScheduler({ maxPerUser: 10, daily: daily(), start: lateEvening }, async (t) => {
      t.submit(t.job("today", "ann", 5));
      expect(t.submit(t.job("refused", "ann", 1)).status).toBe("limited");
      await t.advance(60_000);
      expect(dayOf(t.clock.now())).toBe("2026-11-25");
      expect(t.submit(t.job("tomorrow", "ann", 5))).toEqual({ status: "queued" });
      await t.ideogram.answer("today");
      await t.ideogram.answer("tomorrow");
    });
  });

  it("limits a server across its members, to its own lower limit when it set one", async () => {
    await withScheduler({ maxPerUser: 10, daily: daily({ guildDailyImages: 4 }) }, async (t) => {
      const inGuild = (id: string, user: string, images: number) =>
        t.job(id, user, images, { guildId: "g1" });
      expect(t.submit(inGuild("a", "ann", 2))).toEqual({ status: "queued" });
      expect(t.submit(inGuild("b", "ben", 2))).toEqual({ status: "queued" });
      expect(refusal(t.submit(inGuild("c", "cat", 1)))).toEqual({
        scope: "guild",
        used: 4,
        limit: 4,
        needed: 1,
      });
      // Elsewhere (another server, a DM) the same member may go on.
      expect(t.submit(t.job("d", "cat", 1))).toEqual({ status: "queued" });
      t.settings.put("g2", { defaults: {}, blockedWords: [], dailyImages: 1 }, t.clock.now());
      expect(t.submit(t.job("e", "ann", 1, { guildId: "g2" }))).toEqual({ status: "queued" });
      expect(refusal(t.submit(t.job("f", "ben", 1, { guildId: "g2" })))).toMatchObject({ used: 1, limit: 1 });
      for (const id of ["a", "b", "d", "e"]) await t.ideogram.answer(id);
    });
  });
});

describe("the daily dollar budget", () => {
  it("prices each request by its model and refuses what would pass the cap", async () => {
    const budget = { userDailyImages: 100, guildDailyImages: 100, dailyBudgetMicros: 200_000 };
    await withScheduler({ maxPerUser: 10, daily: budget }, async (t) => {
      const request = (id: string, model: "V_2" | "V_1_TURBO", images: number) =>
        t.job(id, "ann", images, { request: { prompt: id, model, num_images: images } });
      expect(t.submit(request("two-v2", "V_2", 2))).toEqual({ status: "queued" }); // $0.16
      expect(refusal(t.submit(request("one-v2", "V_2", 1)))).toEqual({
        scope: "budget",
        used: 160_000,
        limit: 200_000,
        needed: 80_000,
      });
      expect(t.submit(request("two-turbo", "V_1_TURBO", 2))).toEqual({ status: "queued" }); // $0.04: exactly the cap
      expect(t.submit(request("one-more", "V_1_TURBO", 1)).status).toBe("limited");
      expect(t.ledger.used(dayOf(t.clock.now()), "all", "*")).toEqual({
        images: 4,
        cost: 200_000,
        estimated: 0,
      });
      await t.ideogram.answer("two-v2");
      await t.ideogram.answer("two-turbo");
    });
  });

  it("counts a call sent again after its run was lost at Ideogram, and shows the difference", async () => {
    const budget = { userDailyImages: 100, guildDailyImages: 100, dailyBudgetMicros: 1_000_000 };
    await withScheduler({ maxPerUser: 10, daily: budget }, async (t) => {
      const day = dayOf(t.clock.now());
      const job = t.job("lost", "ann", 2, { request: { prompt: "lost", model: "V_2", num_images: 2 } });
      expect(t.submit(job)).toEqual({ status: "queued" }); // $0.16
      await vi.waitFor(() => expect(t.ideogram.isHeld("lost")).toBe(true));
      t.restart(); // the run dies during its Ideogram call: Ideogram may bill it
      t.clock.advance(LEASE_MS + 1);
      t.scheduler.tick();
      await vi.waitFor(() => expect(t.ideogram.isHeld("lost")).toBe(true));
      await t.ideogram.answer("lost");
      await t.idle();
      expect(t.ideogram.started).toEqual(["lost", "lost"]);
      // Both calls count against the budget; the user and the server are charged once.
      expect(t.ledger.used(day, "all", "*")).toMatchObject({ images: 4, cost: 320_000 });
      expect(t.ledger.used(day, "user", "ann").images).toBe(2);
      expect(t.scheduler.status().resent_today).toEqual({ images: 2, usd: 0.16 });
      expect(t.logs.join("\n")).toMatch(/"event":"run_lost".*"resent":true/);
    });
  });

  it("counts nothing more for a run lost before it reached Ideogram", async () => {
    await withScheduler({ maxPerUser: 10, daily: daily({ dailyBudgetMicros: 1_000_000 }) }, async (t) => {
      t.loseRuns(1);
      t.submit(t.job("never-ran", "ann", 1));
      t.clock.advance(LEASE_MS + 1);
      t.scheduler.tick();
      await t.ideogram.answer("never-ran");
      await t.idle();
      expect(t.ledger.used(dayOf(t.clock.now()), "all", "*")).toMatchObject({ images: 1, cost: 80_000 });
      expect(t.scheduler.status().resent_today).toEqual({ images: 0, usd: 0 });
    });
  });

  it("applies to webhook jobs, which have no user or server limit", async () => {
    const budget = { userDailyImages: 1, guildDailyImages: 1, dailyBudgetMicros: 160_000 };
    await withScheduler({ maxPerUser: 10, daily: budget }, async (t) => {
      const hook = (id: string) =>
        t.job(id, "webhook:abc", 1, {
          channelWebhook: {},
          request: { prompt: id, model: "V_2", num_images: 1 },
        });
      expect(t.submit(hook("w1"))).toEqual({ status: "queued" });
      expect(t.submit(hook("w2"))).toEqual({ status: "queued" });
      expect(t.submit(hook("w3")).status).toBe("limited");
      expect(t.ledger.used(dayOf(t.clock.now()), "user", "webhook:abc").images).toBe(0);
      t.network.on("POST", /\/webhooks\/.*\?wait=true$/, () => new Response("{}", { status: 200 }));
      await t.ideogram.answer("w1");
      await t.ideogram.answer("w2");
    });
  });
});

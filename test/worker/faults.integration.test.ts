// Exactly one final message and no Ideogram place held by a job that is not running, whatever
// cancels, crashes and restarts do: the coordinator inside a real Durable Object, restarted on the
// same storage, its runs in this isolate.
import { describe, expect, it, vi } from "vitest";
import { dayOf } from "../../src/limits/ledger.ts";
import { LEASE_MS } from "../../src/queue/leases.ts";
import { json } from "../support/fake-network.ts";
import { DISCORD_WEBHOOKS, withScheduler } from "../support/scheduler.ts";

const inFlight = (t: { scheduler: { status(): { images_in_flight: number } } }) =>
  t.scheduler.status().images_in_flight;

/** Past every lease a run could hold, then a heartbeat. */
const leasesLapse = (t: { clock: { advance(ms: number): void }; scheduler: { tick(): void } }) => {
  t.clock.advance(LEASE_MS + 1);
  t.scheduler.tick();
};

describe("places at Ideogram are held only by runs that are running", () => {
  it("gives back a cancelled run's places after a restart, every time", async () => {
    await withScheduler({ maxInflight: 10 }, async (t) => {
      for (const round of [1, 2]) {
        const id = `cancelled-${round}`;
        t.submit(t.job(id, "ann", 4));
        await vi.waitFor(() => expect(t.ideogram.isHeld(id)).toBe(true));
        expect(t.scheduler.cancel(id, "ann")).toEqual({ status: "cancelled" });
        expect(inFlight(t)).toBe(4); // Ideogram counts them until it answers.
        t.restart(); // …and the run dies with the instance, its call unanswered.
        leasesLapse(t);
        expect(inFlight(t)).toBe(0);
      }
      // Jobs of 3 and more images start as before.
      t.submit(t.job("after", "ben", 8));
      await vi.waitFor(() => expect(t.ideogram.isHeld("after")).toBe(true));
      await t.ideogram.answer("after");
      await t.idle();
      expect(t.scheduler.status()).toMatchObject({ jobs_waiting: 0, jobs_running: 0, images_in_flight: 0 });
    });
  });

  it("runs a job again, once, when its run was lost, and frees the places meanwhile", async () => {
    await withScheduler({ maxInflight: 4 }, async (t) => {
      t.loseRuns(1);
      t.submit(t.job("lost", "ann", 4));
      expect(inFlight(t)).toBe(4);
      expect(t.ideogram.started).toEqual([]);
      leasesLapse(t);
      await vi.waitFor(() => expect(t.ideogram.isHeld("lost")).toBe(true));
      expect(t.runs.map((r) => r.attempt)).toEqual([1, 2]);
      await t.ideogram.answer("lost");
      await t.idle();
      expect(t.ideogram.started).toEqual(["lost"]);
      expect(t.store.get("lost")?.state).toBe("done");
      expect(inFlight(t)).toBe(0);
    });
  });

  it("ignores a stale run: only the current attempt may report or deliver", async () => {
    await withScheduler({ maxInflight: 4 }, async (t) => {
      t.submit(t.job("slow", "ann", 2));
      await vi.waitFor(() => expect(t.ideogram.isHeld("slow")).toBe(true));
      leasesLapse(t); // the first run looks lost: a second starts
      await vi.waitFor(() => expect(t.runs).toHaveLength(2));
      expect(await t.scheduler.renew({ jobId: "slow", attempt: 1 })).toBe(false);
      expect(await t.scheduler.checkpoint({ jobId: "slow", attempt: 1 }, "deliver")).toBe(false);
      await t.ideogram.answer("slow"); // both runs are held on the same prompt: answer both
      await vi.waitFor(() => expect(t.ideogram.isHeld("slow")).toBe(true));
      await t.ideogram.answer("slow");
      await t.idle();
      const finals = (await t.edits("slow")).filter((e) => e.attachments !== undefined);
      expect(finals).toHaveLength(1);
      expect(inFlight(t)).toBe(0);
    });
  });
});

describe("a run lost while delivering is checked, never guessed", () => {
  /** A job whose run reached Discord (or not) and then died, leaving the job "delivering". */
  async function lostWhileDelivering(
    t: Parameters<Parameters<typeof withScheduler>[1]>[0],
    original: (call: number) => Response,
  ) {
    const id = "delivering";
    t.network.onFirst("GET", `${DISCORD_WEBHOOKS}token-${id}/messages/@original`, (_req, call) =>
      original(call),
    );
    // Delivery itself never answers: the run is killed while its upload is in flight.
    t.network.onFirst(
      "PATCH",
      `${DISCORD_WEBHOOKS}token-${id}/messages/@original`,
      () => new Promise(() => {}),
    );
    t.submit(t.job(id, "ann", 1));
    await t.ideogram.answer(id);
    await vi.waitFor(() => expect(t.store.get(id)?.state).toBe("delivering"));
    t.restart();
    leasesLapse(t);
    return id;
  }

  it("asks again while Discord can't say (502, 502), and runs nothing when the message is final", async () => {
    await withScheduler({}, async (t) => {
      const id = await lostWhileDelivering(t, (call) =>
        call <= 2 ? new Response("bad gateway", { status: 502 }) : json({ flags: 0, components: [] }),
      );
      await t.idle();
      expect(t.store.get(id)?.state).toBe("done");
      expect(t.ideogram.started).toEqual([id]); // Ideogram was called once, and billed once
      expect(t.network.callsTo("GET", `${DISCORD_WEBHOOKS}token-${id}/`)).toHaveLength(3);
      expect(t.logs.join("\n")).toContain('"job_already_delivered"');
    });
  });

  it("delivers again from Ideogram's kept answer, without calling Ideogram, when the message is not final", async () => {
    await withScheduler({}, async (t) => {
      const id = await lostWhileDelivering(t, () => json({ flags: 128, components: [] }));
      // The new run may post: Discord is back.
      t.network.onFirst("PATCH", `${DISCORD_WEBHOOKS}*`, () => json({ id: "1" }));
      await t.idle();
      expect(t.store.get(id)?.state).toBe("done");
      expect(t.ideogram.started).toEqual([id]);
      expect(t.runs.map((r) => r.attempt)).toEqual([1, 2]);
      const finals = (await t.edits(id)).filter((e) => e.attachments !== undefined);
      expect(finals.at(-1)?.attachments).toHaveLength(1);
    });
  });

  it("leaves the message alone and records the job unverified when the token dies first", async () => {
    await withScheduler({}, async (t) => {
      const id = await lostWhileDelivering(t, () => new Response("unavailable", { status: 503 }));
      await t.idle();
      expect(t.store.get(id)?.state).toBe("done");
      expect(t.scheduler.status().last_hour.unverified).toBe(1);
      expect(t.ideogram.started).toEqual([id]);
      expect(t.logs.join("\n")).toMatch(/"level":"error","event":"job_unverified"/);
    });
  });
});

describe("a dispatch that fails", () => {
  it("puts the job back at the front of the line with its places free, and starts it again", async () => {
    await withScheduler({ maxInflight: 2 }, async (t) => {
      t.failDispatches(1);
      t.submit(t.job("refused", "ann", 2));
      await vi.waitFor(() => expect(t.logs.join("\n")).toContain('"dispatch_failed"'));
      t.scheduler.tick();
      await vi.waitFor(() => expect(t.ideogram.isHeld("refused")).toBe(true));
      await t.ideogram.answer("refused");
      await t.idle();
      expect(t.store.get("refused")?.state).toBe("done");
      expect(t.runs).toEqual([{ jobId: "refused", attempt: 2 }]);
      expect(inFlight(t)).toBe(0);
    });
  });

  it("ends a job whose run can never be started after a few attempts, says why, and gives its images back", async () => {
    await withScheduler(
      { maxInflight: 2, daily: { userDailyImages: 10, guildDailyImages: 10 } },
      async (t) => {
        t.failDispatches(3);
        t.submit(t.job("poisoned", "ann", 2));
        for (let tick = 0; tick < 10; tick++) {
          await vi.waitFor(() => expect(t.store.get("poisoned")?.holding).toBe(0));
          t.scheduler.tick();
        }
        await t.idle();
        const failures = t.logs.filter((line) => line.includes('"dispatch_failed"'));
        expect(failures).toHaveLength(3);
        expect(t.logs.join("\n")).toMatch(/"level":"error","event":"job_not_started"/);
        expect(t.store.get("poisoned")?.state).toBe("done");
        expect(t.ideogram.started).toEqual([]);
        const [last, ...earlier] = (await t.edits("poisoned")).reverse();
        expect(last?.content).toContain("could not be started");
        expect(earlier.every((e) => !e.content?.includes("could not be started"))).toBe(true);
        expect(t.ledger.used(dayOf(t.clock.now()), "user", "ann").images).toBe(0);
        // The line moves on: the next job runs.
        t.submit(t.job("next", "ben"));
        await t.ideogram.answer("next");
        await t.idle();
        expect(t.store.get("next")?.state).toBe("done");
      },
    );
  });
});

describe("several jobs from one click, each with its own follow-up message", () => {
  const CLICK_TOKEN = "token-click";
  const followUps = `${DISCORD_WEBHOOKS}${CLICK_TOKEN}`;
  const batch = (t: Parameters<Parameters<typeof withScheduler>[1]>[0], ...ids: string[]) =>
    ids.map((id) => t.job(id, "ann", 1, { token: CLICK_TOKEN, followUp: true }));

  it("waits for its message, made again on the next heartbeat (after a restart too) when Discord refused", async () => {
    await withScheduler({}, async (t) => {
      let made = 0;
      t.network.onFirst("POST", followUps, () =>
        ++made === 1
          ? json({ message: "slow down", retry_after: 60 }, 429)
          : json({ id: `20000000000000000${made}`, channel_id: "1", attachments: [] }),
      );
      expect(t.scheduler.enqueueAll(batch(t, "b-1"))).toEqual({ status: "queued" });
      await t.idle();
      expect(t.logs.some((line) => line.includes('"followup_failed"'))).toBe(true);
      expect(t.runs).toEqual([]);
      t.restart();
      t.scheduler.tick();
      await vi.waitFor(() => expect(t.ideogram.isHeld("b-1")).toBe(true));
      await t.ideogram.answer("b-1");
      await t.idle();
      // Its result replaced the message made for it, never the click's own answer.
      const message = `${followUps}/messages/200000000000000002`;
      expect(t.network.callsTo("PATCH", message).length).toBeGreaterThan(0);
      expect(t.network.callsTo("PATCH", `${followUps}/messages/@original`)).toHaveLength(0);
      expect(t.store.get("b-1")?.state).toBe("done");
    });
  });

  it("ends a job whose message can never be made, its images given back", async () => {
    await withScheduler({ daily: { userDailyImages: 10, guildDailyImages: 10 } }, async (t) => {
      t.network.onFirst("POST", followUps, () => json({ message: "Unknown Webhook", code: 10015 }, 404));
      expect(t.scheduler.enqueueAll(batch(t, "d-1", "d-2"))).toEqual({ status: "queued" });
      expect(t.ledger.used(dayOf(t.clock.now()), "user", "ann").images).toBe(2);
      await t.idle();
      t.scheduler.tick();
      expect(t.store.get("d-1")?.state).toBe("done");
      expect(t.store.get("d-2")?.state).toBe("done");
      expect(t.ledger.used(dayOf(t.clock.now()), "user", "ann").images).toBe(0);
      expect(t.ideogram.started).toEqual([]);
      expect(t.logs.filter((line) => line.includes('"job_without_message"'))).toHaveLength(2);
    });
  });

  it("queues all of them or none: a daily limit weighs them together", async () => {
    await withScheduler({ daily: { userDailyImages: 3, guildDailyImages: 10 } }, async (t) => {
      const result = t.scheduler.enqueueAll(batch(t, "e-1", "e-2", "e-3", "e-4"));
      expect(result).toMatchObject({ status: "limited", refusal: { scope: "user", needed: 4, limit: 3 } });
      expect(t.store.get("e-1")).toBeUndefined();
      expect(t.ledger.used(dayOf(t.clock.now()), "user", "ann").images).toBe(0);
    });
  });
});

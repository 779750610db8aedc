// The scheduler inside a real Durable Object (SQLite storage), against a fake Ideogram it cannot see past.
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { componentId } from "../../src/jobs/component-ids.ts";
import { LATEST_START_MS } from "../../src/jobs/destination.ts";
import { SUBREQUESTS } from "../../src/pipeline/run-job.ts";
import { CLICK_REPEAT_MS, TYPICAL_GENERATION_MS } from "../../src/queue/coordinator.ts";
import { LEASE_MS } from "../../src/queue/leases.ts";
import { FIRST_EDIT_DELAY_MS } from "../../src/queue/positions.ts";
import { json } from "../support/fake-network.ts";
import { DISCORD_WEBHOOKS, RETENTION_DAYS, withScheduler } from "../support/scheduler.ts";

const row = (customId: string) => ({ type: 1, components: [{ type: 2, style: 2, custom_id: customId }] });

/** A job id as Discord makes them (an interaction's snowflake), for buttons in messages read back. */
const SOME_JOB = "1400000000000000077";

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("Scheduler: order and fairness", () => {
  it("starts jobs while places are free and queues the rest with their position", async () => {
    await withScheduler({ maxInflight: 4 }, async (t) => {
      const jobs = [
        ["a1", "alice", 2],
        ["b1", "bob", 2],
        ["c1", "carol", 2],
        ["d1", "dave", 1],
      ] as const;
      for (const [id, user, images] of jobs)
        expect(t.submit(t.job(id, user, images))).toEqual({ status: "queued" });
      await vi.waitFor(() => expect(t.ideogram.started).toEqual(["a1", "b1"]));
      await t.advance(FIRST_EDIT_DELAY_MS); // the next heartbeat tells waiting jobs their place
      t.scheduler.tick();
      const told = async (id: string) => (await t.edits(id))[0]?.content;
      await vi.waitFor(async () => expect(await told("c1")).toContain("Queued** — #1 in line"));
      // Edits are paced for the whole deployment: the second follows the first.
      await vi.waitFor(async () => expect(await told("d1")).toContain("Queued** — #2 in line"));

      await t.ideogram.answer("a1");
      await vi.waitFor(() => expect(t.ideogram.started).toEqual(["a1", "b1", "c1"]));
      await t.ideogram.answer("b1");
      await t.ideogram.answer("c1");
      await t.ideogram.answer("d1");
    });
  });

  it("serves users round-robin: one user's burst does not put another's job behind it", async () => {
    await withScheduler({ maxInflight: 10, maxPerUser: 8 }, async (t) => {
      for (let i = 1; i <= 8; i++) t.submit(t.job(`alice-${i}`, "alice", 4));
      t.submit(t.job("bob-1", "bob", 4));
      await t.advance(FIRST_EDIT_DELAY_MS);
      t.scheduler.tick();
      await vi.waitFor(async () => expect((await t.edits("bob-1"))[0]?.content).toContain("#1 in line"));
      await vi.waitFor(() => expect(t.ideogram.started).toEqual(["alice-1", "alice-2"]));
      await t.ideogram.answer("alice-1");
      await vi.waitFor(() => expect(t.ideogram.started).toEqual(["alice-1", "alice-2", "bob-1"]));
      for (const prompt of ["alice-2", "bob-1", ...[3, 4, 5, 6, 7, 8].map((i) => `alice-${i}`)]) {
        await t.ideogram.answer(prompt);
      }
      await t.idle();
      expect(t.ideogram.started.indexOf("bob-1")).toBeLessThan(t.ideogram.started.indexOf("alice-3"));
    });
  });

  it("lets a smaller job use idle places only where it does not delay the large job at the head", async () => {
    await withScheduler({ maxInflight: 10 }, async (t) => {
      t.submit(t.job("big-0", "ann", 6));
      t.submit(t.job("big-1", "ben", 8)); // needs 8: 4 free, and big-0's 6 when it ends
      t.submit(t.job("small-1", "cat", 2)); // done (typically) by then: uses 2 of the 4 meanwhile
      await vi.waitFor(() => expect(t.ideogram.started).toEqual(["big-0", "small-1"]));
      // Started a typical job's time after big-0, small-2 would end after big-0 does: it waits.
      await t.advance(TYPICAL_GENERATION_MS / 2);
      t.submit(t.job("small-2", "dan", 2));
      t.scheduler.tick();
      await settle();
      expect(t.ideogram.started).toEqual(["big-0", "small-1"]);
      await t.ideogram.answer("small-1");
      await t.ideogram.answer("big-0");
      // big-1 takes its 8; small-2 the 2 left.
      await vi.waitFor(() => expect(t.ideogram.started).toHaveLength(4));
      expect(t.ideogram.started.slice(2).sort()).toEqual(["big-1", "small-2"]);
      await t.ideogram.answer("big-1");
      await t.ideogram.answer("small-2");
    });
  });
});

describe("Scheduler: the in-flight gate", () => {
  it("never has more images in flight than the limit, and gives every place back", async () => {
    await withScheduler({ maxInflight: 10, maxPerUser: 10 }, async (t) => {
      const sizes = [3, 1, 2, 3, 3, 2, 1, 1, 3, 2, 2, 3, 1, 3, 2, 1, 2, 3, 1, 2];
      const ids = sizes.map((n, i) => {
        const id = `job-${i}`;
        t.submit(t.job(id, `user-${i % 5}`, n));
        return id;
      });
      for (const [i, id] of ids.entries()) {
        if (i % 4 === 1) t.scheduler.cancel(id, `user-${i % 5}`);
      }
      // Answer whatever is in flight, newest first, some with failures Ideogram does not retry.
      for (;;) {
        await vi.waitFor(() => {
          const { jobs_waiting, jobs_running } = t.scheduler.status();
          if (t.ideogram.heldPrompts().length === 0 && jobs_waiting + jobs_running > 0)
            throw new Error("busy");
        });
        const prompt = t.ideogram.heldPrompts().at(-1);
        if (!prompt) break;
        expect(t.ideogram.inflight).toBeLessThanOrEqual(10);
        await t.ideogram.answer(prompt, Number(prompt.split("-")[1]) % 7 === 0 ? 422 : 200);
      }
      await t.idle();
      expect(t.ideogram.peak).toBeLessThanOrEqual(10);
      expect(t.store.inflight()).toBe(0);
      expect(t.scheduler.status()).toMatchObject({ jobs_waiting: 0, jobs_running: 0, images_in_flight: 0 });
    });
  });

  it("hands freed places to the run that freed them, while its subrequests fit one invocation", async () => {
    await withScheduler({ maxInflight: 1 }, async (t) => {
      const ids = Array.from({ length: 30 }, (_, i) => `job-${String(i).padStart(2, "0")}`);
      for (const id of ids) t.submit(t.job(id, `user-${id}`));
      for (const id of ids) await t.ideogram.answer(id);
      await t.idle();
      // A one-image job makes 3 external calls (Ideogram, a download, the message). A run takes the
      // next job only while the largest possible one (11) and 3 for retries still fit in 50: 13 runs
      // per invocation, each handed over by the one before.
      expect(SUBREQUESTS).toBe(50);
      expect(t.runs.map((r) => r.jobId)).toEqual(["job-00", "job-13", "job-26"]);
      expect(t.ideogram.started).toEqual(ids);
      for (const id of ids) expect((await t.edits(id)).at(-1)?.attachments).toHaveLength(1);
    });
  });

  it("frees a cancelled waiting job's claim at once and never calls Ideogram for it", async () => {
    await withScheduler({ maxInflight: 2 }, async (t) => {
      t.submit(t.job("first", "ann", 2));
      t.submit(t.job("second", "ben", 2));
      expect(t.scheduler.cancel("second", "ben")).toEqual({ status: "cancelled" });
      await t.ideogram.answer("first");
      await t.idle();
      expect(t.ideogram.started).toEqual(["first"]);
      const edits = await t.edits("second");
      expect(edits.at(-1)?.content).toContain("Cancelled** by user ben");
      expect(edits.at(-1)?.content).toContain("nothing was sent to Ideogram, so nothing counts");
      expect(edits.at(-1)?.components).toEqual([]);
    });
  });

  it("holds a running job's places until Ideogram answers, then drops its result", async () => {
    // "Generating…" late enough that the cancel below always comes first, however loaded the machine.
    await withScheduler({ maxInflight: 2, firstEditDelayMs: 1_500 }, async (t) => {
      t.submit(t.job("running", "ann", 2));
      t.submit(t.job("next", "ben", 2));
      await vi.waitFor(() => expect(t.ideogram.isHeld("running")).toBe(true));
      expect(t.scheduler.cancel("running", "ann")).toEqual({ status: "cancelled" });
      await settle();
      expect(t.ideogram.started).toEqual(["running"]); // Ideogram still counts those 2 images
      await t.ideogram.answer("running");
      await vi.waitFor(() => expect(t.ideogram.started).toEqual(["running", "next"]));
      await t.ideogram.answer("next");
      await t.idle();
      const edits = await t.edits("running");
      expect(edits.map((e) => e.content?.split("**")[1])).toEqual(["Cancelled"]);
      // Ideogram was already making them: they count toward today's limits, and the message says so.
      expect(edits[0]?.content).toContain(
        "Ideogram had already started on them, so the 2 images count toward today's limits",
      );
      expect(t.network.callsTo("GET", "https://ideogram.ai/")).toHaveLength(2); // only next's images
    });
  });
});

describe("Scheduler: progress", () => {
  it("shows Generating… once a job has run for a moment, then the result, in that order", async () => {
    await withScheduler({}, async (t) => {
      t.submit(t.job("slow", "ann", 2));
      await vi.waitFor(
        async () => expect((await t.edits("slow"))[0]?.content).toContain("Generating** 2 images"),
        {
          timeout: 3000,
        },
      );
      await t.ideogram.answer("slow");
      await t.idle();
      const edits = await t.edits("slow");
      expect(edits).toHaveLength(2);
      expect(edits[0]?.components).toHaveLength(1); // the Cancel button
      // The result replaces the Cancel button with the result's own buttons.
      expect(JSON.stringify(edits[1]?.components)).not.toContain("cancel:");
      expect(JSON.stringify(edits[1]?.components)).toContain('"reroll:slow"');
      expect(edits[1]?.attachments).toHaveLength(2);
    });
  });
});

describe("Scheduler: exactly one final message", () => {
  it("refuses a second enqueue of the same interaction", async () => {
    await withScheduler({}, async (t) => {
      const job = t.job("once", "ann");
      expect(t.submit(job).status).toBe("queued");
      expect(t.submit(job)).toEqual({ status: "duplicate" });
      await t.ideogram.answer("once");
      await t.idle();
      expect(t.submit(job)).toEqual({ status: "duplicate" });
      expect(t.ideogram.started).toEqual(["once"]);
      const finals = (await t.edits("once")).filter((e) => e.attachments !== undefined);
      expect(finals).toHaveLength(1);
    });
  });

  it("re-runs a job a previous instance was running, and delivers it once", async () => {
    await withScheduler({}, async (t) => {
      const job = t.job("interrupted", "ann");
      // What a crashed instance leaves behind: a stored job marked running, holding places.
      t.store.insert(job, 1, job.receivedAt + LATEST_START_MS, false, t.clock.now());
      t.store.start(job.id, job.user.id, t.clock.now());
      expect(t.store.inflight()).toBe(1);
      t.scheduler.recover();
      // A new instance can't tell a lost run from a live one: it waits one lease for a sign of life.
      t.clock.advance(LEASE_MS + 1);
      t.scheduler.tick();
      await t.ideogram.answer("interrupted");
      await t.idle();
      expect(t.ideogram.started).toEqual(["interrupted"]);
      expect(t.store.get("interrupted")?.state).toBe("done");
      expect(t.store.inflight()).toBe(0);
    });
  });

  it.each([
    ["already shows its result", { flags: 0, components: [], attachments: [{ id: "1" }] }, []],
    [
      "shows its result and its buttons",
      { flags: 0, components: [row(componentId("reroll", SOME_JOB))] },
      [],
    ],
    ["is still thinking", { flags: 128, components: [] }, ["delivering"]],
    [
      "still shows its progress",
      { flags: 0, components: [row(componentId("cancel", SOME_JOB))] },
      ["delivering"],
    ],
  ])(
    "after a crash mid-delivery, checks the message: when it %s, runs the job %j",
    async (_case, message, runs) => {
      await withScheduler({}, async (t) => {
        t.network.on("GET", `${DISCORD_WEBHOOKS}token-delivering/messages/@original`, () => json(message));
        const job = t.job("delivering", "ann");
        t.store.insert(job, 1, job.receivedAt + LATEST_START_MS, false, t.clock.now());
        t.store.start(job.id, job.user.id, t.clock.now());
        t.store.transition(job.id, ["running"], "delivering");
        t.scheduler.recover();
        t.clock.advance(LEASE_MS + 1);
        t.scheduler.tick();
        if (runs.length > 0) await t.ideogram.answer("delivering");
        await t.idle();
        expect(t.ideogram.started).toEqual(runs);
        expect(t.store.get("delivering")?.state).toBe("done");
        expect(t.store.inflight()).toBe(0);
      });
    },
  );

  it("tells the losing one of two Cancel clicks that the request was cancelled", async () => {
    await withScheduler({}, async (t) => {
      t.submit(t.job("mine", "ann"));
      expect(t.scheduler.cancel("mine", "ann")).toEqual({ status: "cancelled" });
      expect(t.scheduler.cancel("mine", "ann")).toEqual({ status: "already_cancelled" });
      await t.ideogram.answer("mine");
      await t.idle();
      expect(t.scheduler.cancel("mine", "ann")).toEqual({ status: "already_cancelled" });
    });
  });

  it("tells the user only they may cancel, and that a finished job is finished", async () => {
    await withScheduler({}, async (t) => {
      t.submit(t.job("mine", "ann"));
      expect(t.scheduler.cancel("mine", "eve")).toEqual({ status: "not_owner", owner: "user ann" });
      await t.ideogram.answer("mine");
      await t.idle();
      expect(t.scheduler.cancel("mine", "ann")).toEqual({ status: "finished" });
      expect(t.scheduler.cancel("nope", "ann")).toEqual({ status: "unknown" });
    });
  });
});

describe("Scheduler: double clicks", () => {
  it("starts one job for the same click of the same user while it runs and just after, then another", async () => {
    await withScheduler({ maxPerUser: 10 }, async (t) => {
      const clickKey = "ann:vary:1999999999999999999:1:";
      expect(t.submit(t.job("first", "ann", 1, { clickKey }))).toEqual({ status: "queued" });
      expect(t.submit(t.job("twice", "ann", 1, { clickKey }))).toEqual({ status: "duplicate_click" });
      expect(t.store.get("twice")).toBeUndefined();
      // Another user's click, and the same user's other click, are their own.
      expect(t.submit(t.job("ben", "ben", 1, { clickKey: "ben:vary:1999999999999999999:1:" }))).toEqual({
        status: "queued",
      });
      expect(t.submit(t.job("other", "ann", 1, { clickKey: "ann:vary:1999999999999999999:0:" }))).toEqual({
        status: "queued",
      });
      for (const id of ["first", "ben", "other"]) await t.ideogram.answer(id);
      await t.idle();
      expect(t.submit(t.job("after", "ann", 1, { clickKey }))).toEqual({ status: "duplicate_click" });
      await t.advance(CLICK_REPEAT_MS + 1);
      expect(t.submit(t.job("later", "ann", 1, { clickKey }))).toEqual({ status: "queued" });
      await t.ideogram.answer("later");
      await t.idle();
      expect(t.ideogram.started).toEqual(["first", "ben", "other", "later"]);
    });
  });

  it("lets a click that failed be clicked again at once", async () => {
    await withScheduler({}, async (t) => {
      const clickKey = "ann:reroll:1999999999999999999::";
      t.submit(t.job("failed", "ann", 1, { clickKey }));
      await t.ideogram.answer("failed", 422);
      await t.idle();
      expect(t.submit(t.job("again", "ann", 1, { clickKey }))).toEqual({ status: "queued" });
      await t.ideogram.answer("again");
      await t.idle();
    });
  });
});

describe("Scheduler: limits and deadlines", () => {
  it("refuses a user's job past MAX_JOBS_PER_USER, and a job larger than the gate", async () => {
    await withScheduler({ maxInflight: 4, maxPerUser: 2 }, async (t) => {
      t.submit(t.job("a", "ann"));
      t.submit(t.job("b", "ann"));
      expect(t.submit(t.job("c", "ann"))).toEqual({ status: "user_limit", limit: 2 });
      expect(t.submit(t.job("d", "ben", 5))).toEqual({ status: "too_many_images", limit: 4 });
      await t.ideogram.answer("a");
      await t.ideogram.answer("b");
    });
  });

  it("ends a job that cannot start before its token expires, then leaves its message alone", async () => {
    await withScheduler({ maxInflight: 1 }, async (t) => {
      t.submit(t.job("blocker", "ann"));
      t.submit(t.job("late", "ben"));
      await t.advance(LATEST_START_MS);
      t.scheduler.tick();
      await vi.waitFor(async () =>
        expect((await t.edits("late")).at(-1)?.content).toContain("could not start"),
      );
      const editsBefore = (await t.edits("late")).length;
      await t.ideogram.answer("blocker");
      await t.idle();
      await t.advance(10_000);
      t.scheduler.tick();
      await t.idle();
      expect(t.ideogram.started).toEqual(["blocker"]);
      expect(await t.edits("late")).toHaveLength(editsBefore);
      expect(t.scheduler.status().last_hour).toMatchObject({ delivered: 1, expired: 1 });
    });
  });

  it("stops a job whose token Discord refused, before spending anything at Ideogram", async () => {
    await withScheduler({ maxInflight: 1 }, async (t) => {
      // Its own route, ahead of the catch-all.
      t.network.onFirst("PATCH", `${DISCORD_WEBHOOKS}token-dead/*`, () =>
        json({ message: "Invalid Webhook Token", code: 50027 }, 401),
      );
      t.submit(t.job("blocker", "ann"));
      t.submit(t.job("dead", "ben")); // queued: its position edit gets the 401
      await t.advance(FIRST_EDIT_DELAY_MS);
      t.scheduler.tick();
      await vi.waitFor(() => expect(t.store.get("dead")?.token_dead).toBe(1));
      await t.ideogram.answer("blocker");
      await t.idle();
      expect(t.ideogram.started).toEqual(["blocker"]);
      expect(t.network.callsTo("PATCH", `${DISCORD_WEBHOOKS}token-dead/`)).toHaveLength(1);
      expect(t.store.get("dead")?.state).toBe("done");
    });
  });

  it("deletes a result's kept images from R2 once its retention has passed", async () => {
    await withScheduler({}, async (t) => {
      t.submit(t.job("kept", "alice", 2));
      await t.ideogram.answer("kept");
      await t.idle();
      const keys = async () => (await env.IMAGES.list({ prefix: "kept/" })).objects.map((o) => o.key).sort();
      expect(await keys()).toEqual(["kept/0", "kept/1", "kept/job.json"]);

      await t.advance((RETENTION_DAYS - 1) * 86_400_000);
      t.scheduler.tick();
      await t.idle();
      expect(await keys()).toHaveLength(3);

      await t.advance(2 * 86_400_000);
      t.scheduler.tick();
      await t.idle();
      expect(await keys()).toEqual([]);
      expect(t.logs.join("\n")).toContain('"results_purged"');
    });
  });
});

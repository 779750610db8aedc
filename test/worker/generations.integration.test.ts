// Ideogram's v2 async run: a 4.0 job is sent with async:true and its webhook, its generation recorded
// before anything waits, and delivered from the verified event or, when none comes, from the one
// paced reader; a restart reads the generation and never submits again; a submission whose answer
// was lost is counted (ideogram_submit_unconfirmed).
import { describe, expect, it } from "vitest";
import { dayOf } from "../../src/limits/ledger.ts";
import { FIRST_READ_MS, READ_EVERY_MS } from "../../src/queue/generations.ts";
import { LEASE_MS } from "../../src/queue/leases.ts";
import { type FakeNetwork, json } from "../support/fake-network.ts";
import { fakeIdeogramEndpoints, harnessWithFakes, IDEOGRAM, readCall, sentTo } from "../support/ideogram.ts";
import { imagine, originalMessageOf } from "../support/interactions.ts";
import { withScheduler } from "../support/scheduler.ts";

const V4 = "/v2/image/generate/ideogram-4";
const READS = `${IDEOGRAM}/v2/generations/`;
/** A 4.0 job of `images` images. */
const v4Job = (images = 1) => ({ request: { prompt: "a city", model: "V_4" as const, num_images: images } });

/** The requests sent to 4.0's generate (not its dry runs). */
const submissions = (network: FakeNetwork) => sentTo(network, V4);

/** The Discord edits of `token`'s message that carry images. */
const withImages = (h: Awaited<ReturnType<typeof harnessWithFakes>>, interaction: { token: string }) =>
  h.network
    .callsTo("PATCH", originalMessageOf(interaction))
    .filter((c) => c.headers.get("Content-Type")?.startsWith("multipart/"));

describe("Ideogram's v2 async run", () => {
  it("sends async:true with the webhook, records the generation, and delivers from the event: one submission, no read", async () => {
    const h = await harnessWithFakes();
    const interaction = imagine({ prompt: "a city", model: "V_4" });
    await h.interact(interaction);
    await h.drain();
    const sent = submissions(h.network);
    expect(sent).toHaveLength(1);
    const { fields } = await readCall(sent[0]?.request ?? new Request("https://x"));
    expect(fields).toMatchObject({ async: true, webhook_url: "https://bot.example/ideogram/events" });
    expect(h.network.callsTo("GET", READS)).toHaveLength(0);
    expect(withImages(h, interaction)).toHaveLength(1);
    const events = h.logs.map((l) => JSON.parse(l).event);
    expect(events.indexOf("ideogram_submitted")).toBeLessThan(events.indexOf("generation_done"));
  });

  it("posts one message when Ideogram sends the webhook twice", async () => {
    const h = await harnessWithFakes({}, { webhooks: "duplicate" });
    const interaction = imagine({ prompt: "a city twice", model: "V_4" });
    await h.interact(interaction);
    await h.drain();
    expect(submissions(h.network)).toHaveLength(1);
    expect(withImages(h, interaction)).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('"ideogram_event"') && l.includes('"duplicate"'))).toBe(true);
  });

  it("reads the generation when no webhook comes: at most once per generation in each READ_EVERY_MS", async () => {
    await withScheduler({}, async (t) => {
      fakeIdeogramEndpoints(t.network, { pendingReads: 2 });
      t.submit(t.job("read-1", "u1", 1, v4Job()));
      await t.idle();
      expect(t.store.get("read-1")?.generation_id).toMatch(/^gen-/);
      // Nothing open: the run ended with the submission.
      expect(t.runs).toEqual([{ jobId: "read-1", attempt: 1 }]);
      for (let elapsed = 0; elapsed < FIRST_READ_MS + 4 * READ_EVERY_MS; elapsed += 1_000) {
        await t.advance(1_000);
        t.scheduler.tick();
        await t.idle();
      }
      const reads = t.network.callsTo("GET", READS);
      // Two pending, then completed: three reads, none sooner than READ_EVERY_MS after the one before.
      expect(reads).toHaveLength(3);
      expect(submissions(t.network)).toHaveLength(1);
      expect(t.runs).toEqual([
        { jobId: "read-1", attempt: 1 },
        { jobId: "read-1", attempt: 2 },
      ]);
      const final = (await t.edits("read-1")).at(-1);
      expect(final?.attachments).toHaveLength(1);
      expect(t.store.figures(t.clock.now()).jobs_at_ideogram).toBe(0);
    });
  });

  it("resumes a generation after a restart by reading it, never by submitting again", async () => {
    await withScheduler({}, async (t) => {
      // Still making it long after the restart, and after any lease would have lapsed.
      fakeIdeogramEndpoints(t.network, { pendingReads: 8 });
      t.submit(t.job("restart-1", "u1", 2, v4Job(2)));
      await t.idle();
      t.restart();
      for (let elapsed = 0; elapsed < 90_000; elapsed += 3_000) {
        await t.advance(3_000);
        t.scheduler.tick();
        await t.idle();
      }
      expect(submissions(t.network)).toHaveLength(1);
      expect(t.logs.some((l) => l.includes('"run_lost"'))).toBe(false);
      expect((await t.edits("restart-1")).at(-1)?.attachments).toHaveLength(2);
    });
  });

  it("gives a submitted job no lease, even when its run's renewal fires after the submission", async () => {
    await withScheduler({}, async (t) => {
      fakeIdeogramEndpoints(t.network, { pendingReads: 20 });
      t.submit(t.job("renewed-1", "u1", 1, v4Job()));
      await t.idle();
      // The run's renewal timer, a moment late.
      expect(await t.scheduler.renew({ jobId: "renewed-1", attempt: 1 })).toBe(false);
      for (let elapsed = 0; elapsed < 2 * LEASE_MS; elapsed += 3_000) {
        await t.advance(3_000);
        t.scheduler.tick();
        await t.idle();
      }
      expect(submissions(t.network)).toHaveLength(1);
      expect(t.logs.some((l) => l.includes('"run_lost"'))).toBe(false);
    });
  });

  it("keeps a job's places while Ideogram makes its images, and frees them when they are done", async () => {
    await withScheduler({ maxInflight: 2 }, async (t) => {
      fakeIdeogramEndpoints(t.network);
      t.submit(t.job("places-1", "u1", 2, v4Job(2)));
      t.submit(t.job("places-2", "u2", 2, v4Job(2)));
      await t.idle();
      expect(t.store.inflight()).toBe(2);
      expect(t.store.get("places-2")?.state).toBe("waiting");
      for (let elapsed = 0; elapsed < 2 * FIRST_READ_MS + 3_000; elapsed += 1_000) {
        await t.advance(1_000);
        t.scheduler.tick();
        await t.idle();
      }
      expect(submissions(t.network)).toHaveLength(2);
      expect((await t.edits("places-2")).at(-1)?.attachments).toHaveLength(2);
    });
  });

  it("ends a job whose generation failed with a plain message, and charges nothing", async () => {
    await withScheduler({}, async (t) => {
      fakeIdeogramEndpoints(t.network);
      // The generation fails at Ideogram: its read says so.
      t.network.onFirst("GET", `${READS}*`, (request) =>
        json({
          generation_id: new URL(request.url).pathname.split("/").pop(),
          status: "failed",
          created: "2026-12-03T12:00:00Z",
          failure_reason: "content_policy_violation",
        }),
      );
      t.submit(t.job("failed-1", "u1", 1, { ...v4Job(), guildId: "g-failed" }));
      await t.idle();
      await t.advance(FIRST_READ_MS);
      t.scheduler.tick();
      await t.idle();
      const final = (await t.edits("failed-1")).at(-1);
      expect(JSON.stringify(final)).toContain("content policy");
      expect(t.ledger.used(dayOf(t.clock.now()), "user", "u1").images).toBe(0);
    });
  });

  it("counts a submission whose answer was lost after it was sent, in a log line and GET /status", async () => {
    const h = await harnessWithFakes(
      {},
      // Ideogram took it (2xx), but what came back names no generation.
      { refuse: (path) => (path === V4 ? json({ accepted: true }, 200) : undefined) },
    );
    const unconfirmed = async () =>
      (await (await h.request("/status")).json<{ ideogram_submit_unconfirmed: number }>())
        .ideogram_submit_unconfirmed;
    const before = await unconfirmed();
    await h.interact(imagine({ prompt: "a city lost", model: "V_4" }));
    await h.drain();
    expect(h.logs.some((l) => l.includes('"ideogram_submit_unconfirmed"'))).toBe(true);
    expect(await unconfirmed()).toBe(before + 1);
  });
});

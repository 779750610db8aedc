// The real scheduler object's lifecycle inside the pool: its heartbeat alarm, and a restart (a new
// instance on the same storage) while a run is at Ideogram. Runs are real Workflow instances.
import { abortAllDurableObjects, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { schedulerStub } from "../../src/bindings.ts";
import { json } from "../support/fake-network.ts";
import {
  createHarness,
  IDEOGRAM_GENERATE,
  ideogramResult,
  ORIGINAL_MESSAGE,
  serveImages,
} from "../support/harness.ts";
import { imagine } from "../support/interactions.ts";

/** Ideogram holds each /generate until the test lets it answer. */
function heldIdeogram(h: Awaited<ReturnType<typeof createHarness>>) {
  const result = ideogramResult([{}]);
  serveImages(h.network, result);
  let release: () => void = () => {};
  const answered = new Promise<void>((resolve) => {
    release = resolve;
  });
  h.network.on("POST", IDEOGRAM_GENERATE, async () => {
    await answered;
    return json(result);
  });
  h.network.on("PATCH", ORIGINAL_MESSAGE, () => json({ id: "1" }));
  return { release };
}

describe("the scheduler object in the pool", () => {
  it("keeps a heartbeat alarm while work exists, and none once it is done", async () => {
    const h = await createHarness();
    const ideogram = heldIdeogram(h);
    await h.interact(imagine({ prompt: "a heartbeat" }));
    const stub = schedulerStub(h.env);
    await vi.waitFor(() => expect(h.network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(1));
    expect(await runDurableObjectAlarm(stub)).toBe(true); // a tick while the run is at Ideogram
    ideogram.release();
    await h.drain(() => h.network.callsTo("PATCH", ORIGINAL_MESSAGE).length > 0);
    // Once nothing is left to do, a tick arms no further alarm.
    await vi.waitFor(async () => expect(await runDurableObjectAlarm(stub)).toBe(false), { timeout: 3000 });
  });

  it("lets a run outlive a restart of the object: the new instance takes its reports, one delivery", async () => {
    const h = await createHarness();
    const ideogram = heldIdeogram(h);
    await h.interact(imagine({ prompt: "across an eviction" }));
    const stub = schedulerStub(h.env);
    await vi.waitFor(() => expect(h.network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(1));
    // The object restarts (evictDurableObject would wait for this test's own stub to let go); the
    // run, a Workflow instance, goes on and reports to the new instance.
    await abortAllDurableObjects();
    expect(await stub.status()).toMatchObject({ jobs_running: 1, images_in_flight: 1 });
    ideogram.release();
    await h.drain(() => h.network.callsTo("PATCH", ORIGINAL_MESSAGE).length > 0);
    expect(h.network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(1);
    const finals = h.network
      .callsTo("PATCH", ORIGINAL_MESSAGE)
      .filter((c) => c.headers.get("Content-Type")?.startsWith("multipart/"));
    expect(finals).toHaveLength(1);
    expect(await stub.status()).toMatchObject({ jobs_running: 0, images_in_flight: 0 });
  }, 60_000);
});

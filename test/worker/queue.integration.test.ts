// The queue as Discord users meet it: through signed interactions to the Worker.
import { describe, expect, it } from "vitest";
import { json } from "../support/fake-network.ts";
import { createHarness, fakeHappyPath, IDEOGRAM_GENERATE, ORIGINAL_MESSAGE } from "../support/harness.ts";
import {
  APPLICATION_ID,
  INTERACTION_TOKEN,
  imagine,
  nextInteractionId,
  ping,
  USER_ID,
} from "../support/interactions.ts";
import { signedHeaders } from "../support/signing.ts";

type Ephemeral = { type: number; data: { flags: number; content: string } };

/** A slow Ideogram. The wait runs inside the caller (the scheduler object): a promise resolved
 * from the test's context would resume the object's code in the wrong I/O context. */
const slowly = (ms: number, respond: () => Response) => () =>
  new Promise<Response>((resolve) => setTimeout(() => resolve(respond()), ms));

const cancelClick = (jobId: string, userId: string) => ({
  id: nextInteractionId(),
  application_id: APPLICATION_ID,
  type: 3,
  token: `click-${jobId}`,
  version: 1,
  member: { user: { id: userId, username: "someone", global_name: null, discriminator: "0", avatar: null } },
  data: { custom_id: `cancel:${jobId}`, component_type: 2 },
});

describe("the queue through /interactions", () => {
  it("refuses a request signed more than 5 minutes ago with 401", async () => {
    const h = await createHarness();
    const body = JSON.stringify(ping());
    const stale = String(Math.floor(Date.now() / 1000) - 301);
    const response = await h.request("/interactions", {
      method: "POST",
      headers: await signedHeaders(h.signer, body, stale),
      body,
    });
    expect(response.status).toBe(401);
  });

  it("starts one job for an interaction delivered twice", async () => {
    const h = await createHarness();
    fakeHappyPath(h.network);
    const payload = imagine({ prompt: "a lighthouse" });
    expect(await (await h.interact(payload)).json()).toEqual({ type: 5 });
    expect(await (await h.interact(payload)).json()).toEqual({ type: 5 });
    await h.drain();
    expect(h.network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(1);
  });

  it("lets only the requester cancel, with a private answer to anyone else", async () => {
    const h = await createHarness();
    // Ideogram answers only after the clicks, so the job is still running when they come.
    h.network.on(
      "POST",
      IDEOGRAM_GENERATE,
      slowly(300, () => json({ created: "2026-11-24T00:00:00Z", data: [] })),
    );
    h.network.on("PATCH", ORIGINAL_MESSAGE, () => json({ id: "1" }));
    const payload = imagine({ prompt: "a lighthouse" });
    await h.interact(payload);

    const stranger = await (
      await h.interact(cancelClick(payload.id, "999999999999999999"))
    ).json<Ephemeral>();
    expect(stranger.type).toBe(4);
    expect(stranger.data).toMatchObject({ flags: 64, content: "Only Ada can cancel this." });

    expect(await (await h.interact(cancelClick(payload.id, USER_ID))).json()).toEqual({ type: 6 });
    await h.drain(() => h.network.callsTo("PATCH", ORIGINAL_MESSAGE).length >= 1);
    const last = await h.network
      .callsTo("PATCH", ORIGINAL_MESSAGE)
      .at(-1)
      ?.request.json<{ content: string }>();
    expect(last?.content).toContain("Cancelled** by Ada");

    const again = await (await h.interact(cancelClick(payload.id, USER_ID))).json<Ephemeral>();
    expect(again.data).toMatchObject({ flags: 64, content: "This request was already cancelled." });
  });

  it("answers a click on an unknown button with an ephemeral note", async () => {
    const h = await createHarness();
    const unknown = await (await h.interact(cancelClick("1", USER_ID))).json<Ephemeral>();
    expect(unknown.data).toMatchObject({ flags: 64 });
    expect(unknown.data.content).toMatch(/^This button has expired/);
    const forged = await (
      await h.interact({
        ...cancelClick("1", USER_ID),
        data: { custom_id: "x".repeat(100), component_type: 2 },
      })
    ).json<Ephemeral>();
    expect(forged.data).toMatchObject({ flags: 64 });
    expect(forged.data.content).toMatch(/^This button has expired/);
  });

  it("refuses a user's fourth concurrent request privately", async () => {
    const h = await createHarness();
    h.network.on(
      "POST",
      IDEOGRAM_GENERATE,
      slowly(300, () => json({ error: "no" }, 422)),
    );
    h.network.on("PATCH", ORIGINAL_MESSAGE, () => json({ id: "1" }));
    for (let i = 0; i < 3; i++)
      expect(await (await h.interact(imagine({ prompt: `p${i}` }))).json()).toEqual({ type: 5 });
    const fourth = await (await h.interact(imagine({ prompt: "p3" }))).json<Ephemeral>();
    expect(fourth.data.flags).toBe(64);
    expect(fourth.data.content).toContain("You already have 3 requests waiting or generating");
    await h.drain();
  });

  it("answers privately, accepting nothing, when the scheduler cannot be reached", async () => {
    const unreachable = {
      getByName: () => ({
        enqueue: () => Promise.reject(new Error("Durable Object reset because its code was updated")),
      }),
    };
    const h = await createHarness({ SCHEDULER: unreachable });
    const answer = await (await h.interact(imagine({ prompt: "a lighthouse" }))).json<Ephemeral>();
    expect(answer.type).toBe(4);
    expect(answer.data).toMatchObject({
      flags: 64,
      content: "The bot could not take this request right now. Please try again in a moment.",
    });
    expect(h.logs.join("\n")).toContain("interaction_failed");
    expect(h.network.calls).toHaveLength(0);
  });

  it("reports the queue on GET /status without prompts, users or tokens", async () => {
    const h = await createHarness();
    fakeHappyPath(h.network);
    await h.interact(imagine({ prompt: "a very secret lighthouse" }));
    await h.drain();
    const response = await h.request("/status");
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({
      jobs_waiting: 0,
      jobs_running: 0,
      images_in_flight: 0,
      oldest_waiting_seconds: 0,
      last_hour: { delivered: expect.any(Number), failed: expect.any(Number) },
    });
    expect(text).not.toContain("lighthouse");
    expect(text).not.toContain(USER_ID);
    expect(text).not.toContain(INTERACTION_TOKEN);
  });
});

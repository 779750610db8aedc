// The durable queue end to end: the real Worker against a fake Ideogram that enforces its
// 10-images-in-flight limit and takes ~0.5 s per request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordServer,
  type IdeogramServer,
  startDiscordServer,
  startIdeogramServer,
} from "../../playground/emulator-servers.ts";
import { click, nextInteractionId } from "../support/interactions.ts";
import { createSigner, type TestSigner } from "../support/signing.ts";
import {
  E2E_IDEOGRAM_KEY,
  imagineFrom,
  postInteraction,
  startWorker,
  userSnowflake,
  waitFor,
} from "./helpers.ts";

const IDEOGRAM_KEY = E2E_IDEOGRAM_KEY;
const LIMIT = 10;

let signer: TestSigner;
let ideogram: IdeogramServer;
let discord: DiscordServer;
let worker: ReturnType<typeof startWorker>;
let base: URL;

beforeAll(async () => {
  signer = await createSigner();
  ideogram = await startIdeogramServer(IDEOGRAM_KEY, {
    maxInflight: LIMIT,
    // Long enough that no blocker ends within the late job's 2 s, however slowly a loaded machine posts them.
    latencyMs: (prompt) => (prompt.startsWith("slow") ? 8_000 : 500),
  });
  discord = await startDiscordServer();
  worker = startWorker(
    signer,
    { ideogram: ideogram.url, discord: discord.url },
    { IDEOGRAM_MAX_INFLIGHT: String(LIMIT), MAX_JOBS_PER_USER: "3" },
  );
  base = (await worker.listen()).url;
});

afterAll(async () => {
  await worker?.close();
  await ideogram?.close();
  await discord?.close();
});

const finals = (token: string) => discord.edits.filter((e) => e.token === token && e.final);
const status = async () => (await (await fetch(new URL("/status", base))).json()) as Record<string, number>;

describe("the queue, end to end", () => {
  it("delivers a burst of 40 jobs from 20 users exactly once each, with no 429 from Ideogram", async () => {
    const jobs = Array.from({ length: 40 }, (_, i) => imagineFrom(100 + (i % 20), `burst ${i}`, 1 + (i % 3)));
    const answers = await Promise.all(jobs.map((job) => postInteraction(base, signer, job)));
    for (const answer of answers) expect(await answer.json()).toEqual({ type: 5 });

    await waitFor(() => jobs.every((job) => finals(job.token).length > 0), 60_000);
    for (const job of jobs) {
      expect(finals(job.token)).toHaveLength(1);
      expect(finals(job.token)[0]?.form.get("files[0]")).toBeInstanceOf(File);
    }
    expect(ideogram.stats.rejected).toBe(0);
    expect(ideogram.stats.peak).toBe(LIMIT); // kept at the limit while work was waiting
    expect(
      ideogram.requests.filter((r) => String(r.body.image_request.prompt).startsWith("burst")),
    ).toHaveLength(40);
    // Waiting jobs were told their place in line.
    const queued = discord.edits.filter((e) => e.payload.content?.includes("Queued** — #"));
    expect(queued.length).toBeGreaterThan(0);
  }, 90_000);

  it("starts one job for a replayed interaction", async () => {
    const job = imagineFrom(300, "replayed once", 1);
    expect(await (await postInteraction(base, signer, job)).json()).toEqual({ type: 5 });
    expect(await (await postInteraction(base, signer, job)).json()).toEqual({ type: 5 });
    await waitFor(() => finals(job.token).length > 0);
    expect(ideogram.requests.filter((r) => r.body.image_request.prompt === "replayed once")).toHaveLength(1);
  });

  it("runs a double click on Vary once, and another user's click as their own job", async () => {
    const grid = imagineFrom(310, "double clicked", 2);
    expect(await (await postInteraction(base, signer, grid)).json()).toEqual({ type: 5 });
    await waitFor(() => finals(grid.token).length > 0, 30_000);
    const vary = (user: number) => {
      const id = nextInteractionId();
      return { ...click(`vary:${grid.id}:1`, { userId: userSnowflake(user) }), id, token: `token-${id}` };
    };
    const clicks = [vary(310), vary(310), vary(311)];
    type Answer = { type: number; data?: { content: string } };
    const answers = await Promise.all(
      clicks.map(async (c) => (await (await postInteraction(base, signer, c)).json()) as Answer),
    );
    expect(answers.map((a) => a.type).sort()).toEqual([4, 5, 5]);
    expect(answers.find((a) => a.type === 4)?.data?.content).toMatch(/^You already clicked this/);
    await waitFor(() => clicks.filter((c) => finals(c.token).length > 0).length === 2, 30_000);
    const remixes = ideogram.requests.filter((r) => r.endpoint === "remix");
    expect(remixes.filter((r) => r.body.image_request.prompt === "double clicked")).toHaveLength(2);
  }, 60_000);

  it("ends a job that waits past its token's window with a message, then stays silent", async () => {
    // Ten 8-second jobs hold every place; the late job was created 9m58s ago, so it must start within 2 s.
    const blockers = Array.from({ length: LIMIT }, (_, i) => imagineFrom(400 + i, `slow ${i}`, 1));
    await Promise.all(blockers.map((job) => postInteraction(base, signer, job)));
    await waitFor(async () => (await status()).images_in_flight === LIMIT);
    const late = imagineFrom(499, "too late", 1, Date.now() - (10 * 60 - 2) * 1000);
    expect(await (await postInteraction(base, signer, late)).json()).toEqual({ type: 5 });

    const ended = await waitFor(() => finals(late.token)[0], 10_000);
    expect(ended.payload.content).toContain("could not start before Discord's 15-minute limit");
    await waitFor(() => blockers.every((job) => finals(job.token).length > 0), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 4_000)); // a few heartbeats later…
    expect(discord.edits.filter((e) => e.token === late.token).at(-1)).toBe(ended);
    expect(ideogram.requests.some((r) => r.body.image_request.prompt === "too late")).toBe(false);
    expect(discord.refused).toBe(0);
  }, 60_000);

  it("reports an idle queue on GET /status", async () => {
    await waitFor(async () => (await status()).jobs_running === 0);
    const figures = await status();
    expect(figures).toMatchObject({ jobs_waiting: 0, images_in_flight: 0 });
    expect((figures.last_hour as unknown as Record<string, number>).delivered).toBeGreaterThanOrEqual(51);
  });
});

// Durability: `wrangler dev` killed mid-burst and started again on the same persisted state
// (Durable Object SQLite and R2), and the buttons under results still working after that.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type DiscordServer,
  type IdeogramServer,
  startDiscordServer,
  startIdeogramServer,
} from "../../playground/emulator-servers.ts";
import { freePort } from "../../playground/http.ts";
import { startWranglerDev, type WranglerDev } from "../../playground/wrangler-dev.ts";
import { click, describeMessage, nextInteractionId } from "../support/interactions.ts";
import { createSigner, type TestSigner } from "../support/signing.ts";
import { E2E_IDEOGRAM_KEY, imagineFrom, postInteraction, userSnowflake, waitFor } from "./helpers.ts";

const IDEOGRAM_KEY = E2E_IDEOGRAM_KEY;

let signer: TestSigner;
let ideogram: IdeogramServer;
let discord: DiscordServer;
let port: number;
const state = mkdtempSync(join(tmpdir(), "imagine-state-"));
let dev: WranglerDev | undefined;

/** `wrangler dev` as an operator runs it, on state that outlives it. */
async function startDev(): Promise<void> {
  dev = await startWranglerDev({
    port,
    persistTo: state,
    vars: {
      IDEOGRAM_API_BASE: ideogram.url,
      DISCORD_API_BASE: `${discord.url}/api/v10`,
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      DISCORD_APPLICATION_ID: "1234567890123456789",
      IDEOGRAM_API_KEY: IDEOGRAM_KEY,
      // A lost run is found once its lease lapses: 6 s here (renewed every 2 s), 30 s in production.
      RUN_LEASE_MS: "6000",
    },
  });
}

/** A crash: the whole process group (wrangler and workerd) gets SIGKILL, nothing is flushed. */
async function killDev(): Promise<void> {
  await dev?.stop("SIGKILL");
  dev = undefined;
}

beforeAll(async () => {
  signer = await createSigner();
  ideogram = await startIdeogramServer(IDEOGRAM_KEY, {
    maxInflight: 10,
    latencyMs: (prompt) => (prompt.startsWith("slow") ? 60_000 : 500),
  });
  discord = await startDiscordServer();
  port = await freePort();
  await startDev();
}, 60_000);

afterAll(async () => {
  await killDev();
  await ideogram?.close();
  await discord?.close();
  rmSync(state, { recursive: true, force: true });
});

const finals = (token: string) => discord.edits.filter((e) => e.token === token && e.final);

it("delivers every accepted job once after the Worker is killed mid-burst and started again", async () => {
  const base = new URL(`http://127.0.0.1:${port}/`);
  const jobs = Array.from({ length: 24 }, (_, i) => imagineFrom(700 + (i % 12), `durable ${i}`, 1 + (i % 3)));
  for (const answer of await Promise.all(jobs.map((job) => postInteraction(base, signer, job)))) {
    expect(await answer.json()).toEqual({ type: 5 });
  }
  // Kill it while some jobs are done, some are at Ideogram, and the rest are waiting.
  await waitFor(() => jobs.filter((job) => finals(job.token).length > 0).length >= 4, 30_000);
  await killDev();
  const deliveredBeforeCrash = jobs.filter((job) => finals(job.token).length > 0).length;
  expect(deliveredBeforeCrash).toBeLessThan(jobs.length);

  await startDev();
  await waitFor(() => jobs.every((job) => finals(job.token).length > 0), 60_000);
  for (const job of jobs) expect(finals(job.token)).toHaveLength(1);
  expect(discord.refused).toBe(0);
  // Jobs that were at Ideogram when the process died were run again (at-least-once execution).
  const requests = ideogram.requests.filter((r) => String(r.body.image_request.prompt).startsWith("durable"));
  console.log(
    `restart: ${deliveredBeforeCrash} delivered before the crash, ${requests.length} Ideogram requests`,
  );
  expect(requests.length).toBeGreaterThan(jobs.length);
}, 120_000);

/** A button click (or a form) as Discord sends it, with a token DiscordServer can expire. */
function fromDiscord<T extends { id: string; token: string }>(interaction: T): T {
  const id = nextInteractionId();
  return { ...interaction, id, token: `token-${id}` };
}

it("keeps every button working after a restart: upscale, vary, re-roll, edit, describe", async () => {
  const base = new URL(`http://127.0.0.1:${port}/`);
  const original = imagineFrom(801, "buttons after restart", 2);
  expect(await (await postInteraction(base, signer, original)).json()).toEqual({ type: 5 });
  const result = await waitFor(() => finals(original.token)[0], 30_000);
  const attached = result.form.get("files[1]") as File;

  await killDev();
  await startDev();

  const upscale = fromDiscord(click(`upscale:${original.id}:1`));
  const vary = fromDiscord(click(`vary:${original.id}:0`));
  const reroll = fromDiscord(click(`reroll:${original.id}`));
  const apps = fromDiscord(
    describeMessage({
      author: { id: "1234567890123456789", username: "Imagine", bot: true },
      components: result.payload.components,
    }),
  );
  // Apps › Describe image on a grid asks which image; the menu it answers with describes the second.
  expect(await (await postInteraction(base, signer, apps)).json()).toMatchObject({ type: 4 });
  // (Another member's: one member may have 3 requests at once.)
  const menu = fromDiscord(
    click(`describe:${original.id}`, { values: ["1"], userId: "1000000000000000009" }),
  );
  for (const interaction of [upscale, vary, reroll, menu]) {
    expect(await (await postInteraction(base, signer, interaction)).json()).toEqual({ type: 5 });
  }
  const edit = await (await postInteraction(base, signer, fromDiscord(click(`edit:${original.id}`)))).json();
  expect(edit).toMatchObject({ type: 9, data: { custom_id: `edit:${original.id}` } });

  await waitFor(() => [upscale, vary, reroll, menu].every((i) => finals(i.token).length === 1), 30_000);
  const sent = (endpoint: string) => ideogram.requests.filter((r) => r.endpoint === endpoint);
  // The kept image itself goes back to Ideogram, byte for byte.
  expect(sent("upscale")[0]?.file?.bytes).toEqual(new Uint8Array(await attached.arrayBuffer()));
  expect(sent("remix")[0]?.body.image_request).toMatchObject({
    prompt: "buttons after restart",
    image_weight: 50,
  });
  expect(sent("describe").map((r) => r.file?.bytes)).toEqual([new Uint8Array(await attached.arrayBuffer())]);
  const rerolled = sent("generate").filter((r) => r.body.image_request.prompt === "buttons after restart");
  expect(rerolled).toHaveLength(2);
  expect(rerolled[1]?.body.image_request).toEqual({ prompt: "buttons after restart", num_images: 2 });
  expect(finals(upscale.token)[0]?.form.get("files[0]")).toBeInstanceOf(File);
}, 90_000);

it("gives back the places of a run cancelled mid-generation when the Worker is killed and started again", async () => {
  const base = new URL(`http://127.0.0.1:${port}/`);
  const status = async () => (await (await fetch(new URL("/status", base))).json()) as Record<string, number>;
  const job = imagineFrom(901, "slow cancelled", 4);
  expect(await (await postInteraction(base, signer, job)).json()).toEqual({ type: 5 });
  await waitFor(() => ideogram.stats.inflight === 4, 30_000);
  const cancel = { ...click(`cancel:${job.id}`, { userId: userSnowflake(901) }), id: nextInteractionId() };
  expect(await (await postInteraction(base, signer, cancel)).json()).toEqual({ type: 6 });
  expect(await status()).toMatchObject({ images_in_flight: 4 }); // Ideogram counts them until it answers
  await killDev();
  await startDev();
  // The new instance can't know the run died with the old one: once its lease lapses, the places are free.
  await waitFor(async () => (await status()).images_in_flight === 0, 60_000);
  expect(await status()).toMatchObject({ jobs_running: 0, images_in_flight: 0 });
  // And a job needing every place starts.
  const next = imagineFrom(902, "after the restart", 8);
  expect(await (await postInteraction(base, signer, next)).json()).toEqual({ type: 5 });
  await waitFor(() => finals(next.token)[0], 30_000);
}, 120_000);

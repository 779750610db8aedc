// The e2e helpers are hermetic: a developer's .dev.vars, .env and environment (all set here to
// values that would break every test) change nothing. The project is linked into a temporary folder
// whose .dev.vars and .env are hostile, so the developer's own files are never touched.
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type DiscordServer,
  type IdeogramServer,
  startDiscordServer,
  startIdeogramServer,
} from "../../playground/emulator-servers.ts";
import { freePort } from "../../playground/http.ts";
import { startWranglerDev } from "../../playground/wrangler-dev.ts";
import { createSigner, type TestSigner } from "../support/signing.ts";
import {
  E2E_IDEOGRAM_KEY,
  imagineFrom,
  linkedProject,
  postInteraction,
  startWorker,
  waitFor,
} from "./helpers.ts";

/** Everything a developer might have configured, each value one that would break a test. */
const HOSTILE = {
  DISCORD_PUBLIC_KEY: "f".repeat(64),
  DISCORD_APPLICATION_ID: "999999999999999999",
  IDEOGRAM_API_KEY: "hostile-key-from-elsewhere",
  IDEOGRAM_API_BASE: "http://127.0.0.1:9/hostile",
  DISCORD_API_BASE: "http://127.0.0.1:9/hostile",
  IDEOGRAM_MAX_INFLIGHT: "1",
  MAX_JOBS_PER_USER: "1",
  USER_DAILY_IMAGES: "1",
  DAILY_BUDGET_USD: "0.01",
  WEBHOOK_SECRET: "hostile-webhook-secret-0123456789",
};
const asDotenv = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");

const project = linkedProject({ ".dev.vars": asDotenv(HOSTILE), ".env": asDotenv(HOSTILE) });
const saved = { ...process.env };
let signer: TestSigner;
let ideogram: IdeogramServer;
let discord: DiscordServer;

beforeAll(async () => {
  Object.assign(process.env, { ...HOSTILE, CLOUDFLARE_INCLUDE_PROCESS_ENV: "true" });
  signer = await createSigner();
  ideogram = await startIdeogramServer(E2E_IDEOGRAM_KEY);
  discord = await startDiscordServer();
});

afterAll(async () => {
  process.env = saved;
  await ideogram?.close();
  await discord?.close();
  project.remove();
});

/** An /imagine of 2 images through `base`, delivered with the bytes the fake Ideogram made. */
async function imagineThrough(base: URL, prompt: string) {
  const status = await (await fetch(new URL("/", base), { headers: { Accept: "application/json" } })).json();
  expect(status).toMatchObject({ configured: true, webhook_endpoint: expect.stringMatching(/^disabled/) });
  const job = imagineFrom(7, prompt, 2);
  expect(await (await postInteraction(base, signer, job)).json()).toEqual({ type: 5 });
  const final = await waitFor(() => discord.edits.find((e) => e.token === job.token && e.final));
  expect(final.form.getAll("files[1]")).toHaveLength(1);
  expect(ideogram.requests.filter((r) => r.body.image_request.prompt === prompt)).toHaveLength(1);
}

it("runs the Worker through the test harness as the tests configure it", async () => {
  const worker = startWorker(signer, { ideogram: ideogram.url, discord: discord.url }, {}, project.dir);
  try {
    const { url } = await worker.listen();
    await imagineThrough(new URL(url), "hermetic harness");
  } finally {
    await worker.close();
  }
});

it("runs `wrangler dev` as the tests configure it", async () => {
  const dev = await startWranglerDev({
    port: await freePort(),
    cwd: project.dir,
    vars: {
      IDEOGRAM_API_BASE: ideogram.url,
      DISCORD_API_BASE: `${discord.url}/api/v10`,
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      DISCORD_APPLICATION_ID: "1234567890123456789",
      IDEOGRAM_API_KEY: E2E_IDEOGRAM_KEY,
    },
  });
  try {
    await imagineThrough(new URL(dev.url), "hermetic wrangler dev");
  } finally {
    await dev.stop();
  }
}, 90_000);

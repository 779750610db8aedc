// Bench Worker: the bot's own delivery path (a run: images streamed through R2 as in production)
// beside the same network steps done plainly with fetch, holding every image in memory.
import { systemClock } from "../src/http/retry.ts";
import type { RunnerHost } from "../src/jobs/contract.ts";
import type { Job, JobOutcome } from "../src/jobs/job.ts";
import { ResultStore } from "../src/jobs/results.ts";
import { createLogger } from "../src/log.ts";
import { runJob } from "../src/pipeline/run-job.ts";

interface BenchEnv {
  IDEOGRAM_API_BASE: string;
  /** The burst's Ideogram (small images): the compute floor's one-image job. */
  SMALL_IDEOGRAM_API_BASE: string;
  DISCORD_API_BASE: string;
  IMAGES: R2Bucket;
}

const APPLICATION_ID = "1234567890123456789";
let jobs = 0;

export default {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const token = crypto.randomUUID();
    const started = performance.now();
    if (new URL(request.url).pathname === "/ours") {
      const id = String(++jobs);
      const job: Job = {
        kind: "generate",
        id,
        interactionId: id,
        applicationId: APPLICATION_ID,
        token,
        request: { prompt: "bench", num_images: 4 },
        user: { id: "1", name: "bench" },
        attachmentSizeLimit: 10 * 1024 * 1024,
        receivedAt: Date.now(),
      };
      // The run as the coordinator would host it, minus the coordinator: every check says go on.
      let outcome: JobOutcome | undefined;
      const host: RunnerHost = {
        claim: async () => ({ job }),
        checkpoint: async () => true,
        renew: async () => true,
        priced: async () => ({ ok: true }),
        generated: async () => ({ proceed: true }),
        submitted: async () => true,
        finished: async (_ref, reported) => {
          outcome = reported;
        },
      };
      await runJob({ jobId: id, attempt: 1 }, host, {
        config: { ...env, IDEOGRAM_API_KEY: "bench-key", IDEOGRAM_TIMEOUT_MS: 120_000, RUN_LEASE_MS: 30_000 },
        fetch: (input, init) => fetch(input, init),
        clock: systemClock,
        log: createLogger([], {}, () => {}),
        results: new ResultStore(env.IMAGES, 30),
      });
      if (outcome?.status !== "delivered") return new Response(JSON.stringify(outcome), { status: 500 });
    } else {
      const url = new URL(request.url);
      const path = url.pathname;
      const count = Number(url.searchParams.get("images") ?? 1);
      if (path === "/plain-small") await plainDelivery(env, token, true, env.SMALL_IDEOGRAM_API_BASE, count);
      else await plainDelivery(env, token, path === "/plain-kept");
    }
    return Response.json({ ms: performance.now() - started });
  },
};

/**
 * The same requests with nothing but fetch: generate, download every image at once, upload them;
 * with `keep`, also write the images and a small JSON to R2 alongside the upload, as the bot does.
 */
async function plainDelivery(
  env: BenchEnv,
  token: string,
  keep: boolean,
  base = env.IDEOGRAM_API_BASE,
  count = 4,
) {
  const generate = () =>
    fetch(`${base}/generate`, {
      method: "POST",
      headers: { "Api-Key": "bench-key", "Content-Type": "application/json" },
      body: JSON.stringify({ image_request: { prompt: "bench", num_images: count } }),
    });
  let generated = await generate();
  // The burst's Ideogram allows 10 images in flight, as the bot's gate does: wait for a place.
  for (let tries = 0; generated.status === 429 && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    generated = await generate();
  }
  if (!generated.ok) throw new Error(`generate: ${generated.status} ${await generated.text()}`);
  const { data } = (await generated.json()) as { data: { url: string }[] };
  const images = await Promise.all(data.map(async (image) => (await fetch(image.url)).arrayBuffer()));
  const form = new FormData();
  form.append(
    "payload_json",
    JSON.stringify({ attachments: images.map((_, id) => ({ id, filename: `${id}.png` })) }),
  );
  for (const [n, bytes] of images.entries()) {
    form.append(`files[${n}]`, new Blob([bytes], { type: "image/png" }), `${n}.png`);
  }
  const kept = keep
    ? Promise.all(images.map((bytes, n) => env.IMAGES.put(`plain-${token}/${n}`, bytes))).then(() =>
        env.IMAGES.put(`plain-${token}/job.json`, JSON.stringify({ token })),
      )
    : undefined;
  const [response] = await Promise.all([
    fetch(`${env.DISCORD_API_BASE}/webhooks/${APPLICATION_ID}/${token}/messages/@original`, {
      method: "PATCH",
      body: form,
    }),
    kept,
  ]);
  if (!response.ok) throw new Error(`upload failed: ${response.status}`);
}

// Bench Worker: the bot's own delivery path (runJob) beside the same network steps done with plain fetch.
import { systemClock } from "../src/http/retry.ts";
import type { Job } from "../src/jobs/job.ts";
import { runJob } from "../src/jobs/run-job.ts";
import { createLogger } from "../src/log.ts";

interface BenchEnv {
  IDEOGRAM_API_BASE: string;
  DISCORD_API_BASE: string;
}

const APPLICATION_ID = "1234567890123456789";

export default {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const token = crypto.randomUUID();
    const started = performance.now();
    if (new URL(request.url).pathname === "/ours") {
      const job: Job = {
        kind: "generate",
        id: token,
        interactionId: token,
        applicationId: APPLICATION_ID,
        token,
        request: { prompt: "bench", num_images: 4 },
        user: { id: "1", name: "bench" },
        attachmentSizeLimit: 10 * 1024 * 1024,
        receivedAt: Date.now(),
      };
      const outcome = await runJob(job, {
        config: { ...env, IDEOGRAM_API_KEY: "bench-key", IDEOGRAM_TIMEOUT_MS: 120_000 },
        fetch: (input, init) => fetch(input, init),
        clock: systemClock,
        log: createLogger([], {}, () => {}),
      });
      if (outcome.status !== "delivered") return new Response(JSON.stringify(outcome), { status: 500 });
    } else {
      await plainDelivery(env, token);
    }
    return Response.json({ ms: performance.now() - started });
  },
};

/** The same requests with nothing but fetch: generate, download every image at once, upload them. */
async function plainDelivery(env: BenchEnv, token: string) {
  const generated = await fetch(`${env.IDEOGRAM_API_BASE}/generate`, {
    method: "POST",
    headers: { "Api-Key": "bench-key", "Content-Type": "application/json" },
    body: JSON.stringify({ image_request: { prompt: "bench", num_images: 4 } }),
  });
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
  const response = await fetch(
    `${env.DISCORD_API_BASE}/webhooks/${APPLICATION_ID}/${token}/messages/@original`,
    {
      method: "PATCH",
      body: form,
    },
  );
  if (!response.ok) throw new Error(`upload failed: ${response.status}`);
}

// Runs a Scheduler on a fresh Durable Object's SQLite storage, against a controllable fake Ideogram.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { Admission, type Limits } from "../../src/limits/admission.ts";
import { UsageLedger } from "../../src/limits/ledger.ts";
import { SettingsStore } from "../../src/limits/settings.ts";
import { createLogger } from "../../src/log.ts";
import type { Job } from "../../src/pipeline/job.ts";
import { ResultStore } from "../../src/pipeline/results.ts";
import { Scheduler } from "../../src/queue/coordinator.ts";
import { JobStore } from "../../src/queue/store.ts";
import { createFakeClock, type FakeClock } from "./clock.ts";
import { FakeNetwork, json } from "./fake-network.ts";
import { IDEOGRAM_GENERATE, IMAGE_HOST, ideogramResult } from "./harness.ts";
import { fakePng, pngResponse } from "./images.ts";
import { APPLICATION_ID } from "./interactions.ts";
import { TEST_CONFIG } from "./jobs.ts";

export const DISCORD_WEBHOOKS = `https://discord.com/api/v10/webhooks/${APPLICATION_ID}/`;

/** A fake Ideogram whose /generate calls wait until the test releases them, counting images in flight. */
export class HeldIdeogram {
  inflight = 0;
  peak = 0;
  /** Prompts in the order their requests reached Ideogram. */
  readonly started: string[] = [];
  private readonly held = new Map<string, (status?: number) => void>();

  constructor(network: FakeNetwork) {
    network.on("POST", IDEOGRAM_GENERATE, async (request) => {
      const { image_request } = await request.json<{
        image_request: { prompt: string; num_images?: number };
      }>();
      const images = image_request.num_images ?? 1;
      this.inflight += images;
      this.peak = Math.max(this.peak, this.inflight);
      this.started.push(image_request.prompt);
      const status = await new Promise<number | undefined>((resolve) =>
        this.held.set(image_request.prompt, resolve),
      );
      this.held.delete(image_request.prompt);
      this.inflight -= images;
      if (status && status !== 200) return json({ error: "refused" }, status);
      return json(ideogramResult(Array.from({ length: images }, () => ({ prompt: image_request.prompt }))));
    });
    network.on("GET", `${IMAGE_HOST}*`, () => pngResponse(fakePng("image")));
  }

  /** Answers the held request for `prompt` (200 with images, or the given error status). */
  async answer(prompt: string, status = 200): Promise<void> {
    await vi.waitFor(() => {
      if (!this.held.has(prompt)) throw new Error(`no request held for ${prompt}`);
    });
    this.held.get(prompt)?.(status);
  }

  isHeld(prompt: string): boolean {
    return this.held.has(prompt);
  }

  /** Prompts whose requests are being held, oldest first. */
  heldPrompts(): string[] {
    return [...this.held.keys()];
  }
}

/** How long the scheduler under test keeps results in R2. */
export const RETENTION_DAYS = 30;

export interface SchedulerTest {
  scheduler: Scheduler;
  /** What /imagine does: enqueue (then Discord is answered), then the alarm set for now fires. */
  submit(job: Job): ReturnType<Scheduler["enqueue"]>;
  store: JobStore;
  /** Daily usage (only counted when `daily` limits were given). */
  ledger: UsageLedger;
  settings: SettingsStore;
  network: FakeNetwork;
  ideogram: HeldIdeogram;
  clock: FakeClock;
  logs: string[];
  job(id: string, user: string, images?: number, overrides?: Partial<Job>): Job;
  /** Every edit of one job's message, in order, as JSON bodies. */
  edits(jobId: string): Promise<{ content?: string; components?: unknown[]; attachments?: unknown[] }[]>;
}

export async function withScheduler(
  limits: { maxInflight?: number; maxPerUser?: number; daily?: Limits; start?: number },
  run: (t: SchedulerTest) => Promise<void>,
): Promise<void> {
  const stub = env.SCHEDULER.get(env.SCHEDULER.newUniqueId());
  await runInDurableObject(stub, async (_instance, state) => {
    const network = new FakeNetwork();
    network.on("PATCH", `${DISCORD_WEBHOOKS}*`, () => json({ id: "1" }));
    const ideogram = new HeldIdeogram(network);
    const clock = createFakeClock(limits.start);
    const logs: string[] = [];
    const store = new JobStore(state.storage.sql);
    const results = new ResultStore(env.IMAGES, RETENTION_DAYS, (id, keys, expiresAt) =>
      store.keptResult(id, keys, expiresAt),
    );
    const ledger = new UsageLedger(state.storage.sql);
    const settings = new SettingsStore(state.storage.sql);
    const admission = limits.daily ? new Admission(ledger, settings, limits.daily) : undefined;
    const scheduler = new Scheduler({
      ...(admission ? { admission } : {}),
      store,
      jobDeps: {
        config: TEST_CONFIG,
        fetch: network.fetch,
        clock,
        log: createLogger([], {}, (l) => logs.push(l)),
        results,
      },
      maxInflight: limits.maxInflight ?? 10,
      maxPerUser: limits.maxPerUser ?? 3,
      setAlarm: () => {},
    });
    const job = (id: string, user: string, images = 1, overrides: Partial<Job> = {}): Job =>
      ({
        kind: "generate",
        id,
        interactionId: id,
        applicationId: APPLICATION_ID,
        token: `token-${id}`,
        request: { prompt: id, num_images: images },
        user: { id: user, name: `user ${user}` },
        attachmentSizeLimit: 10 * 1024 * 1024,
        receivedAt: clock.now(),
        ...overrides,
      }) as Job;
    const edits = async (jobId: string) => {
      const calls = network.callsTo("PATCH", `${DISCORD_WEBHOOKS}token-${jobId}/`);
      return Promise.all(
        calls.map(async (c) => {
          const type = c.headers.get("Content-Type") ?? "";
          if (type.startsWith("multipart/")) {
            return JSON.parse(String((await c.request.formData()).get("payload_json")));
          }
          return c.request.json();
        }),
      );
    };
    const submit = (j: Job) => {
      const result = scheduler.enqueue(j);
      scheduler.tick();
      return result;
    };
    await run({ scheduler, submit, store, ledger, settings, network, ideogram, clock, logs, job, edits });
    await scheduler.idle();
  });
}

// Runs a Coordinator on a fresh Durable Object's SQLite storage (wired as the Durable Object wires it),
// its runs in this isolate, against a controllable fake Ideogram.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import type { Job, JobRef } from "../../src/jobs/job.ts";
import { ResultStore } from "../../src/jobs/results.ts";
import type { Limits } from "../../src/limits/admission.ts";
import type { SettingsStore } from "../../src/limits/guild-settings.ts";
import type { UsageLedger } from "../../src/limits/ledger.ts";
import { createLogger } from "../../src/log.ts";
import { runJob } from "../../src/pipeline/run-job.ts";
import type { Coordinator } from "../../src/queue/coordinator.ts";
import type { JobStore } from "../../src/queue/job-store.ts";
import { wireCoordinator } from "../../src/scheduler/factory.ts";
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
  private readonly held = new Map<string, { answer: (status?: number) => void; images: number }>();

  constructor(network: FakeNetwork) {
    network.on("POST", IDEOGRAM_GENERATE, async (request) => {
      const { image_request } = await request.json<{
        image_request: { prompt: string; num_images?: number };
      }>();
      const images = image_request.num_images ?? 1;
      this.inflight += images;
      this.peak = Math.max(this.peak, this.inflight);
      this.started.push(image_request.prompt);
      const status = await new Promise<number | undefined>((answer) =>
        this.held.set(image_request.prompt, { answer, images }),
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
    this.held.get(prompt)?.answer(status);
  }

  /** Requests whose caller was killed: Ideogram finishes them, but no answer ever reaches the bot. */
  forgetHeld(): void {
    for (const { images } of this.held.values()) this.inflight -= images;
    this.held.clear();
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
  scheduler: Coordinator;
  /** What /imagine does: enqueue (then Discord is answered), then the heartbeat runs. */
  submit(job: Job): ReturnType<Coordinator["enqueue"]>;
  store: JobStore;
  /** Daily usage. */
  ledger: UsageLedger;
  settings: SettingsStore;
  network: FakeNetwork;
  ideogram: HeldIdeogram;
  clock: FakeClock;
  logs: string[];
  /** Runs started, in order (each a job id and attempt). */
  runs: JobRef[];
  /** Lets the next `n` dispatches start nothing, as if the run were lost on its way. */
  loseRuns(n: number): void;
  /** Makes the next `n` dispatches fail outright (Workflows refused to start an instance). */
  failDispatches(n: number): void;
  /** Settles when every run started has ended and the coordinator has nothing in the background. */
  idle(): Promise<void>;
  /** A crash: the coordinator and its runs are gone; a new instance starts on the same storage. */
  restart(): void;
  /** Moves the clock on by `ms`, every live run renewing its lease meanwhile (as its timer would). */
  advance(ms: number): Promise<void>;
  job(id: string, user: string, images?: number, overrides?: Partial<Job>): Job;
  /** Every edit of one job's message, in order, as JSON bodies. */
  edits(jobId: string): Promise<{ content?: string; components?: unknown[]; attachments?: unknown[] }[]>;
}

const NO_LIMITS: Limits = { userDailyImages: 1e9, guildDailyImages: 1e9 };
/** The scheduler tests' wait before "Generating…" (1 s in production). */
export const FIRST_EDIT_DELAY_TEST_MS = 50;

export async function withScheduler(
  limits: {
    maxInflight?: number;
    maxPerUser?: number;
    daily?: Limits;
    start?: number;
    /** When "Generating…" is shown (default FIRST_EDIT_DELAY_TEST_MS). */
    firstEditDelayMs?: number;
    /** DISCORD_BOT_TOKEN (and MAX_WAIT_MINUTES): jobs that may post in their channel outlive their token. */
    botToken?: string;
    maxWaitMinutes?: number;
  },
  run: (t: SchedulerTest) => Promise<void>,
): Promise<void> {
  const stub = env.SCHEDULER.get(env.SCHEDULER.newUniqueId());
  await runInDurableObject(stub, async (_instance, state) => {
    const network = new FakeNetwork();
    network.on("PATCH", `${DISCORD_WEBHOOKS}*`, () => json({ id: "1" }));
    const ideogram = new HeldIdeogram(network);
    const clock = createFakeClock(limits.start);
    const logs: string[] = [];
    const log = createLogger([], {}, (l) => logs.push(l));
    const runs: JobRef[] = [];
    let lost = 0;
    let failing = 0;
    const running = new Set<Promise<void>>();
    /** Runs that are alive (their renewal timers would fire). */
    const live = new Set<JobRef>();
    const bot = {
      ...(limits.botToken ? { DISCORD_BOT_TOKEN: limits.botToken } : {}),
      ...(limits.maxWaitMinutes ? { MAX_WAIT_MINUTES: limits.maxWaitMinutes } : {}),
    };
    const runner = {
      config: { ...TEST_CONFIG, ...bot },
      fetch: network.fetch,
      clock,
      log,
      results: new ResultStore(env.IMAGES, RETENTION_DAYS),
    };
    /** A coordinator instance on this object's storage; a restart makes a new one. */
    const wire = () => {
      const wired = wireCoordinator({
        sql: state.storage.sql,
        bucket: env.IMAGES,
        config: {
          ...TEST_CONFIG,
          IDEOGRAM_MAX_INFLIGHT: limits.maxInflight ?? 10,
          MAX_JOBS_PER_USER: limits.maxPerUser ?? 3,
          MAX_JOBS_PER_COMMAND: 10,
          IMAGE_RETENTION_DAYS: RETENTION_DAYS,
          USER_DAILY_IMAGES: 1e9,
          GUILD_DAILY_IMAGES: 1e9,
          DISCORD_PUBLIC_KEY: "0".repeat(64),
          DISCORD_APPLICATION_ID: APPLICATION_ID,
          ...bot,
        },
        fetch: network.fetch,
        clock,
        log,
        limits: limits.daily ?? NO_LIMITS,
        // "Generating…" after a short moment: the tests wait for it, and its order is what they check.
        firstEditDelayMs: limits.firstEditDelayMs ?? FIRST_EDIT_DELAY_TEST_MS,
        setAlarm: () => {},
        // Runs start in this isolate, talking to the coordinator directly instead of over RPC.
        dispatch: async (ref) => {
          if (failing > 0) {
            failing--;
            throw new Error("dispatch refused");
          }
          runs.push(ref);
          if (lost > 0) {
            lost--;
            return;
          }
          live.add(ref);
          const done = runJob(ref, wired.coordinator, runner).finally(() => {
            running.delete(done);
            live.delete(ref);
          });
          running.add(done);
        },
      });
      return wired;
    };
    let wired = wire();
    /**
     * What a crash does: this instance and every run it started are gone (their Ideogram calls never
     * answer), and a new instance starts on the same storage.
     */
    const restart = () => {
      running.clear();
      live.clear();
      ideogram.forgetHeld();
      wired = wire();
      wired.coordinator.recover();
    };
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
      const result = wired.coordinator.enqueue(j);
      wired.coordinator.tick();
      return result;
    };
    const loseRuns = (n: number) => {
      lost += n;
    };
    const failDispatches = (n: number) => {
      failing += n;
    };
    const advance = async (ms: number) => {
      clock.advance(ms);
      for (const ref of live) await wired.coordinator.renew(ref);
    };
    const idle = async () => {
      do {
        await Promise.allSettled([...running]);
        await wired.coordinator.idle();
      } while (running.size > 0);
    };
    await run({
      get scheduler() {
        return wired.coordinator;
      },
      get store() {
        return wired.store;
      },
      ledger: wired.ledger,
      settings: wired.settings,
      restart,
      submit,
      network,
      ideogram,
      clock,
      logs,
      runs,
      loseRuns,
      failDispatches,
      advance,
      idle,
      job,
      edits,
    });
    await idle();
  });
}

// One run of a job, in an ordinary Worker invocation: claim it, Ideogram → R2 → one final message,
// report back. The coordinator decides when and how often; this decides nothing but the message.
// Layer 5 (pipeline/): imports only layers 0–4, never queue/, region/.
import { type Config, secretsOf } from "../config.ts";
import { DiscordApiError } from "../discord/client.ts";
import type { Clock } from "../http/retry.ts";
import type { EndpointNotice } from "../ideogram/client.ts";
import { NUM_IMAGES_MAX } from "../ideogram/enums.ts";
import { formatUsd } from "../ideogram/prices.ts";
import type { Claimed, LimitRefusal, RunnerHost } from "../jobs/contract.ts";
import { DELIVERY_RESERVE_MS, type DiscordAccess, destinationFor } from "../jobs/destination.ts";
import { type Job, type JobOutcome, type JobRef, jobImages } from "../jobs/job.ts";
import type { ResultStore } from "../jobs/results.ts";
import type { Logger } from "../log.ts";
import { type RenderedMessage, renderFailure } from "../messages/render.ts";
import { performWork, type WorkDeps } from "./work.ts";

export interface RunnerDeps {
  config: Pick<
    Config,
    | "IDEOGRAM_API_KEY"
    | "IDEOGRAM_API_BASE"
    | "IDEOGRAM_TIMEOUT_MS"
    | "DISCORD_API_BASE"
    | "RUN_LEASE_MS"
    | "PROMPT_URL_ALLOW_ORIGINS"
    | "PUBLIC_URL"
    | "DISCORD_BOT_TOKEN"
  >;
  fetch: typeof fetch;
  clock: Clock;
  log: Logger;
  results: ResultStore;
}

/** How often a run tells the coordinator it is alive: thrice in each lease (RUN_LEASE_MS). */
const renewEvery = (config: RunnerDeps["config"]) => Math.floor(config.RUN_LEASE_MS / 3);
/** Delivery stops retrying this long before the token dies, leaving time for a plain fallback. */
export const FALLBACK_MARGIN_MS = 60_000;

/**
 * Runs handed over to one invocation: when a run's Ideogram call ends, the job that takes its places
 * starts right there, without waiting for a new dispatch (Ideogram's places stay busy). Bounded, so
 * an invocation never outlives its platform's limits: at most CHAIN_MAX runs, taken in its first
 * CHAIN_MS, and only while the external subrequests of its runs fit the Free plan's 50 per invocation
 * (a new run is taken only if the largest possible one would still fit, with room for retries).
 */
export const CHAIN_MAX = 25;
export const CHAIN_MS = 5 * 60_000;
export const SUBREQUESTS = 50;
/** Subrequests kept back for retries and a fallback message. */
const SUBREQUEST_RESERVE = 3;

/** External subrequests a run of `job` makes: its source image, Ideogram, each download, the message. */
export function runSubrequests(job: Job): number {
  return (job.kind === "generate" ? 0 : 1) + 1 + jobImages(job) + 1;
}
const LARGEST_RUN = 1 + 1 + NUM_IMAGES_MAX + 1;

class Chain {
  private taken = 0;
  private subrequests = 0;
  private readonly started: number;
  private readonly runs: Promise<void>[] = [];

  constructor(now: number) {
    this.started = now;
  }

  /** Counts a run's subrequests against the invocation's budget. */
  charge(job: Job): void {
    this.subrequests += runSubrequests(job);
  }

  canTake(now: number): boolean {
    return (
      this.taken < CHAIN_MAX - 1 &&
      now - this.started < CHAIN_MS &&
      this.subrequests + LARGEST_RUN + SUBREQUEST_RESERVE <= SUBREQUESTS
    );
  }

  add(run: Promise<void>): void {
    this.taken++;
    this.runs.push(run);
  }

  /** Settles once every run handed over (and those they were handed) has ended. */
  async settled(): Promise<void> {
    for (let done = 0; done < this.runs.length; done++) await this.runs[done];
  }
}

/** Runs `ref`, and every job handed over to it on the way, to their ends. */
export async function runJob(ref: JobRef, host: RunnerHost, deps: RunnerDeps): Promise<void> {
  const chain = new Chain(deps.clock.now());
  await runOne(ref, host, deps, chain);
  await chain.settled();
}

async function runOne(
  ref: JobRef,
  host: RunnerHost,
  deps: RunnerDeps,
  chain: Chain,
  handed?: Claimed,
): Promise<void> {
  const claimed = handed ?? (await host.claim(ref));
  if (!claimed) {
    deps.log.info("run_stale", { ...ref });
    return;
  }
  const { job } = claimed;
  chain.charge(job);
  const log = deps.log.child({ jobId: job.id, interactionId: job.interactionId, attempt: ref.attempt }, [
    job.token,
    ...secretsOf(deps.config),
  ]);
  const started = deps.clock.now();
  const renewal = setInterval(() => {
    host.renew(ref).catch((error: unknown) => log.warn("renew_failed", { error }));
  }, renewEvery(deps.config));
  let outcome: JobOutcome | "submitted";
  // Each endpoint's notice once, reported with the outcome (the coordinator logs it once a day).
  const notices = new Map<string, EndpointNotice>();
  // One log line a job (below): what it reports is gathered on the way.
  const timing: WorkDeps["timing"] = {};
  try {
    outcome = await run(job, claimed, ref, host, { ...deps, log }, chain, notices, timing);
  } catch (error) {
    // Only a bug gets here: every failure the bot knows of becomes a message inside run().
    log.error("run_crashed", { error });
    outcome = { status: "undeliverable", reason: "the bot failed while delivering" };
  } finally {
    clearInterval(renewal);
  }
  if (outcome === "submitted") {
    // Ideogram finishes it in the background; the coordinator holds its id and resumes it.
    log.info("job_submitted", { kind: job.kind, ...timing, totalMs: deps.clock.now() - started });
    return;
  }
  if (notices.size > 0) outcome = { ...outcome, notices: [...notices.values()] };
  // Prompts and the posted message's (signed) URLs stay out of the logs.
  const {
    ideogram: _ideogram,
    posted: _posted,
    stored: _stored,
    notices: _notices,
    ...summary
  } = outcome as JobOutcome & {
    ideogram?: unknown;
    posted?: unknown;
  };
  log.info("job_finished", { ...summary, kind: job.kind, ...timing, totalMs: deps.clock.now() - started });
  await host.finished(ref, outcome);
}

async function run(
  job: Job,
  { generated: earlier, quote: known }: Claimed,
  ref: JobRef,
  host: RunnerHost,
  deps: RunnerDeps,
  chain: Chain,
  notices: Map<string, EndpointNotice>,
  timing: WorkDeps["timing"],
): Promise<JobOutcome | "submitted"> {
  const { clock, log } = deps;
  const destination = destinationFor(job);
  const deliverBy = destination.deliverBy(job, clock.now());
  const work = await performWork(
    job,
    earlier,
    {
      fetch: deps.fetch,
      log,
      results: deps.results,
      clock,
      linkOrigins: deps.config.PROMPT_URL_ALLOW_ORIGINS,
      buttons: destination.buttons,
      generated: async (answer) => {
        const { proceed, next } = await host.generated(ref, answer, chain.canTake(clock.now()));
        if (next) chain.add(runOne(next.ref, host, deps, chain, next.claimed));
        return proceed;
      },
      submitted: async (submission) => {
        await host.submitted(ref, submission, [...notices.values()]);
      },
      timing,
    },
    {
      apiKey: deps.config.IDEOGRAM_API_KEY,
      baseUrl: deps.config.IDEOGRAM_API_BASE,
      timeoutMs: deps.config.IDEOGRAM_TIMEOUT_MS,
      fetch: deps.fetch,
      clock,
      deadline: deliverBy - DELIVERY_RESERVE_MS,
      onRetry: (info) => log.warn("ideogram_retry", info),
      shouldRetry: () => host.checkpoint(ref, "retry"),
      onNotice: (notice) => notices.set(notice.endpoint, notice),
      submission: { webhookUrl: eventsUrl(job, deps.config) },
      pricing: {
        known,
        accept: async (quote) => {
          // Without a quote the job goes on at the table's price, marked as our estimate.
          if (!quote) {
            log.warn("ideogram_quote_failed", {});
            return { ok: true };
          }
          const priced = await host.priced(ref, quote);
          if (priced.ok) return { ok: true };
          return { ok: false, message: priced.refusal ? overBudget(priced.refusal) : STOPPED };
        },
      },
    },
  );
  if (work === "submitted") return work;
  if (work === "stopped") {
    log.info("job_stopped", { stage: "download" });
    return { status: "cancelled" };
  }
  const stored = work.stored ?? Promise.resolve(undefined);
  if (!(work.cleared ?? (await host.checkpoint(ref, "deliver")))) {
    log.info("job_stopped", { stage: "deliver" });
    return { status: "cancelled", billed: work.billed, ...storedKeys(await stored) };
  }
  const discord = {
    apiBase: deps.config.DISCORD_API_BASE,
    fetch: deps.fetch,
    clock,
    botToken: deps.config.DISCORD_BOT_TOKEN,
  };
  const [delivered, keys] = await Promise.all([deliver(job, work.message, deliverBy, discord, log), stored]);
  const reported = destination.reports && work.response && delivered.status !== "undeliverable";
  const report = reported ? { ideogram: work.response } : {};
  const unconfirmed = work.unconfirmed ? { unconfirmed: work.unconfirmed } : {};
  return { ...delivered, ...report, billed: work.billed, ...unconfirmed, ...storedKeys(keys) };
}

/** Where Ideogram posts a finished generation: PUBLIC_URL, else the https origin the job came in at. */
function eventsUrl(job: Job, config: RunnerDeps["config"]): string | undefined {
  const origin = config.PUBLIC_URL ?? job.eventsOrigin;
  return origin ? `${origin}/ideogram/events` : undefined;
}

/**
 * Posts the final message, retrying what may pass (a short Discord outage, a long retry_after) until
 * shortly before the deadline; then, or if Discord refuses the upload itself, a plain message saying so.
 */
async function deliver(
  job: Job,
  message: RenderedMessage,
  deliverBy: number,
  discord: DiscordAccess,
  log: Logger,
): Promise<JobOutcome> {
  const destination = destinationFor(job);
  try {
    const posted = await destination.post(
      job,
      message.body,
      message.files,
      deliverBy - FALLBACK_MARGIN_MS,
      discord,
    );
    return message.delivered > 0
      ? { status: "delivered", images: message.delivered, missing: message.missing, ...posted }
      : { status: "failed", reason: message.body.content ?? "no image", ...posted };
  } catch (error) {
    log.warn("discord_edit_failed", describeDiscordError(error));
    if (error instanceof DiscordApiError && error.tokenDead) {
      return { status: "undeliverable", reason: String(error) };
    }
  }
  // The images stay kept in R2: the result's buttons (re-roll, upscale, vary) still work from them.
  const fallback = renderFailure(
    job,
    "The images were made, but Discord refused the upload. Please try again.",
  );
  const body = { ...fallback.body, components: message.body.components ?? [] };
  try {
    const posted = await destination.post(job, body, [], deliverBy - 5_000, discord);
    return { status: "failed", reason: "Discord refused the upload", ...posted };
  } catch (error) {
    log.error("discord_fallback_failed", describeDiscordError(error));
    return { status: "undeliverable", reason: String(error) };
  }
}

const STOPPED = "This request was stopped before it reached Ideogram.";

/** Why a quoted request was not sent: Ideogram's price is more than the daily cap has left. */
function overBudget({ used, limit, needed, resetsAt }: LimitRefusal): string {
  const left = formatUsd(Math.max(0, limit - used));
  return `Ideogram's price for this is ${formatUsd(needed)}, more than the bot's daily spending cap has left (${left} of ${formatUsd(limit)}), so nothing was generated or charged. The cap resets at 00:00 UTC (<t:${Math.floor(resetsAt / 1000)}:R>).`;
}

const storedKeys = (keys: string[] | undefined) => (keys ? { stored: keys } : {});

function describeDiscordError(error: unknown) {
  return error instanceof DiscordApiError
    ? { status: error.status, code: error.code, detail: error.message }
    : { error };
}

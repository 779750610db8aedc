// Runs one job to its single final message: Ideogram → download → keep → Discord.
// A plain function of (job, deps) so any scheduler (waitUntil today, a durable one later) can call it.
import type { Config } from "../config.ts";
import {
  DiscordApiError,
  type DiscordClientOptions,
  editOriginalResponse,
  executeWebhook,
  type PostedMessage,
  postedMessageSchema,
} from "../discord/client.ts";
import { INTERACTION_TOKEN_LIFETIME_MS } from "../discord/limits.ts";
import type { Clock } from "../http/retry.ts";
import { IdeogramError, type IdeogramErrorKind } from "../ideogram/errors.ts";
import type { GenerateResponse } from "../ideogram/schema.ts";
import type { Logger } from "../log.ts";
import { type RenderedMessage, renderFailure } from "../messages/render.ts";
import type { Job, JobOutcome, JobReport } from "./job.ts";
import type { ResultStore } from "./results.ts";
import { offerRetry, performWork } from "./work.ts";

export interface JobDeps {
  config: Pick<Config, "IDEOGRAM_API_KEY" | "IDEOGRAM_API_BASE" | "IDEOGRAM_TIMEOUT_MS" | "DISCORD_API_BASE">;
  fetch: typeof fetch;
  clock: Clock;
  log: Logger;
  /**
   * Asked before calling Ideogram, before each Ideogram retry, before downloading and before
   * delivering: false stops the job without a message (a scheduler uses it for cancellation and
   * dead tokens).
   */
  checkpoint?: (stage: Checkpoint) => boolean | Promise<boolean>;
  /** Called as soon as Ideogram has answered or been given up on: its in-flight places are free. */
  onGenerated?: () => void;
  /** Where results are kept for the buttons (R2); without it, results have no buttons. */
  results?: ResultStore | undefined;
}

export type Checkpoint = "generate" | "retry" | "download" | "deliver";

/** Time kept back from the token's life for downloading and uploading after Ideogram answers. */
export const DELIVERY_RESERVE_MS = 3 * 60 * 1000;

/** Failures worth a "Try again" button: trying again later may well work. */
const TRANSIENT: readonly IdeogramErrorKind[] = ["rate_limited", "unavailable"];

/** How long a webhook job's Ideogram call may keep retrying (it has no token deadline). */
export const WEBHOOK_WORK_MS = 10 * 60_000;

export async function runJob(job: Job, jobDeps: JobDeps): Promise<JobOutcome> {
  // Channel webhooks can't carry buttons, so nothing is kept for them.
  const deps = job.channelWebhook ? { ...jobDeps, results: undefined } : jobDeps;
  const { clock } = deps;
  const log = deps.log.child({ jobId: job.id, interactionId: job.interactionId }, [job.token]);
  const started = clock.now();
  const tokenExpiresAt = job.channelWebhook
    ? Number.POSITIVE_INFINITY
    : job.receivedAt + INTERACTION_TOKEN_LIFETIME_MS;
  const deadline = job.channelWebhook ? started + WEBHOOK_WORK_MS : tokenExpiresAt - DELIVERY_RESERVE_MS;
  if ((await deps.checkpoint?.("generate")) === false) {
    log.info("job_stopped", { stage: "generate" });
    return { status: "cancelled", billed: false };
  }

  let message: RenderedMessage;
  let keeping: Promise<unknown> | undefined;
  let ideogram: GenerateResponse | undefined;
  // Conservative: anything unexplained may have been billed, so its reservation is kept.
  let billed = true;
  try {
    const produced = await performWork(job, deps, log, {
      apiKey: deps.config.IDEOGRAM_API_KEY,
      baseUrl: deps.config.IDEOGRAM_API_BASE,
      timeoutMs: deps.config.IDEOGRAM_TIMEOUT_MS,
      fetch: deps.fetch,
      clock,
      deadline,
      onRetry: (info) => log.warn("ideogram_retry", info),
      shouldRetry: async () => (await deps.checkpoint?.("retry")) !== false,
    });
    if (produced === "stopped") {
      log.info("job_stopped", { stage: "download" });
      return { status: "cancelled" };
    }
    ({ message, keeping, response: ideogram } = produced);
    billed = produced.billed;
  } catch (error) {
    if (error instanceof IdeogramError) {
      // The owner needs to know about a refused key or an empty account; the user only gets the hint.
      const level = error.kind === "auth" || error.kind === "credit" ? "error" : "warn";
      log[level]("ideogram_failed", { kind: error.kind, status: error.status, detail: error.detail });
      message = renderFailure(job, error.userMessage);
      billed = error.mayHaveBilled;
      if (TRANSIENT.includes(error.kind)) ({ message, keeping } = offerRetry(job, message, deps, log));
    } else {
      log.error("job_error", { error });
      const failure = renderFailure(
        job,
        "Something went wrong on the bot's side while making your images. Please try again.",
      );
      ({ message, keeping } = offerRetry(job, failure, deps, log));
    }
  }

  if ((await deps.checkpoint?.("deliver")) === false) {
    log.info("job_stopped", { stage: "deliver" });
    await keeping;
    return { status: "cancelled", billed };
  }
  const [delivered] = await Promise.all([deliver(job, message, { ...deps, log }, tokenExpiresAt), keeping]);
  // Webhook callers read Ideogram's answer from the job's status; interaction jobs don't need it.
  const report = job.channelWebhook && ideogram && delivered.status !== "cancelled";
  const outcome: JobOutcome = { ...(report ? { ...delivered, ideogram } : delivered), billed };
  // Prompts and the posted message's (signed) URLs stay out of the logs.
  const { ideogram: _ideogram, posted: _posted, ...summary } = outcome as JobOutcome & JobReport;
  log.info("job_finished", { ...summary, totalMs: clock.now() - started });
  return outcome;
}

/** Posts the final message; if Discord refuses the upload itself, says so in a plain message instead. */
async function deliver(
  job: Job,
  message: RenderedMessage,
  deps: JobDeps,
  tokenExpiresAt: number,
): Promise<JobOutcome> {
  const options = {
    apiBase: deps.config.DISCORD_API_BASE,
    fetch: deps.fetch,
    clock: deps.clock,
    tokenExpiresAt,
  };
  try {
    const posted = await postMessage(job, message.body, message.files, options);
    return message.delivered > 0
      ? { status: "delivered", images: message.delivered, missing: message.missing, ...posted }
      : { status: "failed", reason: message.body.content ?? "no image", ...posted };
  } catch (error) {
    deps.log.warn("discord_edit_failed", describeDiscordError(error));
    const tokenDead = error instanceof DiscordApiError && error.tokenDead;
    if (tokenDead || message.files.length === 0) return { status: "undeliverable", reason: String(error) };
  }
  const fallback = renderFailure(
    job,
    "The images were made, but Discord refused the upload. Please try again.",
  );
  try {
    const posted = await postMessage(job, fallback.body, [], options);
    return { status: "failed", reason: "Discord refused the upload", ...posted };
  } catch (error) {
    deps.log.error("discord_fallback_failed", describeDiscordError(error));
    return { status: "undeliverable", reason: String(error) };
  }
}

/**
 * The final message: an edit of the interaction's deferred response, or for a webhook job a new
 * message in the channel, whose attachments' URLs are returned.
 */
export async function postMessage(
  job: Job,
  body: RenderedMessage["body"],
  files: RenderedMessage["files"],
  options: DiscordClientOptions,
): Promise<{ posted?: PostedMessage }> {
  if (!job.channelWebhook) {
    await editOriginalResponse(job.applicationId, job.token, body, files, options);
    return {};
  }
  const webhook = { id: job.applicationId, token: job.token, threadId: job.channelWebhook.threadId };
  const message = postedMessageSchema.safeParse(await executeWebhook(webhook, body, files, options));
  return message.success ? { posted: message.data } : {};
}

function describeDiscordError(error: unknown) {
  return error instanceof DiscordApiError
    ? { status: error.status, code: error.code, detail: error.message }
    : { error };
}

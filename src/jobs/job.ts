// A unit of work: one Ideogram request whose result replaces one deferred interaction response.
// Layer 2 (jobs/): imports only layers 0–1, never config.ts.
import type { PostedMessage } from "../discord/client.ts";
import type { EndpointNotice } from "../ideogram/client.ts";
import type { Model, Speed } from "../ideogram/enums.ts";
import {
  familyOf,
  IDEOGRAM_DEFAULT_MODEL,
  MODEL_FACTS,
  type OperationFacts,
  operationOf,
  priceOf,
  requestOperation,
  type ToolName,
  toolOperation,
} from "../ideogram/models.ts";
import type { GenerateResponse, ImageRequest, ToolResponse, UpscaleRequest } from "../ideogram/schema.ts";

/** One run of a job: the coordinator hands out a new attempt each time it (re)dispatches the job. */
export interface JobRef {
  jobId: string;
  attempt: number;
}

/**
 * What Ideogram made for a job, kept by the coordinator so no later attempt asks again: the images,
 * the descriptions, or, for a generation that ran in the background, why it failed.
 */
export type Generated =
  | { images: GenerateResponse }
  /** Made in the background (its event, or a read): images that may name no prompt, size or seed. */
  | { made: ToolResponse }
  | { descriptions: string[] }
  | { failed: string; billed: boolean };

/**
 * An image a job starts from: one the bot made and keeps, a Discord attachment, or an attachment the
 * bot kept in R2 when a job first used it (so Re-roll and Vary still have it after Discord's link
 * expires).
 */
export type ImageSource =
  | { type: "stored"; jobId: string; index: number }
  | { type: "url"; url: string; filename: string }
  /** A link typed in the prompt: checked (http/links.ts) at every hop when the job fetches it. */
  | { type: "link"; url: string; filename: string }
  | { type: "kept"; key: string; filename: string };

/** Reference images sent with a 3.0 request: its style (`--sref`) and a character (`--cref`). */
export interface References {
  style?: ImageSource[];
  character?: ImageSource;
}

/** A kept image, by the job that made it and its place in that job's answer. */
export type StoredImage = Extract<ImageSource, { type: "stored" }>;

/**
 * A prompt typed in Midjourney's language (interactions/prompt-parameters.ts): the result says what ran in
 * that notation (from the request), which parameters had no Ideogram meaning, and notes.
 */
export interface PromptParameters {
  ignored: string[];
  notes: string[];
}

/** What a job asks of Ideogram (or, for a pick, of the kept copy). Plain JSON, stored as is. */
export type JobWork =
  | { kind: "generate"; request: ImageRequest; references?: References; parameters?: PromptParameters }
  /** "Vary", or an image prompt: the source image re-imagined with the request's prompt (remix). */
  | {
      kind: "remix";
      request: ImageRequest;
      imageWeight: number;
      source: ImageSource;
      references?: References;
      parameters?: PromptParameters;
    }
  | { kind: "upscale"; request: UpscaleRequest; source: ImageSource }
  | { kind: "describe"; source: ImageSource }
  /**
   * "Pick n": one image of a result posted alone, from the kept copy (no Ideogram call, no charge).
   * `prompt` is the one it reposts, for the server's blocked words.
   */
  | { kind: "pick"; source: StoredImage; prompt?: string }
  /** One of Ideogram's tools on a kept image (ideogram/tools.ts). */
  | ToolWork;

/**
 * A tool on a kept image. `prompt` is what the tool is asked for (a new background, what to paint in
 * a region) or, for tools that take none, the image's own prompt as the result's title; `resolution`
 * is Reframe's target; `mask` Vary (Region)'s painted mask, kept in R2. `basis` is the source image's
 * seed and size, for answers that don't carry them.
 */
export interface ToolWork {
  kind: "tool";
  tool: ToolName;
  source: StoredImage;
  prompt: string;
  resolution?: string;
  mask?: { key: string };
  /** The speed (for a precise edit, 4.5's quality) the tool runs at; unset: the tool's own. */
  speed?: Speed;
  basis: { seed: number; resolution: string };
}

export type JobKind = JobWork["kind"];

/** Work that sends Ideogram a request with a prompt (all but describe and pick). */
export type RequestWork = Extract<JobWork, { request: unknown }>;
export const hasRequest = <W extends JobWork>(work: W): work is W & RequestWork => "request" in work;

/** Plain JSON, so a durable scheduler can store it as is. */
export type Job = JobWork & {
  /**
   * Unique per job: the id of the interaction whose response it fills; for one of several jobs a
   * click started, that id and its number, "<id>-<n>".
   */
  id: string;
  interactionId: string;
  applicationId: string;
  /** Secret: valid for 15 minutes; never logged. */
  token: string;
  /** Who asked (Discord user id and display name): for buttons, whoever clicked. */
  user: { id: string; name: string };
  /** Largest file Discord accepts in this channel, in bytes. */
  attachmentSizeLimit: number;
  /** The server it came from (absent in DMs and for webhook jobs): its limit and settings apply. */
  guildId?: string;
  /**
   * For a job from a click on a button or menu: who clicked which one and what they chose. The same
   * click again while its job waits or runs, or just after it was delivered, starts nothing.
   */
  clickKey?: string;
  /**
   * For a prompt: the version of its user's `/prefer` preferences it was read with (0: none). The
   * scheduler stores it only if that is still their version.
   */
  preferencesVersion?: number;
  /** The models the job's server allowed when it was taken (unset: every model): its buttons follow them. */
  allowedModels?: Model[];
  /** A fresh /imagine: the server's defaults fill the options the user left out. */
  useServerDefaults?: boolean;
  /** When the Worker received the interaction (epoch ms); the token expires 15 minutes later. */
  receivedAt: number;
  /**
   * The interaction's follow-up message the job's progress and result replace, when its answer to
   * the interaction was another message (Vary (Region): a private link to the editor). Unset: the
   * deferred answer, `@original`.
   */
  messageId?: string;
  /**
   * One of several jobs a click started (a permutation or `--repeat` command's Yes): its message is
   * a new follow-up of the click's token, which the scheduler makes when it queues the job (then
   * `messageId`); the job starts only once the message exists.
   */
  followUp?: true;
  /**
   * Set for jobs from POST /webhook: `applicationId` and `token` are then a channel webhook's id and
   * token, the result is posted as a new message (no progress, no buttons), and no 15-minute limit applies.
   */
  channelWebhook?: { threadId?: string };
  /**
   * Where the bot itself may post the result, when the interaction's `app_permissions` allow it in a
   * server channel (discord/permissions.ts), and whether it may reply to the command's message.
   */
  channel?: { id: string; reply: boolean };
  /**
   * Set by the scheduler when a bot token is configured and `channel` is: the job may wait until then
   * (MAX_WAIT_MINUTES), and a result its interaction token can no longer post goes to `channel`.
   */
  outlivesTokenUntil?: number;
  /** The interaction's message, as its edits showed it: a result posted with the bot token replies to it. */
  originalMessageId?: string;
  /**
   * The https origin the interaction arrived at: where Ideogram's webhooks reach this Worker
   * (`/ideogram/events`) when PUBLIC_URL is unset.
   */
  eventsOrigin?: string;
};

/** For webhook callers: what Ideogram answered and what was posted to the channel. */
export interface JobReport {
  ideogram?: GenerateResponse;
  posted?: PostedMessage;
}

export type JobOutcome =
  /** The final message carries at least one image (or, for describe, the descriptions). */
  (
    | ({ status: "delivered"; images: number; missing: number } & JobReport)
    /** The final message explains why there is no image. */
    | ({ status: "failed"; reason: string } & JobReport)
    /** Discord refused every attempt to post a final message (for example, an expired token). */
    | { status: "undeliverable"; reason: string }
    /** Stopped at a checkpoint (cancelled, or its token is known dead); no message was posted. */
    | { status: "cancelled" }
  ) & {
    /** False when Ideogram certainly did not bill the job (its reservation is refunded); unset = may have. */
    billed?: boolean;
    /** R2 keys of what was kept for the result's buttons, deleted once its retention ends. */
    stored?: string[];
    /** What Ideogram's answers said of their endpoints' future (deprecated, a successor), once each. */
    notices?: EndpointNotice[];
    /**
     * An async submission whose answer was lost after it was sent: Ideogram may have started (and
     * billed) a generation no one will read (ideogram_submit_unconfirmed).
     */
    unconfirmed?: true;
  };

/** Places the job takes in Ideogram's in-flight limit (which counts images, on every endpoint). */
export function jobImages(job: JobWork): number {
  switch (job.kind) {
    case "generate":
    case "remix":
    case "upscale":
      return job.request.num_images ?? 1;
    case "describe":
      return 1;
    case "pick":
      return 0;
    case "tool":
      return 1;
  }
}

/** The row of the operation table (ideogram/models.ts) the job calls; none for a pick. */
export function jobOperation(job: JobWork): OperationFacts | undefined {
  switch (job.kind) {
    case "generate":
    case "remix": {
      const { model } = job.request;
      return operationOf(familyOf(model), requestOperation(model, job.kind, job.request));
    }
    case "upscale":
    case "describe":
      return operationOf("legacy", job.kind);
    case "tool":
      return toolOperation(job.tool);
    case "pick":
      return undefined;
  }
}

/**
 * What the job will cost at Ideogram, in micro-dollars, and how much of it is our estimate (an
 * operation Ideogram publishes no price for). The rules refuse a request without a price before it
 * gets here.
 */
export function jobCost(job: JobWork): { cost: number; estimated: number } {
  const op = jobOperation(job);
  if (!op) return { cost: 0, estimated: 0 };
  const request = hasRequest(job) && job.kind !== "upscale" ? job.request : undefined;
  const character = "references" in job && job.references?.character !== undefined;
  const speed = job.kind === "tool" ? job.speed : request?.rendering_speed;
  const price = priceOf(op, request?.model ?? op.model, speed, character);
  if (price === undefined) throw new Error(`no price for a ${job.kind} job`);
  const cost = (job.kind === "describe" ? 1 : jobImages(job)) * price;
  return { cost, estimated: op.estimate ? cost : 0 };
}

/**
 * What Ideogram's quote of the job's request is kept under (operations that take `dry_run`): the
 * endpoint and what its price depends on — the model or tool, the speed, a character reference, and
 * for a model billed by tier (4.5) the size asked or, for a tool, the image's own — not the prompt or
 * the count (a quote is kept per image). Undefined where Ideogram quotes nothing.
 */
export function quoteShape(job: JobWork): string | undefined {
  const op = jobOperation(job);
  if (!op?.dryRun) return undefined;
  const tiered = (model: Model | undefined) => MODEL_FACTS[model ?? IDEOGRAM_DEFAULT_MODEL].billingTiers;
  if (job.kind === "tool") {
    const size = tiered(op.model) ? job.basis.resolution : "";
    return [op.path, job.tool, job.speed ?? "", size].join("|");
  }
  if (job.kind !== "generate" && job.kind !== "remix") return undefined;
  const { model, rendering_speed, resolution, aspect_ratio } = job.request;
  const character = job.references?.character !== undefined;
  return [
    op.path,
    model ?? "",
    rendering_speed ?? "",
    character ? "character" : "",
    ...(tiered(model) ? [resolution ?? aspect_ratio ?? "auto"] : []),
  ].join("|");
}

/** Images the job counts against daily image limits (a description is not an image; a pick is free). */
export const quotaImages = (job: JobWork) => (job.kind === "describe" ? 0 : jobImages(job));

/** The prompt a job's messages quote (describe and pick jobs have none of their own). */
export function jobPrompt(job: JobWork): string | undefined {
  return "request" in job ? job.request.prompt : undefined;
}

/** Jobs stored before job kinds existed were all generate jobs. */
export function normalizeJob(stored: Job | (Omit<Job, "kind"> & { kind?: undefined })): Job {
  return stored.kind === undefined ? ({ ...stored, kind: "generate" } as Job) : stored;
}

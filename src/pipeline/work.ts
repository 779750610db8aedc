// The Ideogram side of a run, per kind: load the source image, call the endpoint (unless an earlier
// attempt already did), stream the results into R2, and render the message that will be posted.
// Layer 5 (pipeline/): imports only layers 0–4, never queue/, region/.

import type { Clock } from "../http/retry.ts";
import {
  describeImage,
  generateImage,
  type IdeogramClientOptions,
  PriceRefused,
  remixImage,
  Submitted,
  upscaleImage,
  useTool,
} from "../ideogram/client.ts";
import { IdeogramError, type IdeogramErrorKind } from "../ideogram/errors.ts";
import type { GenerateResponse, ToolResponse } from "../ideogram/schema.ts";
import type { Submission } from "../jobs/contract.ts";
import { type Generated, hasRequest, type Job, jobOperation, jobPrompt } from "../jobs/job.ts";
import type { Download, Manifest, ResultStore, StoredImage } from "../jobs/results.ts";
import type { Logger } from "../log.ts";
import { describeComponents, imageTools, resultComponents, retryComponents } from "../messages/buttons.ts";
import {
  type RenderedMessage,
  renderDescriptions,
  renderFailure,
  renderPicked,
  renderResult,
} from "../messages/render.ts";
import { downloadImages } from "./download.ts";
import { keptWork, loadSources } from "./source.ts";

export interface WorkDeps {
  fetch: typeof fetch;
  log: Logger;
  results: ResultStore;
  clock: Clock;
  /** Whether results get buttons here (they need the kept copy behind them). */
  buttons: boolean;
  /** PROMPT_URL_ALLOW_ORIGINS (http/links.ts). */
  linkOrigins?: readonly string[] | undefined;
  /**
   * Ideogram answered (or was given up on): hands the answer over. True: deliver (the coordinator
   * has cleared the delivery, as RunnerHost.checkpoint "deliver" does); false: stop here.
   */
  generated(answer: Generated | undefined): Promise<boolean>;
  /** Ideogram took the request asynchronously: its generation, recorded before the run ends. */
  submitted(submission: Submission): Promise<void>;
  /** Filled in as the work goes, for the run's one log line: how long Ideogram took to answer. */
  timing: { ideogramMs?: number };
}

export interface Work {
  message: RenderedMessage;
  /** Whether Ideogram ran (and billed) the request. */
  billed: boolean;
  /** What Ideogram answered, for webhook callers' status lookups. */
  response?: GenerateResponse;
  /**
   * What is kept in R2 (deleted once its retention ends): the manifest that makes the buttons work
   * is written alongside the delivery, after the images it names.
   */
  stored?: Promise<string[] | undefined>;
  /** An async submission whose answer was lost after it was sent (JobOutcome.unconfirmed). */
  unconfirmed?: true;
  /**
   * Whether the coordinator has already answered the delivery checkpoint, with Ideogram's answer
   * (WorkDeps.generated): true, deliver; false, stop. Unset: the run asks it.
   */
  cleared?: boolean;
}

/** Failures worth a "Try again" button: trying again later may well work. */
const TRANSIENT: readonly IdeogramErrorKind[] = ["rate_limited", "unavailable"];

/**
 * The message for the job; "stopped" if a checkpoint stopped it after Ideogram answered;
 * "submitted" if Ideogram took it asynchronously (a later attempt delivers what it makes).
 */
export async function performWork(
  job: Job,
  earlier: Generated | undefined,
  deps: WorkDeps,
  ideogram: IdeogramClientOptions,
): Promise<Work | "stopped" | "submitted"> {
  if (job.kind === "pick") return await postKept(job, deps);
  // Only a run after an interrupted one (or one resumed from a generation) can find the images kept already.
  if (earlier) return await fromAnswer(job, earlier, deps, ideogram, true);
  const called = await callIdeogram(job, deps, ideogram);
  if (called === "stopped" || called === "submitted" || "message" in called) return called;
  return { ...(await fromAnswer(job, called.answer, deps, ideogram, false)), cleared: true };
}

/** The message for what Ideogram answered (now, or on an earlier attempt: `again`). */
async function fromAnswer(
  job: Job & { kind: Exclude<Job["kind"], "pick"> },
  answer: Generated,
  deps: WorkDeps,
  ideogram: IdeogramClientOptions,
  again: boolean,
): Promise<Work> {
  if ("failed" in answer) {
    deps.log.warn("ideogram_generation_failed", { reason: answer.failed });
    const message = renderFailure(job, generationFailure(answer.failed));
    return { ...(await withRetry(job, message, deps)), billed: answer.billed };
  }
  if ("descriptions" in answer) {
    const { descriptions } = answer;
    const stored = saveManifest(job, [], deps, descriptions);
    const components = deps.buttons ? describeComponents({ jobId: job.id, descriptions }) : [];
    return { message: renderDescriptions(job, descriptions, components), billed: true, stored };
  }
  if (job.kind === "describe") throw new Error("a describe job got images");
  const response = "made" in answer ? asResult(job, answer.made) : answer.images;
  const downloads = await storeImages(job, response, deps, again, ideogram.deadline);
  const images = downloads.flatMap((d) =>
    d.status === "ok" ? [{ ...storedImage(d), size: d.size } satisfies StoredImage] : [],
  );
  const stored = saveManifest(job, images, deps);
  const files = images.map((image) => deps.results.file(job.id, image));
  const components = deps.buttons
    ? resultComponents({ jobId: job.id, images, work: job }, job.allowedModels)
    : [];
  const message = renderResult(job, response, downloads, files, components);
  return { message, billed: true, response, stored };
}

/** A pick: the kept image posted alone with the single-image tools; nothing is asked of Ideogram. */
async function postKept(job: Job & { kind: "pick" }, deps: WorkDeps): Promise<Work> {
  const { jobId, index } = job.source;
  const manifest = await deps.results.manifest(jobId, deps.clock.now());
  const image = manifest?.images.find((i) => i.index === index);
  // Read once here, not left to the upload: a kept image that is gone is an answer, not a fault to retry.
  const kept = image?.size && (await deps.results.hasImage(jobId, index));
  if (!manifest || !hasRequest(manifest.work) || !image?.size || !kept) {
    const days = deps.results.retentionDays;
    const gone = `Image ${index + 1} is no longer kept (the bot keeps images for ${days} days).`;
    const titled = manifest && hasRequest(manifest.work) ? { ...job, ...manifest.work } : job;
    return { message: renderFailure(titled, gone), billed: false };
  }
  const sized = { ...image, size: image.size };
  const file = deps.results.file(jobId, sized);
  const components = deps.buttons ? imageTools(jobId, sized, job.allowedModels) : [];
  return { message: renderPicked(job, manifest.work, sized, file, components), billed: false };
}

/** Ideogram's answer, the failure message when there is none, or "stopped" when told to stop. */
async function callIdeogram(
  job: Job,
  deps: WorkDeps,
  ideogram: IdeogramClientOptions,
): Promise<{ answer: Generated } | Work | "stopped" | "submitted"> {
  const started = deps.clock.now();
  if (job.kind === "pick") throw new Error("a pick asks nothing of Ideogram");
  const sources = await loadSources(job.id, job, {
    ...deps,
    onKeepFailed: (error) => deps.log.error("source_not_kept", { error }),
  });
  const mask =
    job.kind === "tool" && job.mask ? await deps.results.keptSource(job.mask.key, "mask.png") : undefined;
  if (!sources.ok || (job.kind === "tool" && job.mask && !mask)) {
    const cleared = await deps.generated(undefined);
    const why = sources.ok
      ? "The painted region is no longer kept, so nothing was sent to Ideogram."
      : sources.userMessage;
    return { message: renderFailure(job, why), billed: false, cleared };
  }
  const { image, styleReferences, characterReference } = sources.loaded;
  let answer: Generated | Submitted | undefined;
  try {
    answer = await (async (): Promise<Generated | Submitted> => {
      switch (job.kind) {
        case "generate": {
          const input = { fields: job.request, styleReferences, characterReference };
          return imagesOr(await generateImage(job.request.model, input, ideogram));
        }
        case "remix": {
          const fields = { ...job.request, image_weight: job.imageWeight };
          const input = { fields, image, styleReferences, characterReference };
          return imagesOr(await remixImage(job.request.model, input, ideogram));
        }
        case "upscale":
          return { images: await upscaleImage({ fields: job.request, image }, ideogram) };
        case "tool": {
          const { tool, prompt, resolution, speed } = job;
          const fields = { prompt, resolution, ...(speed ? { rendering_speed: speed } : {}) };
          const answer = await useTool(tool, { fields, image, mask }, ideogram);
          return answer instanceof Submitted ? answer : { images: asResult(job, answer) };
        }
        case "describe": {
          const described = await describeImage(need(image), ideogram);
          return { descriptions: described.descriptions.map((d) => d.text.trim()).filter(Boolean) };
        }
      }
    })();
  } catch (error) {
    const cleared = await deps.generated(undefined);
    return { ...(await failed(job, error, deps, jobOperation(job)?.async !== undefined)), cleared };
  }
  deps.timing.ideogramMs = deps.clock.now() - started;
  if (answer instanceof Submitted) {
    await deps.submitted({ generationId: answer.generationId, webhook: answer.webhook });
    return "submitted";
  }
  return (await deps.generated(answer)) ? { answer } : "stopped";
}

const imagesOr = (answer: GenerateResponse | Submitted): Generated | Submitted =>
  answer instanceof Submitted ? answer : { images: answer };

/**
 * What Ideogram made, as a result's images: an answer that names no prompt, size or seed
 * (remove-background's, Reframe's, a generation read of some kinds) takes the source image's seed
 * and size and the job's prompt.
 */
function asResult(job: Job, made: ToolResponse): GenerateResponse {
  const basis = job.kind === "tool" ? job.basis : { seed: 0, resolution: "" };
  const prompt = (job.kind === "tool" ? job.prompt : jobPrompt(job)) ?? "";
  const data = made.data.map((image) => ({ ...basis, ...image, prompt: image.prompt || prompt }));
  return { created: made.created ?? "", data };
}

/** What the user is told of a generation Ideogram reports failed (`failure_reason`, §6.1). */
function generationFailure(reason: string): string {
  if (reason === "content_policy_violation") {
    return "Ideogram declined this prompt under its content policy. Try rewording it.";
  }
  return "Ideogram could not finish these images. Please try again.";
}

/**
 * The failure message for an error from Ideogram (or, should one happen, from the bot itself).
 * `submitting`: the request was an async submission (`async` in the table), whose lost answer may
 * hide a generation.
 */
async function failed(job: Job, error: unknown, deps: WorkDeps, submitting: boolean): Promise<Work> {
  // Not sent: its price was refused (the message says why), so nothing was billed.
  if (error instanceof PriceRefused) return { message: renderFailure(job, error.message), billed: false };
  if (!(error instanceof IdeogramError)) {
    deps.log.error("job_error", { error });
    const message = renderFailure(
      job,
      "Something went wrong on the bot's side while making your images. Please try again.",
    );
    return { ...(await withRetry(job, message, deps)), billed: true };
  }
  // The owner needs to know about a refused key or an empty account; the user only gets the hint.
  const level = error.kind === "auth" || error.kind === "credit" ? "error" : "warn";
  deps.log[level]("ideogram_failed", { kind: error.kind, status: error.status, detail: error.detail });
  const message = renderFailure(job, error.userMessage);
  const shown = TRANSIENT.includes(error.kind) ? await withRetry(job, message, deps) : { message };
  // The one way left to pay twice: Ideogram may have started a generation whose id never came back.
  if (submitting && error.mayHaveBilled) {
    deps.log.error("ideogram_submit_unconfirmed", { kind: error.kind, status: error.status });
    return { ...shown, billed: true, unconfirmed: true };
  }
  return { ...shown, billed: error.mayHaveBilled };
}

/** A 🔄 Try again button under the failure: a re-roll of the same work, from its kept manifest. */
async function withRetry(
  job: Job,
  message: RenderedMessage,
  deps: WorkDeps,
): Promise<Pick<Work, "message" | "stored">> {
  if (!deps.buttons) return { message };
  const kept = await saveManifest(job, [], deps);
  if (!kept) return { message };
  const body = { ...message.body, components: retryComponents(job.id) };
  return { message: { ...message, body }, stored: Promise.resolve(kept) };
}

/**
 * Writes the manifest that makes a result's buttons work; undefined if R2 refused (the buttons then
 * answer "expired"). The images it names were written before it, so a button never finds a manifest
 * without its images; a click in the moment before it lands is told the button has expired.
 */
async function saveManifest(
  job: Job,
  images: readonly StoredImage[],
  deps: WorkDeps,
  descriptions?: string[],
): Promise<string[] | undefined> {
  try {
    return await deps.results.saveManifest(
      job,
      keptWork(job.id, job),
      images,
      deps.clock.now(),
      descriptions,
    );
  } catch (error) {
    deps.log.error("result_not_kept", { error });
    return undefined;
  }
}

/** The images of `response` in R2: kept now, or already (a re-run after an interrupted delivery). */
async function storeImages(
  job: Job,
  response: GenerateResponse,
  deps: WorkDeps,
  again: boolean,
  retryUntil: number,
): Promise<Download[]> {
  const earlier = again ? await deps.results.manifest(job.id, deps.clock.now()) : undefined;
  if (earlier) return fromManifest(response, earlier);
  return downloadImages(response.data, {
    fetch: deps.fetch,
    maxBytes: job.attachmentSizeLimit,
    store: (index, body, contentType) => deps.results.keepImage(job.id, index, body, contentType),
    clock: deps.clock,
    retryUntil,
    onRetry: (info) => deps.log.warn("download_retry", info),
  });
}

function fromManifest(response: GenerateResponse, manifest: Manifest): Download[] {
  return response.data.map((image, index) => {
    const kept = manifest.images.find((i) => i.index === index);
    if (kept?.size) return { index, image, status: "ok", contentType: kept.contentType, size: kept.size };
    if (!image.is_image_safe || !image.url) return { index, image, status: "withheld" };
    return { index, image, status: "failed", reason: "it could not be kept" };
  });
}

function storedImage(d: Download & { status: "ok" }): Omit<StoredImage, "size"> {
  return {
    index: d.index,
    seed: d.image.seed,
    prompt: d.image.prompt,
    resolution: d.image.upscaled_resolution ?? d.image.resolution,
    contentType: d.contentType,
    style_type: d.image.style_type,
  };
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("source image missing");
  return value;
}

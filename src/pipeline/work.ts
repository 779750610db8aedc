// The Ideogram side of a job, per kind: load the source image, call the endpoint, download and
// keep the results, and render the message that will replace the deferred response.
import { describeComponents, resultComponents, retryComponents } from "../actions/buttons.ts";
import {
  describeImage,
  generateImage,
  type IdeogramClientOptions,
  remixImage,
  upscaleImage,
} from "../ideogram/client.ts";
import type { GenerateResponse } from "../ideogram/schema.ts";
import type { Logger } from "../log.ts";
import { type RenderedMessage, renderDescriptions, renderFailure, renderResult } from "../messages/render.ts";
import { type Download, downloadImages } from "./download.ts";
import type { Job } from "./job.ts";
import type { ResultToKeep } from "./results.ts";
import type { JobDeps } from "./run-job.ts";
import { loadSource } from "./source.ts";

export interface Work {
  message: RenderedMessage;
  /**
   * Keeping the result in R2 runs alongside the delivery (it would otherwise add its whole upload
   * time to it); the runner awaits it after delivering. The manifest that makes the images reachable
   * is written after them, so a button never finds a result without its images (a click in the few
   * milliseconds before the manifest lands is told the button has expired).
   */
  keeping?: Promise<unknown>;
  /** What Ideogram answered, for webhook callers' status lookups. */
  response?: GenerateResponse;
  /** Whether Ideogram ran (and billed) the request. */
  billed: boolean;
}

/** The message for the job; "stopped" if a checkpoint stopped it after Ideogram answered. */
export async function performWork(
  job: Job,
  deps: JobDeps,
  log: Logger,
  ideogram: IdeogramClientOptions,
): Promise<Work | "stopped"> {
  const started = deps.clock.now();
  const image = job.kind === "generate" ? undefined : await loadSource(job.source, deps);
  if (image && !image.ok) return { message: renderFailure(job, image.userMessage), billed: false };
  const file = image?.image;
  if (job.kind === "describe") {
    const response = await describeImage(need(file), ideogram).finally(() => deps.onGenerated?.());
    if ((await deps.checkpoint?.("download")) === false) return "stopped";
    const descriptions = response.descriptions.map((d) => d.text.trim()).filter(Boolean);
    const keeping = keep(job, { images: [], descriptions }, deps, log);
    log.info("ideogram_done", { generatedMs: deps.clock.now() - started, descriptions: descriptions.length });
    const components = deps.results ? describeComponents({ jobId: job.id, descriptions }) : [];
    return { message: renderDescriptions(job, descriptions, components), keeping, billed: true };
  }
  const call = (): Promise<GenerateResponse> => {
    switch (job.kind) {
      case "generate":
        return generateImage(job.request, ideogram);
      case "remix":
        return remixImage({ ...job.request, image_weight: job.imageWeight }, need(file), ideogram);
      case "upscale":
        return upscaleImage(job.request, need(file), ideogram);
    }
  };
  const response = await call().finally(() => deps.onGenerated?.());
  const generatedMs = deps.clock.now() - started;
  if ((await deps.checkpoint?.("download")) === false) return "stopped";
  const downloads = await downloadImages(response.data, {
    fetch: deps.fetch,
    maxBytes: job.attachmentSizeLimit,
  });
  const images = keptImages(downloads);
  const keeping = keep(job, { images }, deps, log);
  const components = deps.results ? resultComponents({ jobId: job.id, images }) : [];
  const message = renderResult(job, response, downloads, components);
  log.info("ideogram_done", {
    generatedMs,
    downloadedMs: deps.clock.now() - started - generatedMs,
    images: response.data.length,
    attachable: message.delivered,
  });
  return { message, keeping, response, billed: true };
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("source image missing");
  return value;
}

function keptImages(downloads: readonly Download[]): ResultToKeep["images"] {
  return downloads.flatMap((d) =>
    d.status === "ok"
      ? [
          {
            index: d.index,
            seed: d.image.seed,
            prompt: d.image.prompt,
            resolution: d.image.upscaled_resolution ?? d.image.resolution,
            contentType: d.contentType,
            bytes: d.bytes,
          },
        ]
      : [],
  );
}

/** A failure message with a 🔄 Try again button (a re-roll of the same work), if results are kept. */
export function offerRetry(
  job: Job,
  message: RenderedMessage,
  deps: JobDeps,
  log: Logger,
): Pick<Work, "message" | "keeping"> {
  if (!deps.results) return { message };
  return {
    message: { ...message, body: { ...message.body, components: retryComponents(job.id) } },
    keeping: keep(job, { images: [] }, deps, log),
  };
}

/** Keeps the result for the buttons (none without storage); a failure is logged, never thrown. */
async function keep(job: Job, result: ResultToKeep, deps: JobDeps, log: Logger): Promise<void> {
  try {
    await deps.results?.save(job, result, deps.clock.now());
  } catch (error) {
    log.error("result_not_kept", { error });
  }
}

// What a job's message says before its result: its place in line, that it is generating, or why it ended.
// Layer 3 (messages/): imports only layers 0–2.
import type { RESTPatchAPIInteractionOriginalResponseJSONBody } from "discord-api-types/v10";
import { truncate } from "../discord/bounds.ts";
import { button, row } from "../discord/components.ts";
import { componentId } from "../jobs/component-ids.ts";
import { type ImageSource, type Job, jobImages, jobPrompt, quotaImages } from "../jobs/job.ts";
import { modelName, TOOL_WORDS } from "./labels.ts";

type Body = RESTPatchAPIInteractionOriginalResponseJSONBody;

const cancelButton = (job: Job) => [row([button("Cancel", componentId("cancel", job.id))])];

const quote = (job: Job) => {
  const prompt = jobPrompt(job);
  return prompt ? `\n> ${truncate(prompt.replace(/\s+/g, " "), 300)}` : "";
};

const images = (n: number) => (n === 1 ? "1 image" : `${n} images`);
const sourceName = (source: ImageSource) =>
  source.type === "stored" ? `image ${source.index + 1}` : `\`${source.filename}\``;
const withModel = (job: Job & { kind: "generate" | "remix" }) =>
  `with ${modelName(job.request.model, job.request.rendering_speed)}`;

/** What the job is doing, e.g. "Generating 4 images with Ideogram 2.0". */
function activity(job: Job): string {
  switch (job.kind) {
    case "generate":
      return `🎨 **Generating** ${images(jobImages(job))} ${withModel(job)}`;
    case "remix":
      return `🔀 **Making** ${images(jobImages(job))} from ${sourceName(job.source)} ${withModel(job)}`;
    case "upscale":
      return `⬆️ **Upscaling** ${sourceName(job.source)}`;
    case "describe":
      return `🔎 **Describing** ${sourceName(job.source)}`;
    case "pick":
      return `📌 **Posting** ${sourceName(job.source)}`;
    case "tool":
      return `${TOOL_WORDS[job.tool].doing} ${sourceName(job.source)}`;
  }
}

/** `place` as the queue words it: "#3", or "#200+" far back in a long line. */
export function renderQueued(job: Job, place: string): Body {
  return {
    content: `⏳ **Queued** — ${place} in line${job.kind === "generate" ? ` for ${images(jobImages(job))}` : ""}${quote(job)}`,
    components: cancelButton(job),
    allowed_mentions: { parse: [] },
  };
}

/** A job's new message before it has a place in line (Vary (Region)'s follow-up, posted on submission). */
export function renderAccepted(job: Job): Body {
  return {
    content: `⏳ **Queued** — ${activity(job)} for ${job.user.name}${quote(job)}`,
    components: cancelButton(job),
    allowed_mentions: { parse: [] },
  };
}

export function renderGenerating(job: Job): Body {
  return {
    content: `${activity(job)}…${quote(job)}`,
    components: cancelButton(job),
    allowed_mentions: { parse: [] },
  };
}

/**
 * A cancelled job's message. One Ideogram had started counts (its images are made, and billed,
 * whatever happens to them): the message says so, and why.
 */
export function renderCancelled(job: Job, atIdeogram: boolean): Body {
  const n = quotaImages(job);
  const counted =
    n > 0 && atIdeogram
      ? ` Ideogram had already started on them, so the ${images(n)} count toward today's limits (Ideogram bills what it makes, delivered or not).`
      : n > 0
        ? " It had not started: nothing was sent to Ideogram, so nothing counts."
        : "";
  return {
    content: `🚫 **Cancelled** by ${job.user.name}; nothing was delivered.${counted}${quote(job)}`,
    components: [],
    embeds: [],
    allowed_mentions: { parse: [] },
  };
}

/** A job whose run could not be started, however often it was asked (see Coordinator.dispatch). */
export function renderNotStarted(job: Job): Body {
  return {
    content: `⚠️ This request could not be started: the bot could not start its run after several tries, so nothing was sent to Ideogram and nothing was counted. Please try again; if it keeps happening, tell the bot's owner.${quote(job)}`,
    components: [],
    embeds: [],
    allowed_mentions: { parse: [] },
  };
}

export function renderExpired(job: Job): Body {
  return {
    content: `⌛ The queue was too long: this request could not start before Discord's 15-minute limit, so nothing was sent to Ideogram. Please try again.${quote(job)}`,
    components: [],
    embeds: [],
    allowed_mentions: { parse: [] },
  };
}

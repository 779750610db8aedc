// What a job's message says before its result: its place in line, that it is generating, or why it ended.
import type { RESTPatchAPIInteractionOriginalResponseJSONBody } from "discord-api-types/v10";
import { truncate } from "../discord/limits.ts";
import { DEFAULT_MODEL, MODELS } from "../ideogram/enums.ts";
import type { Job } from "./job.ts";

export const CANCEL_PREFIX = "cancel:";

type Body = RESTPatchAPIInteractionOriginalResponseJSONBody;

/** Button style 2 = secondary; component type 1 = action row, 2 = button. */
const cancelButton = (job: Job) => [
  {
    type: 1 as const,
    components: [
      { type: 2 as const, style: 2 as const, label: "Cancel", custom_id: `${CANCEL_PREFIX}${job.id}` },
    ],
  },
];

const quote = (job: Job) => `> ${truncate(job.request.prompt.replace(/\s+/g, " "), 300)}`;

const images = (n: number) => (n === 1 ? "1 image" : `${n} images`);

export function renderQueued(job: Job, position: number): Body {
  return {
    content: `⏳ **Queued** — #${position} in line for ${images(job.request.num_images ?? 1)}\n${quote(job)}`,
    components: cancelButton(job),
    allowed_mentions: { parse: [] },
  };
}

export function renderGenerating(job: Job): Body {
  const model = MODELS[job.request.model ?? DEFAULT_MODEL];
  return {
    content: `🎨 **Generating** ${images(job.request.num_images ?? 1)} with ${model}…\n${quote(job)}`,
    components: cancelButton(job),
    allowed_mentions: { parse: [] },
  };
}

export function renderCancelled(job: Job): Body {
  return {
    content: `🚫 **Cancelled** by ${job.user.name}; no images were delivered.\n${quote(job)}`,
    components: [],
    embeds: [],
    allowed_mentions: { parse: [] },
  };
}

export function renderExpired(job: Job): Body {
  return {
    content: `⌛ The queue was too long: this request could not start before Discord's 15-minute limit, so nothing was generated. Please try again.\n${quote(job)}`,
    components: [],
    embeds: [],
    allowed_mentions: { parse: [] },
  };
}

// Builds the final Discord message for a job, always within Discord's message limits.
// Layer 3 (messages/): imports only layers 0–2.
import type {
  APIEmbed,
  APIEmbedField,
  RESTPatchAPIInteractionOriginalResponseJSONBody,
} from "discord-api-types/v10";
import {
  ATTACHMENT_DESCRIPTION_MAX,
  CONTENT_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_TOTAL_MAX,
  truncate,
} from "../discord/bounds.ts";
import type { DiscordFile } from "../discord/client.ts";
import { STYLES, type Style, stylePresetLabel } from "../ideogram/enums.ts";
import { IDEOGRAM_DEFAULT_MODEL, MODEL_FACTS } from "../ideogram/models.ts";
import { formatPalette } from "../ideogram/palette.ts";
import { billingTierOf, toWxH } from "../ideogram/resolution.ts";
import type { GenerateResponse } from "../ideogram/schema.ts";
import { type ImageSource, type Job, jobPrompt, type RequestWork, type ToolWork } from "../jobs/job.ts";
import type { Download, StoredImage } from "../jobs/results.ts";
import { modelField, TOOL_WORDS } from "./labels.ts";
import { describeParameters } from "./notation.ts";

/** A job that makes images. */
type ImageJob = Job & (RequestWork | ToolWork);

export interface RenderedMessage {
  body: RESTPatchAPIInteractionOriginalResponseJSONBody;
  files: DiscordFile[];
  /** Images attached, and images Ideogram made that could not be attached. */
  delivered: number;
  missing: number;
}

const COLOR_OK = 0x5865f2;
const COLOR_ERROR = 0xed4245;

/**
 * The images that could be attached (`files`, one per "ok" download, in order), plus a note for each
 * one that could not.
 */
export function renderResult(
  job: ImageJob,
  response: GenerateResponse,
  downloads: readonly Download[],
  files: readonly DiscordFile[],
  components: RESTPatchAPIInteractionOriginalResponseJSONBody["components"] = [],
): RenderedMessage {
  const ok = downloads.filter((d) => d.status === "ok");
  const attachments = ok.map((d, id) => ({
    id,
    filename: files[id]?.name,
    description: truncate(`Ideogram image: ${d.image.prompt}`, ATTACHMENT_DESCRIPTION_MAX),
  }));
  const notes = describeMissing(downloads);
  if (ok.length === 0) notes.unshift("⚠️ No image could be delivered.");
  const shown = ok.length > 0 ? ok : downloads;
  const title = (job.kind === "tool" ? job.prompt : job.request.prompt) ?? "Upscaled image";
  const embed = fitEmbed({
    title,
    description: describePrompts(
      title,
      shown.map((d) => d.image.prompt),
    ),
    color: ok.length > 0 ? COLOR_OK : COLOR_ERROR,
    fields: describeSettings(job, shown, response),
    ...origin(job),
  });
  return {
    body: {
      content: truncate(notes.join("\n"), CONTENT_MAX),
      embeds: [embed],
      attachments,
      components,
      allowed_mentions: { parse: [] },
    },
    files: [...files],
    delivered: ok.length,
    missing: downloads.length - ok.length,
  };
}

/** One image of a result, posted alone (a pick), rendered as a result of the work that made it. */
export function renderPicked(
  job: Job,
  work: RequestWork,
  image: StoredImage & { size: number },
  file: DiscordFile,
  components: RESTPatchAPIInteractionOriginalResponseJSONBody["components"],
): RenderedMessage {
  const { index, prompt, resolution, seed, contentType, size, style_type } = image;
  const generated = { prompt, resolution, seed, is_image_safe: true, style_type };
  const message = renderResult(
    { ...job, ...work },
    { created: "", data: [generated] },
    [{ index, image: generated, status: "ok", contentType, size }],
    [file],
    components,
  );
  const [embed] = message.body.embeds ?? [];
  if (embed) embed.footer = { text: `📌 Image ${index + 1}, picked by ${job.user.name}` };
  return message;
}

/** A job's title: its prompt, or for the jobs without one what they were asked to do. */
function titleOf(job: Job): string {
  if (job.kind === "pick") return `Image ${job.source.index + 1}`;
  if (job.kind === "describe") return "Describe image";
  return jobPrompt(job) ?? "Upscaled image";
}

/** A final message that explains why there are no images. */
export function renderFailure(job: Job, userMessage: string): RenderedMessage {
  return {
    body: {
      content: truncate(`⚠️ ${userMessage}`, CONTENT_MAX),
      embeds: [fitEmbed({ title: titleOf(job), color: COLOR_ERROR, fields: [] })],
      attachments: [],
      components: [],
      allowed_mentions: { parse: [] },
    },
    files: [],
    delivered: 0,
    missing: 0,
  };
}

function describeMissing(downloads: readonly Download[]): string[] {
  const notes: string[] = [];
  const withheld = downloads.filter((d) => d.status === "withheld").length;
  if (withheld > 0) {
    const verb = withheld === 1 ? "was" : "were";
    notes.push(`${withheld} of ${downloads.length} images ${verb} withheld by Ideogram's safety filter.`);
  }
  for (const d of downloads) {
    if (d.status === "too_large") {
      notes.push(`Image ${d.index + 1} was too large to attach here (${mebibytes(d.size)}).`);
    } else if (d.status === "failed") {
      notes.push(`Image ${d.index + 1} could not be downloaded from Ideogram: ${d.reason}.`);
    }
  }
  return notes;
}

/**
 * Ideogram's final prompt(s), when Magic Prompt changed them or the title had to be cut. An empty
 * one (an endpoint that takes no prompt, like Reframe) changed nothing.
 */
function describePrompts(original: string, answered: readonly string[]): string | undefined {
  const finals = answered.filter((p) => p.trim() !== "");
  const distinct = [...new Set(finals)].filter((p) => p !== original);
  if (distinct.length === 0) return original.length > EMBED_TITLE_MAX ? original : undefined;
  if (new Set(finals).size === 1) return `**Magic Prompt:** ${distinct[0]}`;
  return finals.map((p, i) => `**${i + 1}.** ${p}`).join("\n");
}

function describeSettings(
  job: ImageJob,
  shown: readonly Download[],
  response: GenerateResponse,
): APIEmbedField[] {
  const seeds = {
    name: shown.length === 1 ? "Seed" : "Seeds",
    value: shown.map((d) => `\`${d.image.seed}\``).join(" · ") || "—",
    inline: true,
  };
  if (job.kind === "upscale" || job.kind === "tool") {
    const sizes = unique(shown.map((d) => d.image.upscaled_resolution ?? d.image.resolution));
    const name = job.kind === "upscale" ? "Upscaled to" : "Resolution";
    return [{ name, value: sizes.join(", ") || "—", inline: true }, seeds];
  }
  const { request } = job;
  const model = request.model;
  const fields: APIEmbedField[] = [
    { name: "Model", value: modelField(model, request.rendering_speed), inline: true },
  ];
  // A transparent model takes no style: none to name.
  const styled = MODEL_FACTS[model ?? IDEOGRAM_DEFAULT_MODEL].styles.length > 0 && !request.transparent;
  if (styled || request.style_type) {
    const styles = unique(shown.map((d) => d.image.style_type ?? request.style_type));
    const value = styles.map((s) => STYLES[s as Style] ?? s).join(", ") || "Auto";
    fields.push({ name: "Style", value, inline: true });
  }
  if (request.style_preset) {
    fields.push({ name: "Style preset", value: stylePresetLabel(request.style_preset), inline: true });
  }
  if (request.style_codes) {
    fields.push({
      name: "Style codes",
      value: request.style_codes.map((c) => `\`${c}\``).join(" "),
      inline: true,
    });
  }
  const references = describeReferences(job);
  if (references) fields.push({ name: "References", value: references, inline: true });
  if (request.transparent) fields.push({ name: "Background", value: "Transparent (PNG)", inline: true });
  // A model that bills by the size's tier (4.5): each size says which.
  const tiers = MODEL_FACTS[model ?? IDEOGRAM_DEFAULT_MODEL].billingTiers;
  const tiered = (size: string) => (tiers ? `${size} · ${billingTierOf(size)}` : size);
  fields.push(
    {
      name: "Resolution",
      value:
        unique(shown.map((d) => d.image.resolution))
          .map(tiered)
          .join(", ") || (request.resolution ? tiered(toWxH(request.resolution)) : "—"),
      inline: true,
    },
    seeds,
  );
  if (request.color_palette) {
    fields.push({ name: "Palette", value: formatPalette(request.color_palette), inline: true });
  }
  if (request.negative_prompt) fields.push({ name: "Negative prompt", value: request.negative_prompt });
  if ("parameters" in job && job.parameters) {
    fields.push({ name: "Parameters", value: describeParameters(request, job.parameters) });
  }
  if (response.data.length === 0) fields.push({ name: "Images", value: "Ideogram returned none." });
  return fields;
}

const sourceName = (source: ImageSource) =>
  source.type === "stored" ? `image ${source.index + 1}` : source.filename;

/** The images a request was sent besides its source: "style: photo.png · character: me.png". */
function describeReferences(job: ImageJob): string | undefined {
  const refs = "references" in job ? job.references : undefined;
  const parts = [
    ...(refs?.style ?? []).map((s) => `style: ${sourceName(s)}`),
    ...(refs?.character ? [`character: ${sourceName(refs.character)}`] : []),
  ];
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

/** Where a variation, an image prompt's result, an upscale or a tool's result came from. */
function origin(job: ImageJob): { footer?: { text: string } } {
  if (job.kind === "generate") return {};
  const made =
    job.kind === "tool"
      ? TOOL_WORDS[job.tool].made
      : job.kind === "remix"
        ? job.source.type === "stored"
          ? "Variation of"
          : "Image prompt:"
        : "Upscale of";
  return { footer: { text: `${made} ${sourceName(job.source)}` } };
}

/** The prompts Ideogram suggests for an image, numbered to match their "Imagine" buttons. */
export function renderDescriptions(
  job: Job,
  descriptions: readonly string[],
  components: RESTPatchAPIInteractionOriginalResponseJSONBody["components"],
): RenderedMessage {
  if (descriptions.length === 0) return renderFailure(job, "Ideogram had no description for this image.");
  const numbered =
    descriptions.length === 1 ? descriptions : descriptions.map((d, i) => `**${i + 1}.** ${d}`);
  const described =
    "source" in job
      ? job.source.type === "stored"
        ? `image ${job.source.index + 1}`
        : job.source.filename
      : "this image";
  const embed = fitEmbed({
    title: `Ideogram describes ${described} as`,
    description: numbered.join("\n\n"),
    color: COLOR_OK,
    fields: [],
    footer: { text: "Press a button to imagine a prompt as it is, or copy it into /imagine." },
  });
  return {
    body: { content: "", embeds: [embed], attachments: [], components, allowed_mentions: { parse: [] } },
    files: [],
    delivered: descriptions.length,
    missing: 0,
  };
}

/** Applies every per-field limit, then gives the description whatever the 6000 total leaves. */
function fitEmbed(embed: APIEmbed & { title: string; fields: APIEmbedField[] }): APIEmbed {
  const title = truncate(embed.title, EMBED_TITLE_MAX);
  const fields = embed.fields.map((f) => ({ ...f, value: truncate(f.value, EMBED_FIELD_VALUE_MAX) }));
  const footer = embed.footer?.text.length ?? 0;
  const used = title.length + footer + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const room = Math.min(EMBED_DESCRIPTION_MAX, EMBEDS_TOTAL_MAX - used);
  const description = embed.description ? truncate(embed.description, room) : undefined;
  return { ...embed, title, fields, ...(description ? { description } : {}) };
}

function unique<T>(values: readonly (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined && v !== null))];
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

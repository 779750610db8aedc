// The Vary (Region) editor's API, for the page at /editor (public/editor.html, a static asset): read
// the pending edit, the modes it may run with their prices, and its image; submit the painted mask,
// the mode and its prompt. Every call presents the
// link's token as a bearer token (region/link.ts); a token that is not the bot's answers 401, an
// expired or used one 410. A submission posts the job's message in the channel (a follow-up of the
// click), then queues the job with its result to replace that message.
// Layer 8 (routes/): imports only layers 0–7, never scheduler/.
import type { Context } from "hono";
import * as z from "zod/mini";
import { schedulerStub } from "../bindings.ts";
import { INTERACTION_TOKEN_LIFETIME_MS } from "../discord/bounds.ts";
import { createFollowupMessage, deleteFollowupMessage } from "../discord/client.ts";
import { INPUT_IMAGE_MAX_BYTES, toolOperation } from "../ideogram/models.ts";
import { hasVisibleText } from "../ideogram/schema.ts";
import { describeEnqueueRefusal } from "../interactions/schedule.ts";
import { ResultStore } from "../jobs/results.ts";
import { renderAccepted } from "../messages/progress.ts";
import type { RegionJob, RegionLookup } from "../region/edits.ts";
import { maskPng, readMask } from "../region/mask.ts";
import { allowedModes, EDITOR_MODES, editorModes, isEditorMode } from "../region/modes.ts";
import type { AppEnv } from "./env.ts";

/** A mask is one PNG at most the size of an image Ideogram takes, and a prompt. */
export const EDITOR_MAX_BYTES = INPUT_IMAGE_MAX_BYTES + 64 * 1024;
const PROMPT_MAX = 2000;

const LINK_PROBLEMS = {
  invalid: [401, "This link is not one the bot made. Open the editor from the link the bot sent you."],
  expired: [410, "This link has expired. Click 🖌️ Vary (Region) under the image again for a new one."],
  used: [410, "This link has been used: a link works once. The result is posted in the channel."],
} as const;

type Found = Extract<RegionLookup, { status: "ok" }>;

/** The pending edit the request's bearer token names, or the answer that says why not. */
async function edit(c: Context<AppEnv>): Promise<Found | Response> {
  const token = /^Bearer (\S{1,200})$/.exec(c.req.header("Authorization") ?? "")?.[1];
  const found = token ? await schedulerStub(c.env).findRegionEdit(token) : ({ status: "invalid" } as const);
  if (found.status === "ok") return found;
  const [status, error] = LINK_PROBLEMS[found.status];
  return c.json({ error, status: found.status }, status);
}

/** The size of the image being painted: its own pixels, else what Ideogram said it made. */
async function imageSize(c: Context<AppEnv>, job: RegionJob) {
  const results = new ResultStore(c.env.IMAGES, c.var.config.IMAGE_RETENTION_DAYS);
  const pixels = await results.imagePixels(job.source.jobId, job.source.index);
  const [width = 0, height = 0] = job.basis.resolution.split("x").map(Number);
  return pixels ?? { width, height };
}

/**
 * POST /editor/session: what the page shows — the prompt, the image's size, until when it works, and
 * the modes it may choose (those the server's models allow), each with its price.
 */
export async function handleEditorSession(c: Context<AppEnv>): Promise<Response> {
  const found = await edit(c);
  if (found instanceof Response) return found;
  const { job, expiresAt } = found;
  return c.json({
    prompt: job.prompt,
    image: job.source.index + 1,
    ...(await imageSize(c, job)),
    expires_at: new Date(expiresAt).toISOString(),
    modes: editorModes(job.allowedModels),
  });
}

/** GET /editor/image: the image being painted, from the copy the bot keeps. */
export async function handleEditorImage(c: Context<AppEnv>): Promise<Response> {
  const found = await edit(c);
  if (found instanceof Response) return found;
  const results = new ResultStore(c.env.IMAGES, c.var.config.IMAGE_RETENTION_DAYS);
  const image = await results.image(found.job.source.jobId, found.job.source.index);
  if (!image) return c.json({ error: "The image is no longer kept." }, 410);
  return new Response(image.bytes, {
    headers: { "Content-Type": image.contentType, "Cache-Control": "private, no-store" },
  });
}

/** The submission's text fields; the mask is its file part. Redraw when no mode is named. */
const SubmitFields = z.object({
  mode: z._default(z.string(), "redraw"),
  prompt: z._default(z.string(), ""),
  quality: z.optional(z.string()),
});

/**
 * What a submission asks, or why not: its mode's tool, the prompt (a Remove's title is the image's
 * own), the quality where the mode offers one.
 */
function readChange(job: RegionJob, form: FormData | undefined) {
  const fields = SubmitFields.safeParse({
    mode: form?.get("mode") ?? undefined,
    prompt: form?.get("prompt") ?? undefined,
    quality: form?.get("quality") ?? undefined,
  });
  if (!fields.success) return { error: "The form could not be read. Please reload the page." };
  const { mode, quality } = fields.data;
  if (!isEditorMode(mode)) return { error: `There is no "${mode.slice(0, 40)}" mode.` };
  const { label, tool, ask, speeds } = EDITOR_MODES[mode];
  if (!allowedModes(job.allowedModels).includes(mode)) {
    return { error: `${label} is not available on this server.` };
  }
  const prompt = ask ? fields.data.prompt.trim() : job.prompt;
  if (ask && (!hasVisibleText(prompt) || prompt.length > PROMPT_MAX)) {
    return { error: `${ask}? Say it in 1 to ${PROMPT_MAX} characters.` };
  }
  const speed = speeds ? (quality ? speeds.find((s) => s === quality) : speeds[0]) : undefined;
  if (speeds && !speed) return { error: "Pick one of the qualities the page offers." };
  return { change: { tool, prompt, ...(speed ? { speed } : {}) } };
}

/**
 * POST /editor/submit: the mask (a PNG at the image's exact size, dark where painted), the mode and
 * its prompt. The mask is kept in the colours the mode's tool reads.
 */
export async function handleEditorSubmit(c: Context<AppEnv>): Promise<Response> {
  const found = await edit(c);
  if (found instanceof Response) return found;
  const { job } = found;
  const form = await c.req.formData().catch(() => undefined);
  const read = readChange(job, form);
  if (!read.change) return c.json({ error: read.error }, 400);
  const { change } = read;
  const upload = form?.get("mask");
  if (!upload || typeof upload === "string") return c.json({ error: "The mask is missing." }, 400);
  const painted = await readMask(new Uint8Array(await upload.arrayBuffer()), await imageSize(c, job));
  if (!painted.ok) return c.json({ error: painted.error }, 400);
  const { mask } = painted;
  if (mask.count === 0) return c.json({ error: "Nothing is painted: paint what should change." }, 400);
  if (mask.count === mask.width * mask.height) {
    return c.json({ error: "All of the image is painted: leave some of it as it is." }, 400);
  }
  const bytes = await maskPng(mask, toolOperation(change.tool).maskMarks ?? "black");
  const { config, deps } = c.var;
  const results = new ResultStore(c.env.IMAGES, config.IMAGE_RETENTION_DAYS);
  // Each submission's mask under its own name: a second one (a replay) never replaces the first's.
  const maskKey = await results.keepSource(
    job.id,
    `mask-${crypto.randomUUID().slice(0, 8)}`,
    bytes,
    "image/png",
  );
  const discord = {
    apiBase: config.DISCORD_API_BASE,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
    clock: deps.clock,
    tokenExpiresAt: job.receivedAt + INTERACTION_TOKEN_LIFETIME_MS,
    maxAttempts: 3,
  };
  const accepted = { ...job, ...change };
  let messageId: string;
  try {
    messageId = (await createFollowupMessage(job.applicationId, job.token, renderAccepted(accepted), discord))
      .id;
  } catch (error) {
    deps.log.warn("region_followup_failed", { jobId: job.id, detail: String(error) });
    await results.remove([maskKey]);
    return c.json(
      { error: "Discord did not take the message for this edit. Please try again in a moment." },
      503,
    );
  }
  const submitted = await schedulerStub(c.env).submitRegionEdit(
    c.req.header("Authorization")?.slice(7) ?? "",
    { ...change, maskKey, messageId },
  );
  const result = submitted.status === "submitted" ? submitted.result : undefined;
  if (result?.status === "queued") {
    deps.log.info("region_submitted", { jobId: job.id });
    return c.json(
      { status: "queued", message: "Sent. The result will appear in the channel as a new message." },
      202,
    );
  }
  // Not queued: the message posted for it goes, and so does its mask.
  await Promise.allSettled([
    deleteFollowupMessage(job.applicationId, job.token, messageId, discord),
    results.remove([maskKey]),
  ]);
  if (submitted.status !== "submitted") {
    const [status, error] = LINK_PROBLEMS[submitted.status];
    return c.json({ error, status: submitted.status }, status);
  }
  // The same interaction's job exists already: this link's edit was queued before.
  if (!result || result.status === "duplicate")
    return c.json({ error: LINK_PROBLEMS.used[1], status: "used" }, 410);
  return c.json({ error: describeEnqueueRefusal(result) }, result.status === "limited" ? 429 : 403);
}

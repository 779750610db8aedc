// The Vary (Region) editor's API, for the page at /editor (public/editor.html, a static asset): read
// the pending edit and its image, and submit the painted mask and the prompt. Every call presents the
// link's token as a bearer token (region/link.ts); a token that is not the bot's answers 401, an
// expired or used one 410. A submission posts the job's message in the channel (a follow-up of the
// click), then queues the job with its result to replace that message.
// Layer 8 (routes/): imports only layers 0–7, never scheduler/.
import type { Context } from "hono";
import { schedulerStub } from "../bindings.ts";
import { INTERACTION_TOKEN_LIFETIME_MS } from "../discord/bounds.ts";
import { createFollowupMessage, deleteFollowupMessage } from "../discord/client.ts";
import { INPUT_IMAGE_MAX_BYTES } from "../ideogram/models.ts";
import { hasVisibleText } from "../ideogram/schema.ts";
import { describeEnqueueRefusal } from "../interactions/schedule.ts";
import { pngSize } from "../jobs/image-type.ts";
import { ResultStore } from "../jobs/results.ts";
import { renderAccepted } from "../messages/progress.ts";
import type { RegionJob, RegionLookup } from "../region/edits.ts";
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

/** POST /editor/session: what the page shows — the prompt, the image's size, until when it works. */
export async function handleEditorSession(c: Context<AppEnv>): Promise<Response> {
  const found = await edit(c);
  if (found instanceof Response) return found;
  const { job, expiresAt } = found;
  return c.json({
    prompt: job.prompt,
    image: job.source.index + 1,
    ...(await imageSize(c, job)),
    expires_at: new Date(expiresAt).toISOString(),
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

/** POST /editor/submit: the mask (a PNG at the image's exact size, black where to change) and prompt. */
export async function handleEditorSubmit(c: Context<AppEnv>): Promise<Response> {
  const found = await edit(c);
  if (found instanceof Response) return found;
  const { job } = found;
  const form = await c.req.formData().catch(() => undefined);
  const prompt = String(form?.get("prompt") ?? "").trim();
  const mask = form?.get("mask");
  if (!hasVisibleText(prompt) || prompt.length > PROMPT_MAX) {
    return c.json({ error: `Say what goes in the painted region, in 1 to ${PROMPT_MAX} characters.` }, 400);
  }
  if (!mask || typeof mask === "string") return c.json({ error: "The mask is missing." }, 400);
  const bytes = new Uint8Array(await mask.arrayBuffer());
  const size = pngSize(bytes);
  const expected = await imageSize(c, job);
  if (!size) return c.json({ error: "The mask must be a PNG image." }, 400);
  if (size.width !== expected.width || size.height !== expected.height) {
    return c.json(
      {
        error: `The mask is ${size.width}×${size.height}; it must be the image's size, ${expected.width}×${expected.height}.`,
      },
      400,
    );
  }
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
  const accepted = { ...job, prompt };
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
    {
      prompt,
      maskKey,
      messageId,
    },
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

// 🖌️ Vary (Region): Discord can't paint a mask, so the click is answered privately with a link to the
// editor page the Worker serves (public/editor.html). The link carries a signed, single-use token for
// a pending region job of the clicker's (region/edits.ts); the page's submission chooses its mode
// (region/modes.ts: redraw, remove, change with words) and queues it, and its result arrives as a new
// message in the channel.
// Layer 7 (actions/): imports only layers 0–6, never commands/, scheduler/.
import type { APIInteractionResponse, APIMessageComponentInteraction } from "discord-api-types/v10";
import { linkButton, row } from "../discord/components.ts";
import { ephemeral } from "../discord/responses.ts";
import type { CommandContext } from "../interactions/context.ts";
import { expired } from "../interactions/replies.ts";
import { jobFor } from "../interactions/schedule.ts";
import type { ComponentRef } from "../jobs/component-ids.ts";
import { LATEST_START_MS } from "../jobs/destination.ts";

export async function openRegionEditor(
  interaction: APIMessageComponentInteraction,
  ref: ComponentRef,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const manifest = await context.results.manifest(ref.jobId);
  const image = manifest?.images.find((i) => i.index === ref.index);
  if (!manifest || !image?.size) return expired(context.results.retentionDays);
  const job = jobFor(
    interaction,
    {
      kind: "tool",
      // The scheduler makes it the first mode the server allows; the submission names the one to run.
      tool: "inpaint",
      source: { type: "stored", jobId: manifest.jobId, index: image.index },
      prompt: image.prompt,
      basis: { seed: image.seed, resolution: image.resolution },
    } as const,
    context,
  );
  // The job must start while the click's token can still post its result (as any job must).
  const expiresAt = job.receivedAt + LATEST_START_MS;
  const opened = await context.regionEdits.open(job, expiresAt);
  if (opened.status === "refused") return ephemeral(opened.message);
  const link = linkButton("Open the editor", `${context.origin}/editor#${opened.token}`, "🖌️");
  return ephemeral(
    `🖌️ **Vary (Region)** of image ${image.index + 1}: paint a region, then redraw it, remove it or change it with words. The link is yours alone, works once, and until <t:${Math.floor(expiresAt / 1000)}:t>.`,
    [row([link])],
  );
}

// Remix mode (`/prefer remix value:on`), as in Midjourney: 🔄 Re-roll and 🔀 Vary first open a form with
// the prompt and its settings in Midjourney's notation (`a fox --ar 16:9 --v 3 --raw`); what is submitted
// is read as a prompt (interactions/prompt-parameters.ts) and runs as the click would have, with the
// changes: each setting the notation can say is what the form says now (gone if deleted), the rest
// (style, palette, references, the image) stays as it was.
// Layer 7 (actions/): imports only layers 0–6, never commands/, scheduler/.
import type {
  APIInteractionResponse,
  APIModalInteractionResponse,
  APIModalSubmitInteraction,
} from "discord-api-types/v10";
import { RESPONSE } from "../discord/numbers.ts";
import { ephemeral } from "../discord/responses.ts";
import type { ImageRequest } from "../ideogram/schema.ts";
import type { CommandContext } from "../interactions/context.ts";
import { type ParameterFields, parsePromptParameters } from "../interactions/prompt-parameters.ts";
import { formExpired } from "../interactions/replies.ts";
import { scheduleWork } from "../interactions/schedule.ts";
import { type ComponentRef, componentId } from "../jobs/component-ids.ts";
import type { JobWork } from "../jobs/job.ts";
import type { Manifest } from "../jobs/results.ts";
import { midjourneyNotation } from "../messages/notation.ts";
import { INPUT_MAX, input, submittedValues } from "./edit.ts";

/** What Re-roll and Vary can open the form for: work with a prompt and an image request. */
export type RemixWork = Extract<JobWork, { kind: "generate" | "remix" }>;
const isRemixable = (work: JobWork): work is RemixWork => work.kind === "generate" || work.kind === "remix";

/** The fields the notation says (midjourneyNotation): the form decides them. */
const SAID: readonly (keyof ParameterFields)[] = [
  "aspect_ratio",
  "model",
  "rendering_speed",
  "magic_prompt_option",
  "seed",
  "style_codes",
  "negative_prompt",
];

/** The form for the click's work (a re-roll or a variation: no seed, it takes a new one); undefined if none applies. */
export function remixModal(ref: ComponentRef, work: JobWork): APIModalInteractionResponse | undefined {
  if (!isRemixable(work)) return undefined;
  const text = [work.request.prompt, ...midjourneyNotation(work.request)].join(" ");
  if (text.length > INPUT_MAX) return undefined;
  return {
    type: RESPONSE.MODAL,
    data: {
      custom_id: componentId(ref.action, ref.jobId, ref.index),
      title: work.kind === "remix" ? "Remix: change, then vary" : "Remix: change, then re-roll",
      components: [input("prompt", text)],
    },
  };
}

/** The work with the prompt and parameters of the form, or what is wrong with them. */
export function remixed(
  work: RemixWork,
  typed: string,
  options: Readonly<Record<string, string>>,
): { ok: true; work: RemixWork } | { ok: false; problems: string[]; unknownNames?: true } {
  const read = parsePromptParameters(typed, work.request.model, options);
  if (!read.ok) return read;
  const { text, fields, links, ignored, notes, imageWeight, repeat } = read.prompt;
  const problems: string[] = [];
  if (!text) problems.push("the prompt has only parameters: describe what to draw before them");
  if (links.image.length + links.style.length + links.character.length > 0) {
    problems.push(
      "image links are not read in this form: use `/imagine` for a new image prompt or reference",
    );
  }
  if (repeat !== undefined) problems.push("`--repeat` is for `/imagine`: this form runs one job");
  if (imageWeight !== undefined && work.kind !== "remix") {
    problems.push("`--iw` says how closely a variation follows its image: Re-roll has none");
  }
  if (problems.length > 0) return { ok: false, problems };
  const kept = Object.fromEntries(
    Object.entries(work.request).filter(([field]) => !SAID.includes(field as keyof ParameterFields)),
  );
  const request = { ...kept, ...fields, prompt: text } as ImageRequest;
  const parameters = { ignored, notes };
  if (work.kind === "remix") {
    return { ok: true, work: { ...work, request, parameters, imageWeight: imageWeight ?? work.imageWeight } };
  }
  return { ok: true, work: { ...work, request, parameters } };
}

/** The form submitted: the click's work (as `act` makes it) with what the form says, queued. */
export const remixSubmit =
  (act: (manifest: Manifest, ref: ComponentRef) => JobWork | undefined) =>
  async (
    interaction: APIModalSubmitInteraction,
    ref: ComponentRef,
    context: CommandContext,
  ): Promise<APIInteractionResponse> => {
    const manifest = await context.results.manifest(ref.jobId);
    const work = manifest && act(manifest, ref);
    if (!work || !isRemixable(work)) return formExpired(context.results.retentionDays);
    const typed = submittedValues(interaction).get("prompt") ?? "";
    if (typed === "") return ephemeral("Nothing was run: the prompt can't be empty.");
    if (typed.length > INPUT_MAX)
      return ephemeral(`Nothing was run: the prompt must be at most ${INPUT_MAX} characters.`);
    const user = interaction.member?.user ?? interaction.user;
    const userId = user?.id ?? "unknown";
    let next = remixed(work, typed, context.limits.knownPreferences(userId).preferences.options);
    // An unknown --name may be a custom option this Worker hasn't seen yet.
    if (!next.ok && next.unknownNames) {
      next = remixed(work, typed, (await context.limits.preferences(userId)).preferences.options);
    }
    if (!next.ok) return ephemeral(`Nothing was run:\n${next.problems.map((p) => `• ${p}`).join("\n")}`);
    return scheduleWork(interaction, next.work, context);
  };

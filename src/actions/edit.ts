// ✏️ Edit: a form prefilled with the result's prompt, negative prompt and seed; submitting it
// queues a new job of the same kind with those values (type 5: a new message).
// Layer 7 (actions/): imports only layers 0–6, never commands/, scheduler/.
import type {
  APIInteractionResponse,
  APIModalInteractionResponse,
  APIModalSubmitInteraction,
} from "discord-api-types/v10";
import * as z from "zod/mini";
import { COMPONENT, RESPONSE, TEXT_STYLE } from "../discord/numbers.ts";
import { ephemeral } from "../discord/responses.ts";
import { SEED_MAX } from "../ideogram/enums.ts";
import { fieldsFor, requestOperation } from "../ideogram/models.ts";
import { requestSchemas } from "../ideogram/schema.ts";
import type { CommandContext } from "../interactions/context.ts";
import { formExpired } from "../interactions/replies.ts";
import { scheduleWork } from "../interactions/schedule.ts";
import { type ComponentRef, componentId } from "../jobs/component-ids.ts";
import { hasRequest, type RequestWork } from "../jobs/job.ts";
import type { Manifest } from "../jobs/results.ts";
import { lazy } from "../lazy.ts";

/** Discord's limit for a text input's value. */
export const INPUT_MAX = 4000;

/** The form's inputs: what Discord shows, and the limits a submission is checked against. */
const INPUTS: Record<
  string,
  {
    label: string;
    style: (typeof TEXT_STYLE)[keyof typeof TEXT_STYLE];
    maxLength: number;
    description?: string;
  }
> = {
  prompt: { label: "Prompt", style: TEXT_STYLE.PARAGRAPH, maxLength: INPUT_MAX },
  negative_prompt: {
    label: "Negative prompt",
    style: TEXT_STYLE.PARAGRAPH,
    maxLength: INPUT_MAX,
    description: "What to leave out",
  },
  seed: { label: "Seed", style: TEXT_STYLE.SHORT, maxLength: 10, description: "Empty for a random seed" },
};
type InputId = "prompt" | "negative_prompt" | "seed";

/** A text input in its label. */
export const input = (id: InputId, value: string | undefined) => {
  const { label, style, maxLength, description } = INPUTS[id] as (typeof INPUTS)[string];
  return {
    type: COMPONENT.LABEL,
    label,
    ...(description ? { description } : {}),
    component: {
      type: COMPONENT.TEXT_INPUT,
      custom_id: id,
      style,
      required: id === "prompt",
      max_length: maxLength,
      ...(value ? { value } : {}),
    },
  };
};

/** The form for a result; an explanation instead when it can't be edited this way. */
/** Which of the form's optional inputs the work's endpoint takes (4.0 has no negative prompt, its remix no seed). */
function takenBy(work: RequestWork): { negative: boolean; seed: boolean } {
  if (work.kind === "upscale") return { negative: false, seed: true };
  const { model } = work.request;
  const fields = fieldsFor(model, requestOperation(model, work.kind, work.request));
  return { negative: fields.includes("negative_prompt"), seed: fields.includes("seed") };
}

export function editModal(manifest: Manifest): APIInteractionResponse | undefined {
  const { work } = manifest;
  if (!hasRequest(work)) return undefined;
  const prompt = work.request.prompt ?? manifest.images[0]?.prompt ?? "";
  if (prompt.length > INPUT_MAX) {
    return ephemeral(
      `This prompt is longer than a Discord form can hold (${INPUT_MAX} characters): use \`/imagine\` to change it.`,
    );
  }
  const seed = work.request.seed ?? manifest.images[0]?.seed;
  const takes = takenBy(work);
  const negative =
    takes.negative && work.kind !== "upscale" ? [input("negative_prompt", work.request.negative_prompt)] : [];
  const seedInput = takes.seed ? [input("seed", seed === undefined ? undefined : String(seed))] : [];
  const modal: APIModalInteractionResponse = {
    type: RESPONSE.MODAL,
    data: {
      custom_id: componentId("edit", manifest.jobId),
      title: "Edit and run again",
      components: [input("prompt", prompt), ...negative, ...seedInput],
    },
  };
  return modal;
}

const submittedSchema = lazy(() => {
  // A text input answers its `value`, a select its `values`.
  const input = z.looseObject({
    custom_id: z.string(),
    value: z.optional(z.string()),
    values: z.optional(z.array(z.string())),
  });
  return z.array(z.looseObject({ component: z.optional(input), components: z.optional(z.array(input)) }));
});

/** The submitted values by input id; labels (current) and action rows (legacy) both count. */
export function submittedValues(interaction: APIModalSubmitInteraction): Map<string, string> {
  const parsed = submittedSchema().safeParse(interaction.data.components);
  const inputs = parsed.success
    ? parsed.data.flatMap((c) => [...(c.component ? [c.component] : []), ...(c.components ?? [])])
    : [];
  return new Map(inputs.map((i) => [i.custom_id, (i.value ?? i.values?.[0] ?? "").trim()]));
}

export async function handleEditSubmit(
  interaction: APIModalSubmitInteraction,
  ref: ComponentRef,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const manifest = await context.results.manifest(ref.jobId);
  if (!manifest || !hasRequest(manifest.work)) {
    return formExpired(context.results.retentionDays);
  }
  const values = submittedValues(interaction);
  // Discord enforces each input's max_length; a forged submission is held to the same limits.
  const tooLong = Object.entries(INPUTS).find(([id, i]) => (values.get(id)?.length ?? 0) > i.maxLength);
  if (tooLong) {
    return ephemeral(
      `Nothing was run: \`${tooLong[0]}\` must be at most ${tooLong[1].maxLength} characters.`,
    );
  }
  const seedText = values.get("seed") ?? "";
  const seed = seedText === "" ? undefined : Number(seedText);
  if (seed !== undefined && !(/^\d+$/.test(seedText) && seed <= SEED_MAX)) {
    return ephemeral(`Nothing was run: the seed must be a whole number from 0 to ${SEED_MAX}, or empty.`);
  }
  const prompt = values.get("prompt") ?? "";
  if (prompt === "") return ephemeral("Nothing was run: the prompt can't be empty.");
  const work = edited(manifest.work, prompt, values.get("negative_prompt"), seed);
  // The fields' values are checked here; which of them the model takes, when the job is queued.
  const checked = work.kind === "upscale" ? undefined : requestSchemas().imageRequest.safeParse(work.request);
  if (checked && !checked.success) {
    const problems = checked.error.issues.map((i) => `\`${String(i.path[0])}\` ${i.message}`);
    return ephemeral(`Nothing was run:\n${problems.map((p) => `• ${p}`).join("\n")}`);
  }
  return scheduleWork(interaction, work, context);
}

type ImageWork = RequestWork;

/** The work with the form's values; empty inputs remove their field. */
function edited(
  work: ImageWork,
  prompt: string,
  negative: string | undefined,
  seed: number | undefined,
): ImageWork {
  const {
    seed: _seed,
    negative_prompt: _negative,
    ...rest
  } = work.request as typeof work.request & {
    negative_prompt?: string;
  };
  const request = {
    ...rest,
    prompt,
    ...(seed === undefined ? {} : { seed }),
    ...(negative ? { negative_prompt: negative } : {}),
  };
  return { ...work, request } as ImageWork;
}

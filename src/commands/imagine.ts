// /imagine: validates the options, checks model rules, queues the job and defers.
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
} from "discord-api-types/v10";
import { z } from "zod";
import { DEFAULT_ATTACHMENT_SIZE_LIMIT } from "../discord/limits.ts";
import { deferred, ephemeral } from "../discord/responses.ts";
import {
  ASPECT_RATIO_VALUES,
  MAGIC_PROMPT_VALUES,
  MODEL_VALUES,
  NUM_IMAGES_MAX,
  SEED_MAX,
  STYLE_VALUES,
} from "../ideogram/enums.ts";
import { findRuleViolations } from "../ideogram/rules.ts";
import type { ImageRequest } from "../ideogram/schema.ts";
import type { CommandContext } from "./context.ts";
import { PROMPT_MAX_LENGTH } from "./definitions.ts";

const oneOf = (values: readonly string[]) => `must be one of ${values.join(", ")}`;

/** Discord enforces these too, but a stale registration or a forged client could send anything. */
export const imagineOptionsSchema = z.strictObject({
  prompt: z
    .string({ error: "is required" })
    .trim()
    .min(1, "can't be empty")
    .max(PROMPT_MAX_LENGTH, `must be at most ${PROMPT_MAX_LENGTH} characters`),
  aspect_ratio: z.enum(ASPECT_RATIO_VALUES, { error: oneOf(ASPECT_RATIO_VALUES) }).optional(),
  model: z.enum(MODEL_VALUES, { error: oneOf(MODEL_VALUES) }).optional(),
  style: z.enum(STYLE_VALUES, { error: oneOf(STYLE_VALUES) }).optional(),
  magic_prompt: z.enum(MAGIC_PROMPT_VALUES, { error: oneOf(MAGIC_PROMPT_VALUES) }).optional(),
  negative_prompt: z
    .string({ error: "must be text" })
    .trim()
    .max(PROMPT_MAX_LENGTH, `must be at most ${PROMPT_MAX_LENGTH} characters`)
    .optional(),
  seed: z
    .int({ error: `must be a whole number from 0 to ${SEED_MAX}` })
    .min(0)
    .max(SEED_MAX)
    .optional(),
  count: z
    .int({ error: `must be a whole number from 1 to ${NUM_IMAGES_MAX}` })
    .min(1)
    .max(NUM_IMAGES_MAX)
    .optional(),
});
export type ImagineOptions = z.infer<typeof imagineOptionsSchema>;

/** Maps each given option to its `image_request` field; options not given stay out. */
export function toImageRequest(options: ImagineOptions): ImageRequest {
  const request: ImageRequest = {
    prompt: options.prompt,
    aspect_ratio: options.aspect_ratio,
    model: options.model,
    style_type: options.style,
    magic_prompt_option: options.magic_prompt,
    negative_prompt: options.negative_prompt || undefined,
    seed: options.seed,
    num_images: options.count,
  };
  return Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as ImageRequest;
}

export function handleImagine(
  interaction: APIChatInputApplicationCommandInteraction,
  context: CommandContext,
): APIInteractionResponse {
  const parsed = imagineOptionsSchema.safeParse(optionValues(interaction));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => describeIssue(issue));
    return ephemeral(`That request can't be sent to Ideogram:\n${problems.map((p) => `• ${p}`).join("\n")}`);
  }
  const request = toImageRequest(parsed.data);
  const violations = findRuleViolations(request);
  if (violations.length > 0) {
    return ephemeral(`Nothing was generated:\n${violations.map((v) => `• ${v.message}`).join("\n")}`);
  }
  const user = interaction.member?.user ?? interaction.user;
  context.schedule({
    id: interaction.id,
    interactionId: interaction.id,
    applicationId: interaction.application_id,
    token: interaction.token,
    request,
    user: { id: user?.id ?? "unknown", name: user?.global_name ?? user?.username ?? "someone" },
    attachmentSizeLimit: interaction.attachment_size_limit || DEFAULT_ATTACHMENT_SIZE_LIMIT,
    receivedAt: context.now,
  });
  return deferred();
}

function optionValues(interaction: APIChatInputApplicationCommandInteraction): Record<string, unknown> {
  const options = interaction.data.options ?? [];
  return Object.fromEntries(options.map((o) => [o.name, "value" in o ? o.value : undefined]));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const option = issue.path[0];
  if (issue.code === "unrecognized_keys") {
    return `unknown option ${issue.keys.map((k) => `\`${k}\``).join(", ")} (the bot's commands may be out of date; ask the bot owner to run \`npm run register\`)`;
  }
  if (issue.code === "too_small" || issue.code === "too_big") {
    if (option === "seed") return `\`seed\` must be a whole number from 0 to ${SEED_MAX}`;
    if (option === "count") return `\`count\` must be a whole number from 1 to ${NUM_IMAGES_MAX}`;
  }
  return `\`${String(option)}\` ${issue.message}`;
}

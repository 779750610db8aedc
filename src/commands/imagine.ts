// /imagine: validates the options, checks model rules, queues the job and defers.
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
} from "discord-api-types/v10";
import * as z from "zod/mini";
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

const oneOf = (values: readonly string[]) => ({ error: `must be one of ${values.join(", ")}` });
const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.optional(z.int({ error }).check(z.gte(min, error), z.lte(max, error)));
};
const text = (required: boolean) =>
  z
    .string({ error: required ? "is required" : "must be text" })
    .check(z.trim(), z.maxLength(PROMPT_MAX_LENGTH, `must be at most ${PROMPT_MAX_LENGTH} characters`));

/** Discord enforces these too, but a stale registration or a forged client could send anything. */
export const imagineOptionsSchema = z.strictObject({
  prompt: text(true).check(z.minLength(1, "can't be empty")),
  aspect_ratio: z.optional(z.enum(ASPECT_RATIO_VALUES, oneOf(ASPECT_RATIO_VALUES))),
  model: z.optional(z.enum(MODEL_VALUES, oneOf(MODEL_VALUES))),
  style: z.optional(z.enum(STYLE_VALUES, oneOf(STYLE_VALUES))),
  magic_prompt: z.optional(z.enum(MAGIC_PROMPT_VALUES, oneOf(MAGIC_PROMPT_VALUES))),
  negative_prompt: z.optional(text(false)),
  seed: wholeNumber(0, SEED_MAX),
  count: wholeNumber(1, NUM_IMAGES_MAX),
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
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `\`${k}\``).join(", ");
    return `unknown option ${keys} (the bot's commands may be out of date; ask the bot owner to run \`npm run register\`)`;
  }
  return `\`${String(issue.path[0])}\` ${issue.message}`;
}

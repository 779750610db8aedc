// /imagine: maps the options onto Ideogram's image_request, validates it, checks model rules, defers.
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
} from "discord-api-types/v10";
import * as z from "zod/mini";
import { DEFAULT_ATTACHMENT_SIZE_LIMIT } from "../discord/limits.ts";
import { deferred, ephemeral } from "../discord/responses.ts";
import { snowflakeTime } from "../discord/snowflake.ts";
import { findRuleViolations } from "../ideogram/rules.ts";
import { type ImageRequest, imageRequestSchema } from "../ideogram/schema.ts";
import type { CommandContext } from "./context.ts";
import { PROMPT_MAX_LENGTH } from "./definitions.ts";

/** Each /imagine option and the image_request field it fills, value unchanged. */
export const OPTION_FIELDS = {
  prompt: "prompt",
  aspect_ratio: "aspect_ratio",
  model: "model",
  style: "style_type",
  magic_prompt: "magic_prompt_option",
  negative_prompt: "negative_prompt",
  seed: "seed",
  count: "num_images",
} as const satisfies Record<string, keyof ImageRequest>;
type OptionName = keyof typeof OPTION_FIELDS;

const FIELD_OPTIONS = Object.fromEntries(
  Object.entries(OPTION_FIELDS).map(([option, field]) => [field, option]),
);

const tooLong = `must be at most ${PROMPT_MAX_LENGTH} characters`;
/**
 * What Discord itself promises about the options (names, types, lengths). Discord enforces these,
 * but a stale registration or a forged client could send anything; value rules are imageRequestSchema's.
 */
const optionsSchema = z.strictObject({
  prompt: z.string({ error: "must be text" }).check(z.maxLength(PROMPT_MAX_LENGTH, tooLong)),
  negative_prompt: z.optional(
    z.string({ error: "must be text" }).check(z.maxLength(PROMPT_MAX_LENGTH, tooLong)),
  ),
  aspect_ratio: z.optional(z.string({ error: "must be text" })),
  model: z.optional(z.string({ error: "must be text" })),
  style: z.optional(z.string({ error: "must be text" })),
  magic_prompt: z.optional(z.string({ error: "must be text" })),
  seed: z.optional(z.number({ error: "must be a number" })),
  count: z.optional(z.number({ error: "must be a number" })),
});

export type ImagineParse = { ok: true; request: ImageRequest } | { ok: false; problems: string[] };

/** The image_request for these option values; options not given stay out of it. */
export function parseImagineOptions(values: Record<string, unknown>): ImagineParse {
  const options = optionsSchema.safeParse(values);
  if (!options.success)
    return { ok: false, problems: options.error.issues.map((i) => describeIssue(i, i.path)) };
  const fields = Object.entries(options.data)
    .filter(([, value]) => value !== undefined)
    .map(([option, value]) => [OPTION_FIELDS[option as OptionName], value]);
  const request = imageRequestSchema.safeParse(Object.fromEntries(fields));
  if (!request.success) {
    const problems = request.error.issues.map((i) =>
      describeIssue(i, [FIELD_OPTIONS[String(i.path[0])] ?? "?"]),
    );
    return { ok: false, problems };
  }
  const { negative_prompt, ...rest } = request.data;
  return { ok: true, request: negative_prompt ? { ...rest, negative_prompt } : rest };
}

export async function handleImagine(
  interaction: APIChatInputApplicationCommandInteraction,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const values = Object.fromEntries(
    (interaction.data.options ?? []).map((o) => [o.name, "value" in o ? o.value : undefined]),
  );
  const parsed = parseImagineOptions(values);
  if (!parsed.ok) {
    return ephemeral(
      `That request can't be sent to Ideogram:\n${parsed.problems.map((p) => `• ${p}`).join("\n")}`,
    );
  }
  const violations = findRuleViolations(parsed.request);
  if (violations.length > 0) {
    return ephemeral(`Nothing was generated:\n${violations.map((v) => `• ${v.message}`).join("\n")}`);
  }
  const user = interaction.member?.user ?? interaction.user;
  const result = await context.schedule({
    id: interaction.id,
    interactionId: interaction.id,
    applicationId: interaction.application_id,
    token: interaction.token,
    request: parsed.request,
    user: { id: user?.id ?? "unknown", name: user?.global_name ?? user?.username ?? "someone" },
    attachmentSizeLimit: interaction.attachment_size_limit || DEFAULT_ATTACHMENT_SIZE_LIMIT,
    // The token's 15 minutes run from when Discord created the interaction.
    receivedAt: Math.min(context.now, snowflakeTime(interaction.id) ?? context.now),
  });
  switch (result.status) {
    case "queued":
    case "duplicate":
      return deferred();
    case "user_limit":
      return ephemeral(
        `You already have ${result.limit} request${result.limit === 1 ? "" : "s"} waiting or generating. Wait for one to finish (or cancel one), then try again.`,
      );
    case "too_many_images":
      return ephemeral(
        `This bot makes at most ${result.limit} images at a time: ask for fewer with \`count\`.`,
      );
  }
}

/** One line naming the option (as the user knows it) and what is wrong with it. */
function describeIssue(issue: z.core.$ZodIssue, path: readonly PropertyKey[]): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `\`${k}\``).join(", ");
    return `unknown option ${keys} (the bot's commands may be out of date; ask the bot owner to run \`npm run register\`)`;
  }
  return `\`${String(path[0])}\` ${issue.message}`;
}

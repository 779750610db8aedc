// /imagine: maps the options onto Ideogram's image_request, validates it, checks model rules, defers.
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
} from "discord-api-types/v10";
import * as z from "zod/mini";
import { ephemeral } from "../discord/responses.ts";
import { parsePalette } from "../ideogram/palette.ts";
import { parseResolution } from "../ideogram/resolution.ts";
import { findRuleViolations } from "../ideogram/rules.ts";
import { type ImageRequest, imageRequestSchema } from "../ideogram/schema.ts";
import { PROMPT_MAX_LENGTH } from "./constants.ts";
import type { CommandContext } from "./context.ts";
import { scheduleWork } from "./schedule.ts";

/** Each /imagine option and the image_request field it fills (value unchanged unless converted). */
export const OPTION_FIELDS = {
  prompt: "prompt",
  aspect_ratio: "aspect_ratio",
  model: "model",
  style: "style_type",
  magic_prompt: "magic_prompt_option",
  negative_prompt: "negative_prompt",
  seed: "seed",
  count: "num_images",
  resolution: "resolution",
  palette: "color_palette",
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
  resolution: z.optional(z.string({ error: "must be text" })),
  palette: z.optional(z.string({ error: "must be text" })),
});

type Converted = { value: unknown } | { problem: string };

/** Options typed as free text that become structured fields. */
const CONVERTERS: Partial<Record<OptionName, (text: string) => Converted>> = {
  resolution: (text) => {
    const value = parseResolution(text);
    return value
      ? { value }
      : {
          problem: `\`${text}\` is not one of Ideogram's resolutions: pick one from the list (type a size like 1024 or a ratio like 16:9 to search it)`,
        };
  },
  palette: (text) => {
    const parsed = parsePalette(text);
    return parsed.ok ? { value: parsed.palette } : { problem: parsed.problem };
  },
};

export type ImagineParse = { ok: true; request: ImageRequest } | { ok: false; problems: string[] };

/** The image_request for these option values; options not given stay out of it. */
export function parseImagineOptions(values: Record<string, unknown>): ImagineParse {
  const options = optionsSchema.safeParse(values);
  if (!options.success)
    return { ok: false, problems: options.error.issues.map((i) => describeIssue(i, i.path)) };
  const fields: [string, unknown][] = [];
  const problems: string[] = [];
  for (const [option, value] of Object.entries(options.data) as [OptionName, unknown][]) {
    if (value === undefined) continue;
    const converted = CONVERTERS[option]?.(String(value)) ?? { value };
    if ("problem" in converted) problems.push(`\`${option}\` ${converted.problem}`);
    else fields.push([OPTION_FIELDS[option], converted.value]);
  }
  if (problems.length > 0) return { ok: false, problems };
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
  return scheduleWork(interaction, { kind: "generate", request: parsed.request }, context, {
    useServerDefaults: true,
  });
}

/** One line naming the option (as the user knows it) and what is wrong with it. */
function describeIssue(issue: z.core.$ZodIssue, path: readonly PropertyKey[]): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `\`${k}\``).join(", ");
    return `unknown option ${keys} (the bot's commands may be out of date; ask the bot owner to run \`npm run register\`)`;
  }
  return `\`${String(path[0])}\` ${issue.message}`;
}

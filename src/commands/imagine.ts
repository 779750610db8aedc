// /imagine: maps the options onto the bot's image request (and an image prompt or reference images),
// validates it, and queues it — or, when its permutations or `--repeat` make several jobs, asks first
// with the price (messages/batch.ts) and queues them on Yes (actions/batch.ts). Which model takes which option is checked when the job is queued,
// once the server's defaults and the model the request runs on are known (limits/admission.ts).
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
} from "discord-api-types/v10";
import * as z from "zod/mini";
import {
  INTERACTION_TOKEN_LIFETIME_MS,
  STRING_OPTION_MAX,
  USER_INSTALL_FOLLOWUPS_MAX,
} from "../discord/bounds.ts";
import { INSTALL } from "../discord/numbers.ts";
import { ephemeral } from "../discord/responses.ts";
import { resolvedAttachment } from "../discord/shapes.ts";
import { checkLink, linkFilename } from "../http/links.ts";
import {
  DEFAULT_IMAGE_WEIGHT,
  findStylePreset,
  IMAGE_WEIGHT_MAX,
  IMAGE_WEIGHT_MIN,
  type Model,
} from "../ideogram/enums.ts";
import { parsePalette } from "../ideogram/palette.ts";
import { parseResolution } from "../ideogram/resolution.ts";
import { type ImageRequest, requestSchemas } from "../ideogram/schema.ts";
import type { CommandContext } from "../interactions/context.ts";
import { OPTION_FIELDS, type OptionName, optionName } from "../interactions/options.ts";
import { parsePromptParameters } from "../interactions/prompt-parameters.ts";
import {
  describeEnqueueRefusal,
  jobFor,
  scheduleWork,
  watchingPreferences,
} from "../interactions/schedule.ts";
import type { ImageSource, JobWork, PromptParameters, References } from "../jobs/job.ts";
import { lazy } from "../lazy.ts";
import type { Preferences, VersionedPreferences } from "../limits/preferences.ts";
import { type BatchLine, renderBatchConfirmation } from "../messages/batch.ts";
import { expandPermutations } from "./permutations.ts";
import { checkUpload, type Upload } from "./uploads.ts";

const tooLong = `must be at most ${STRING_OPTION_MAX} characters`;
/**
 * What Discord itself promises about the options (names, types, lengths). Discord enforces these,
 * but a stale registration or a forged client could send anything; value rules are the request schema's.
 */
const optionsSchema = lazy(() => {
  const text = z.optional(z.string({ error: "must be text" }));
  const number = z.optional(z.number({ error: "must be a number" }));
  return z.strictObject({
    // Discord drops a required option whose text is only spaces: the prompt is then missing.
    prompt: z
      .string({
        error: (issue) => (issue.input === undefined ? "is empty: describe what to draw" : "must be text"),
      })
      .check(z.maxLength(STRING_OPTION_MAX, tooLong)),
    negative_prompt: z.optional(
      z.string({ error: "must be text" }).check(z.maxLength(STRING_OPTION_MAX, tooLong)),
    ),
    aspect_ratio: text,
    model: text,
    speed: text,
    style: text,
    style_preset: text,
    style_code: text,
    magic_prompt: text,
    seed: number,
    count: number,
    resolution: text,
    palette: text,
    transparent: z.optional(z.boolean({ error: "must be true or false" })),
    /** Attachment options carry the attachment's id; the upload itself is in `data.resolved`. */
    image: text,
    image_weight: number,
    style_ref: text,
    character_ref: text,
  });
});

type Converted = { value: unknown } | { problem: string };

/** Options typed as free text that become structured fields. */
const CONVERTERS: Partial<Record<OptionName, (text: string) => Converted>> = {
  // False is the same as leaving it out.
  transparent: (text) => ({ value: text === "true" ? true : undefined }),
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
  style_preset: (text) => {
    const value = findStylePreset(text);
    return value
      ? { value }
      : { problem: `\`${text}\` is not one of Ideogram 3.0's style presets: pick one from the list` };
  },
  style_code: (text) => {
    const codes = text.split(/[\s,;]+/).filter(Boolean);
    const bad = codes.find((c) => !/^[0-9a-fA-F]{8}$/.test(c));
    if (bad !== undefined || codes.length === 0) {
      return {
        problem: `has \`${bad ?? text}\`, which is not a style code: codes are 8 hexadecimal digits, like AAFF5733`,
      };
    }
    return { value: codes.map((c) => c.toUpperCase()) };
  },
};

/** What /imagine asks for: a generation, or (with `image`) a remix of that image. */
export type ImagineWork = Extract<JobWork, { kind: "generate" | "remix" }>;
export type ImagineParse =
  /** `repeat`: `--repeat` asked for this many jobs of it. */
  | { ok: true; work: ImagineWork; repeat?: number }
  /** `unknownNames`: the prompt named a parameter the parser has no row for. */
  | { ok: false; problems: string[]; unknownNames?: true };

/**
 * The work for these option values; options not given stay out of it. `upload` finds an attachment
 * option's upload by its id (in the interaction's `data.resolved`).
 */
export function parseImagineOptions(
  values: Record<string, unknown>,
  upload: (id: string) => Upload | undefined = () => undefined,
  linkOrigins: readonly string[] = [],
  preferences: Pick<Preferences, "options" | "suffix"> = { options: {} },
): ImagineParse {
  const options = optionsSchema().safeParse(values);
  if (!options.success)
    return { ok: false, problems: options.error.issues.map((i) => describeIssue(i, i.path)) };
  const { image, image_weight, style_ref, character_ref, ...given } = options.data;
  const fields: [string, unknown][] = [];
  const problems: string[] = [];
  for (const [option, value] of Object.entries(given) as [OptionName, unknown][]) {
    if (value === undefined) continue;
    const converted = CONVERTERS[option]?.(String(value)) ?? { value };
    if ("problem" in converted) problems.push(`\`${option}\` ${converted.problem}`);
    else fields.push([OPTION_FIELDS[option], converted.value]);
  }
  const typed = withPromptParameters(fields, image_weight, problems, linkOrigins, preferences);
  const attached = (option: string, id: string | undefined) => {
    if (id === undefined) return undefined;
    const found = upload(id);
    const checked = found
      ? checkUpload(found)
      : { ok: false as const, problem: "was not sent with the command" };
    if (checked.ok) return checked.source;
    problems.push(`\`${option}\`: ${checked.problem}`);
    return undefined;
  };
  const links = typed?.links ?? { image: [], style: [], character: [] };
  /** The sources typed as links for what `option` gives too: one or the other, not both. */
  const linked = (option: string, typedAs: string, list: ImageSource[], given: string | undefined) => {
    if (list.length > 0 && given !== undefined) {
      problems.push(`\`${option}\` and ${typedAs} in the prompt both give the image: keep one of them`);
    }
    return list;
  };
  const imageLinks = linked("image", "an image link", links.image, image);
  const characterLinks = linked("character_ref", "`--cref`", links.character, character_ref);
  const styleLinks = linked("style_ref", "a `--sref` link", links.style, style_ref);
  if (imageLinks.length > 1) problems.push("Ideogram remixes one image: keep one image link at the front");
  const source = attached("image", image) ?? imageLinks[0];
  const references: References = {};
  const style = attached("style_ref", style_ref);
  const character = attached("character_ref", character_ref) ?? characterLinks[0];
  const styles = [...(style ? [style] : []), ...styleLinks];
  if (styles.length > 0) references.style = styles;
  if (character) references.character = character;
  const hasImage = source !== undefined || image !== undefined;
  const weight = image_weight ?? typed?.imageWeight;
  if (weight !== undefined && !hasImage) {
    const named = image_weight === undefined ? "`--iw`" : "`image_weight`";
    problems.push(
      `${named} says how closely a remix follows \`image\`: attach an \`image\`, or leave it out`,
    );
  } else if (
    image_weight !== undefined &&
    !(Number.isInteger(image_weight) && image_weight >= IMAGE_WEIGHT_MIN && image_weight <= IMAGE_WEIGHT_MAX)
  ) {
    problems.push(`\`image_weight\` must be a whole number from ${IMAGE_WEIGHT_MIN} to ${IMAGE_WEIGHT_MAX}`);
  }
  const request = requestSchemas().imageRequest.safeParse(Object.fromEntries(fields));
  if (!request.success) {
    problems.push(
      ...request.error.issues.map((i) => describeIssue(i, [optionName(String(i.path[0] ?? "?"))])),
    );
  }
  if (problems.length > 0 || !request.success) {
    return { ok: false, problems, ...(typed?.unknownNames ? { unknownNames: true as const } : {}) };
  }
  const { negative_prompt, ...rest } = request.data;
  const parsed: ImageRequest = negative_prompt ? { ...rest, negative_prompt } : rest;
  const refs = {
    ...(references.style || references.character ? { references } : {}),
    ...(typed?.parameters ? { parameters: typed.parameters } : {}),
  };
  const repeat = typed?.repeat === undefined ? {} : { repeat: typed.repeat };
  if (!source) return { ok: true, work: { kind: "generate", request: parsed, ...refs }, ...repeat };
  const imageWeight = weight ?? DEFAULT_IMAGE_WEIGHT;
  return { ok: true, work: { kind: "remix", request: parsed, imageWeight, source, ...refs }, ...repeat };
}

/**
 * The Midjourney parameters typed in the prompt, read into `fields` (the options' own, which name the
 * same field only with the same value): the prompt becomes its text alone. Problems go to `problems`.
 */
function withPromptParameters(
  fields: [string, unknown][],
  imageWeight: number | undefined,
  problems: string[],
  linkOrigins: readonly string[],
  preferences: Pick<Preferences, "options" | "suffix">,
):
  | {
      imageWeight?: number;
      repeat?: number;
      parameters?: PromptParameters;
      links?: Record<"image" | "style" | "character", ImageSource[]>;
      /** The prompt named a parameter the parser has no row for. */
      unknownNames?: true;
    }
  | undefined {
  const prompt = fields.find(([field]) => field === "prompt");
  if (typeof prompt?.[1] !== "string") return undefined;
  const model = fields.find(([field]) => field === "model")?.[1] as Model | undefined;
  const read = parsePromptParameters(prompt[1], model, preferences.options);
  if (!read.ok) {
    problems.push(...read.problems);
    return read.unknownNames ? { unknownNames: true } : undefined;
  }
  // The user's /prefer suffix comes after what they typed and loses to it, silently.
  const suffix = preferences.suffix
    ? parsePromptParameters(preferences.suffix, model, preferences.options)
    : undefined;
  if (suffix && !suffix.ok) problems.push(...suffix.problems.map((p) => `Your \`/prefer suffix\`: ${p}`));
  const fromSuffix = suffix?.ok ? suffix.prompt : undefined;
  const { text, applied, ignored, notes } = read.prompt;
  const typedLinks = read.prompt.links;
  const linkCount = typedLinks.image.length + typedLinks.style.length + typedLinks.character.length;
  const suffixCount = (fromSuffix?.applied.length ?? 0) + (fromSuffix?.ignored.length ?? 0);
  const repeated = read.prompt.repeat !== undefined || fromSuffix?.repeat !== undefined;
  if (applied.length + ignored.length + linkCount + suffixCount === 0 && notes.length === 0 && !repeated)
    return {};
  if (!text) problems.push("`prompt` has only parameters: describe what to draw before them");
  prompt[1] = text;
  const byField = new Map(fields);
  // Links are weighed against the image options by the caller.
  for (const { notation, field } of applied) {
    const fromOption = field === "image_weight" ? imageWeight : byField.get(field);
    const fromPrompt = field === "image_weight" ? read.prompt.imageWeight : read.prompt.fields[field];
    if (fromOption !== undefined && JSON.stringify(fromOption) !== JSON.stringify(fromPrompt)) {
      problems.push(`\`${optionName(field)}\` and \`${notation}\` in the prompt disagree: keep one of them`);
    }
  }
  const typedFields = { ...fromSuffix?.fields, ...read.prompt.fields };
  for (const [field, value] of Object.entries(typedFields)) {
    if (!byField.has(field)) fields.push([field, value]);
  }
  const parameters = { ignored: [...ignored, ...(fromSuffix?.ignored ?? [])], notes };
  // Each typed link is checked now, before anything is queued, and fetched (checked again at every
  // hop) only when the job runs.
  const sources = (list: string[]): ImageSource[] =>
    list.flatMap((url) => {
      const checked = checkLink(url, linkOrigins);
      if (checked.ok) return [{ type: "link" as const, url: checked.url.href, filename: linkFilename(url) }];
      problems.push(`The link <${url}> ${checked.problem}`);
      return [];
    });
  const links = {
    image: sources(typedLinks.image),
    style: sources(typedLinks.style),
    character: sources(typedLinks.character),
  };
  const weight = read.prompt.imageWeight ?? fromSuffix?.imageWeight;
  const repeat = read.prompt.repeat ?? fromSuffix?.repeat;
  return {
    parameters,
    links,
    ...(weight === undefined ? {} : { imageWeight: weight }),
    ...(repeat === undefined ? {} : { repeat }),
  };
}

export async function handleImagine(
  interaction: APIChatInputApplicationCommandInteraction,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const values = Object.fromEntries(
    (interaction.data.options ?? []).map((o) => [o.name, "value" in o ? o.value : undefined]),
  );
  if (typeof values.prompt === "string") {
    const expanded = expandPermutations(values.prompt, maxJobsFor(interaction, context));
    if (!expanded.ok) return refuse([expanded.problem + installNote(interaction)]);
    if (expanded.prompts.length > 1) return proposeBatch(interaction, values, expanded.prompts, context);
    values.prompt = expanded.prompts[0];
  }
  const user = interaction.member?.user ?? interaction.user;
  if (!user) return (await read(values, interaction, context, undefined)).answer;
  // Read with the preferences this Worker knows (usually none); the scheduler refuses a stale version,
  // and an unknown `--name` may be a custom option this Worker hasn't seen yet: then ask, and if they
  // changed, read it again.
  const known = context.limits.knownPreferences(user.id);
  const watching = watchingPreferences(context);
  const first = await read(values, interaction, watching.context, known);
  if (!watching.changed() && !first.unknownName) return first.answer;
  const current = await context.limits.preferences(user.id);
  if (!watching.changed() && current.version === known.version) return first.answer;
  return (await read(values, interaction, context, current)).answer;
}

const refuse = (problems: readonly string[]) =>
  ephemeral(`Nothing was generated:\n${problems.map((p) => `• ${p}`).join("\n")}`);

/** The /imagine read with `preferences` (and their version on the job), queued or refused. */
async function read(
  values: Record<string, unknown>,
  interaction: APIChatInputApplicationCommandInteraction,
  context: CommandContext,
  preferences: VersionedPreferences | undefined,
): Promise<{ answer: APIInteractionResponse; unknownName: boolean }> {
  const parsed = parseImagineOptions(
    values,
    (id) => resolvedAttachment(interaction, id),
    context.linkOrigins,
    preferences?.preferences,
  );
  if (!parsed.ok) return { answer: refuse(parsed.problems), unknownName: parsed.unknownNames === true };
  if ((parsed.repeat ?? 1) > 1) {
    return {
      answer: await proposeBatch(interaction, values, [String(values.prompt)], context),
      unknownName: false,
    };
  }
  const answer = await scheduleWork(interaction, parsed.work, context, {
    useServerDefaults: true,
    ...(preferences ? { preferencesVersion: preferences.version } : {}),
  });
  return { answer, unknownName: false };
}

/** The most jobs this command may make: MAX_JOBS_PER_COMMAND, and Discord's follow-up limit where it applies. */
function maxJobsFor(interaction: APIChatInputApplicationCommandInteraction, context: CommandContext): number {
  const max = context.batches.maxJobs;
  return installedForUserOnly(interaction) ? Math.min(max, USER_INSTALL_FOLLOWUPS_MAX) : max;
}

/** Whether the bot answers here only because its user installed it (not the server). */
const installedForUserOnly = (interaction: APIChatInputApplicationCommandInteraction) => {
  const owners = interaction.authorizing_integration_owners ?? {};
  return String(INSTALL.USER) in owners && !(String(INSTALL.GUILD) in owners);
};

const installNote = (interaction: APIChatInputApplicationCommandInteraction) =>
  installedForUserOnly(interaction)
    ? ` (here the bot is installed for you, not for the server, and Discord allows it ${USER_INSTALL_FOLLOWUPS_MAX} messages per command)`
    : "";

/**
 * A command that makes several jobs (its permutations' prompts, each `--repeat` times): each read
 * as its own /imagine with the user's current preferences, checked by the scheduler all together,
 * and answered with the private confirmation — nothing starts before its Yes.
 */
async function proposeBatch(
  interaction: APIChatInputApplicationCommandInteraction,
  values: Record<string, unknown>,
  prompts: readonly string[],
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const user = interaction.member?.user ?? interaction.user;
  const preferences = user ? (await context.limits.preferences(user.id)).preferences : undefined;
  const lines: BatchLine[] = [];
  const works: ImagineWork[] = [];
  /** Each problem once, with the prompts it is in when not all of them. */
  const problems = new Map<string, string[]>();
  for (const prompt of prompts) {
    const parsed = parseImagineOptions(
      { ...values, prompt },
      (id) => resolvedAttachment(interaction, id),
      context.linkOrigins,
      preferences,
    );
    if (!parsed.ok) {
      for (const problem of parsed.problems)
        problems.set(problem, [...(problems.get(problem) ?? []), prompt]);
      continue;
    }
    const jobs = parsed.repeat ?? 1;
    lines.push({ prompt, jobs });
    for (let i = 0; i < jobs; i++) works.push(parsed.work);
  }
  if (problems.size > 0) {
    return refuse(
      [...problems].map(([problem, where]) =>
        where.length === prompts.length ? problem : `${where.map((p) => `\`${p}\``).join(", ")}: ${problem}`,
      ),
    );
  }
  const max = maxJobsFor(interaction, context);
  if (works.length > max) {
    return refuse([`This makes ${works.length} jobs; at most ${max} per command${installNote(interaction)}`]);
  }
  const jobs = works.map((work) => jobFor(interaction, work, context, { useServerDefaults: true }));
  const receivedAt = jobs[0]?.receivedAt ?? context.now;
  const proposed = await context.batches.propose({
    id: interaction.id,
    jobs,
    expiresAt: receivedAt + INTERACTION_TOKEN_LIFETIME_MS,
  });
  if (proposed.status === "refused") return refuse([describeEnqueueRefusal(proposed.result)]);
  const { content, components } = renderBatchConfirmation(interaction.id, lines, proposed.totals);
  return ephemeral(content, components);
}

/** One line naming the option (as the user knows it) and what is wrong with it. */
function describeIssue(issue: z.core.$ZodIssue, path: readonly PropertyKey[]): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `\`${k}\``).join(", ");
    return `unknown option ${keys} (the bot's commands may be out of date; ask the bot owner to run \`npm run register\`)`;
  }
  return `\`${String(path[0])}\` ${issue.message}`;
}

// /settings (Manage Server only, checked here from the interaction's permissions, not only by the
// command's default permissions): server defaults, allowed models, a lower daily limit, blocked words.
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.
import type {
  APIApplicationCommandInteractionDataOption,
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
} from "discord-api-types/v10";
import { ephemeral } from "../discord/responses.ts";
import { own } from "../discord/shapes.ts";
import {
  ASPECT_RATIOS,
  findStylePreset,
  MAGIC_PROMPT_OPTIONS,
  MODEL_VALUES,
  MODELS,
  type Model,
  SPEEDS,
  STYLES,
  stylePresetLabel,
} from "../ideogram/enums.ts";
import type { CommandContext } from "../interactions/context.ts";
import { OPTION_FIELDS, optionName } from "../interactions/options.ts";
import { type GuildSettings, settingsSchemas } from "../limits/guild-settings.ts";
import { canManageServer } from "./usage.ts";

/** The /settings defaults, by the /imagine option each stands for (the one map: interactions/options.ts). */
const DEFAULT_OPTIONS = Object.fromEntries(
  (["model", "speed", "style", "style_preset", "aspect_ratio", "magic_prompt", "count"] as const).map(
    (option) => [option, OPTION_FIELDS[option]],
  ),
);

/** A default as given: a preset typed in words is the preset it names (else left to be refused). */
const readDefault = (option: string, value: unknown) =>
  option === "style_preset" ? (findStylePreset(String(value)) ?? value) : value;

type Change = (
  settings: GuildSettings,
  values: Map<string, unknown>,
  limit: number,
) => GuildSettings | string;

const CHANGES: Record<string, Change> = {
  show: (settings) => settings,
  defaults: (settings, values) => {
    const base = values.get("clear") === true ? {} : settings.defaults;
    const given = Object.fromEntries(
      Object.entries(DEFAULT_OPTIONS).flatMap(([option, field]) =>
        values.has(option) ? [[field, readDefault(option, values.get(option))]] : [],
      ),
    );
    const defaults = settingsSchemas().defaults.safeParse({ ...base, ...given });
    if (!defaults.success) {
      const wrong = defaults.error.issues.map((i) => `\`${optionName(String(i.path[0]))}\``);
      return `${[...new Set(wrong)].join(", ")} ${wrong.length === 1 ? "is not a valid value" : "are not valid values"}.`;
    }
    return { ...settings, defaults: defaults.data };
  },
  models: (settings, values) => {
    const text = String(values.get("allowed") ?? "").trim();
    if (text.toLowerCase() === "all") return { ...settings, allowedModels: undefined };
    const names = text
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((n) => n.toUpperCase());
    const unknown = names.filter((n) => !MODEL_VALUES.includes(n as Model));
    if (names.length === 0 || unknown.length > 0) {
      return `Unknown model ${unknown.map((n) => `\`${n}\``).join(", ") || "list"}: use "all", or some of ${MODEL_VALUES.map((m) => `\`${m}\``).join(", ")}.`;
    }
    return { ...settings, allowedModels: [...new Set(names as Model[])] };
  },
  "daily-limit": (settings, values, limit) => {
    const images = Number(values.get("images"));
    if (images === 0) return { ...settings, dailyImages: undefined };
    if (!Number.isInteger(images) || images < 1 || images >= limit) {
      return `A server's limit must be from 1 to ${limit - 1} images (the bot's own limit for a server is ${limit}), or 0 to remove it.`;
    }
    return { ...settings, dailyImages: images };
  },
  "blocked-words": (settings, values) => {
    const list = (name: string) =>
      String(values.get(name) ?? "")
        .split(",")
        .map((w) => w.trim().replace(/\s+/g, " "))
        .filter(Boolean);
    const removed = new Set(list("remove").map((w) => w.toLowerCase()));
    const kept = values.get("clear") === true ? [] : settings.blockedWords;
    const words = [...kept, ...list("add")].filter((w) => !removed.has(w.toLowerCase()));
    const unique = [...new Map(words.map((w) => [w.toLowerCase(), w])).values()];
    return unique.length > 200
      ? "A server may block at most 200 words or phrases."
      : { ...settings, blockedWords: unique };
  },
};

export async function handleSettings(
  interaction: APIChatInputApplicationCommandInteraction,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const guildId = interaction.guild_id;
  if (!guildId) return ephemeral("Settings belong to a server: use `/settings` in one.");
  const [sub] = interaction.data.options ?? [];
  const manager = canManageServer(interaction);
  // Anyone in the server may read its settings (the blocked words themselves only its managers).
  if (sub?.name === "show" && !manager) {
    const settings = await context.limits.guildSettings(guildId);
    return ephemeral(summarizeSettings(settings, context.limits.guildDailyImages, { words: false }));
  }
  if (!manager) return ephemeral("Only members with the Manage Server permission can change these settings.");
  const change = sub ? own(CHANGES, sub.name) : undefined;
  if (!sub || !change) return ephemeral("Unknown settings command: the bot's commands may be out of date.");
  const values = new Map(optionsOf(sub).map((o) => [o.name, "value" in o ? o.value : undefined]));
  const current = await context.limits.guildSettings(guildId);
  const updated = change(current, values, context.limits.guildDailyImages);
  if (typeof updated === "string") return ephemeral(`Nothing changed: ${updated}`);
  if (sub.name !== "show") await context.limits.saveGuildSettings(guildId, updated);
  return ephemeral(summarizeSettings(updated, context.limits.guildDailyImages));
}

function optionsOf(sub: APIApplicationCommandInteractionDataOption) {
  return "options" in sub && Array.isArray(sub.options)
    ? (sub.options as APIApplicationCommandInteractionDataOption[])
    : [];
}

/** The settings as a short summary, read back after every change; `words: false` counts the blocked words. */
export function summarizeSettings(
  settings: GuildSettings,
  deploymentLimit: number,
  show: { words: boolean } = { words: true },
): string {
  const { defaults } = settings;
  const parts = [
    defaults.model && `model ${MODELS[defaults.model]} (\`${defaults.model}\`)`,
    defaults.rendering_speed && `speed ${SPEEDS[defaults.rendering_speed]}`,
    defaults.style_type && `style ${STYLES[defaults.style_type]}`,
    defaults.style_preset && `style preset ${stylePresetLabel(defaults.style_preset)}`,
    defaults.aspect_ratio && `aspect ratio ${ASPECT_RATIOS[defaults.aspect_ratio]}`,
    defaults.magic_prompt_option && `Magic Prompt ${MAGIC_PROMPT_OPTIONS[defaults.magic_prompt_option]}`,
    defaults.num_images && `count ${defaults.num_images}`,
  ].filter(Boolean);
  const models = settings.allowedModels?.map((m) => `\`${m}\``).join(", ") ?? "all";
  const limit = settings.dailyImages
    ? `${settings.dailyImages} images (the bot allows a server ${deploymentLimit})`
    : `${deploymentLimit} images (the bot's limit for a server)`;
  const { blockedWords } = settings;
  const words =
    blockedWords.length === 0
      ? "none"
      : show.words
        ? blockedWords.map((w) => `\`${w}\``).join(", ")
        : `${blockedWords.length} (only managers see which)`;
  return [
    "**This server's settings**",
    `**Defaults:** ${parts.length > 0 ? parts.join(", ") : "none (Ideogram's own)"}`,
    `**Allowed models:** ${models}`,
    `**Daily limit:** ${limit}`,
    `**Blocked words:** ${words}`,
  ].join("\n");
}

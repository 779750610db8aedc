// A server's own rules, set with /settings: defaults for options left out, the models allowed, a
// lower daily image limit, and words its prompts may not contain. Kept in the scheduler's SQLite.
// Layer 4 (limits/): imports only layers 0–3.
import * as z from "zod/mini";
import {
  ASPECT_RATIO_VALUES,
  MAGIC_PROMPT_VALUES,
  MODEL_VALUES,
  MODELS,
  type Model,
  NUM_IMAGES_MAX,
  SPEED_VALUES,
  STYLE_PRESET_VALUES,
  STYLE_VALUES,
} from "../ideogram/enums.ts";
import { IDEOGRAM_DEFAULT_MODEL } from "../ideogram/models.ts";
import { findRuleViolations, type RuleInput } from "../ideogram/rules.ts";
import type { ImageRequest } from "../ideogram/schema.ts";
import { lazy } from "../lazy.ts";
import { migrate } from "../migrations.ts";
import { findBlockedWord } from "./blocked-words.ts";

/** A server's settings and its defaults, built on first use (lazy.ts). */
export const settingsSchemas = lazy(() => {
  const defaults = z.object({
    model: z.optional(z.enum(MODEL_VALUES)),
    style_type: z.optional(z.enum(STYLE_VALUES)),
    aspect_ratio: z.optional(z.enum(ASPECT_RATIO_VALUES)),
    magic_prompt_option: z.optional(z.enum(MAGIC_PROMPT_VALUES)),
    num_images: z.optional(z.int().check(z.minimum(1), z.maximum(NUM_IMAGES_MAX))),
    rendering_speed: z.optional(z.enum(SPEED_VALUES)),
    style_preset: z.optional(z.enum(STYLE_PRESET_VALUES)),
  });

  const guild = z.object({
    defaults: z._default(defaults, {}),
    /** Unset: every model. */
    allowedModels: z.optional(z.array(z.enum(MODEL_VALUES))),
    /** A daily image limit for this server, below the deployment's GUILD_DAILY_IMAGES. */
    dailyImages: z.optional(z.int().check(z.minimum(1))),
    blockedWords: z._default(z.array(z.string()), []),
  });
  return { defaults, guild };
});
export type ServerDefaults = z.infer<ReturnType<typeof settingsSchemas>["defaults"]>;
export type GuildSettings = z.infer<ReturnType<typeof settingsSchemas>["guild"]>;

const SCHEMA =
  "CREATE TABLE IF NOT EXISTS guild_settings (guild_id TEXT PRIMARY KEY, settings TEXT NOT NULL, updated_at INTEGER NOT NULL)";

export class SettingsStore {
  private readonly sql: SqlStorage;
  /** Read once per server per instance: every /imagine from a server needs its settings. */
  private readonly cache = new Map<string, GuildSettings>();

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, "guild_settings", [SCHEMA]);
  }

  get(guildId: string): GuildSettings {
    const cached = this.cache.get(guildId);
    if (cached) return cached;
    const row = this.sql
      .exec<{ settings: string }>("SELECT settings FROM guild_settings WHERE guild_id = ?", guildId)
      .toArray()[0];
    const parsed = settingsSchemas().guild.safeParse(row ? JSON.parse(row.settings) : {});
    const settings = parsed.success ? parsed.data : settingsSchemas().guild.parse({});
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(guildId, settings);
    return settings;
  }

  put(guildId: string, settings: GuildSettings, now: number): void {
    this.cache.set(guildId, settings);
    this.sql.exec(
      "INSERT OR REPLACE INTO guild_settings (guild_id, settings, updated_at) VALUES (?, ?, ?)",
      guildId,
      JSON.stringify(settings),
      now,
    );
  }
}

/** The defaults, in the order they are applied: the model first, since whether the others fit depends on it. */
const DEFAULT_FIELDS = [
  "model",
  "rendering_speed",
  "style_type",
  "style_preset",
  "aspect_ratio",
  "magic_prompt_option",
  "num_images",
] as const satisfies readonly (keyof ServerDefaults)[];

/** Fills each option the user left out with the server's default, unless the default wouldn't fit. */
export function applyDefaults(input: RuleInput, defaults: ServerDefaults): ImageRequest {
  let merged = input.request;
  for (const field of DEFAULT_FIELDS) {
    const value = defaults[field];
    if (value === undefined || input.request[field] !== undefined) continue;
    const candidate = { ...merged, [field]: value };
    const before = findRuleViolations({ ...input, request: merged }).length;
    if (findRuleViolations({ ...input, request: candidate }).length <= before) merged = candidate;
  }
  return merged;
}

/**
 * The model a request without one runs on: the deployment's DEFAULT_MODEL, else Ideogram's own
 * default — unless the server does not allow it, then the first model it allows.
 */
export function defaultModelFor(
  settings: GuildSettings | undefined,
  deployment: Model | undefined,
): Model | undefined {
  const allowed = settings?.allowedModels;
  const model = deployment ?? IDEOGRAM_DEFAULT_MODEL;
  if (!allowed || allowed.includes(model)) return deployment;
  return allowed[0];
}

/**
 * What a job asks that a server's rules look at: the prompt it sends (or reuses), and the model it
 * runs on — a request's (unset: Ideogram's default), or a tool's own (unset: none to check).
 */
export type RuledWork =
  | { prompt?: string | undefined; request: { model?: Model | undefined } }
  | { prompt?: string | undefined; tool: { model?: Model | undefined } };

/** Why work breaks the server's rules, in words for the user; undefined if it doesn't. */
export function checkServerRules(work: RuledWork, settings: GuildSettings): string | undefined {
  const { allowedModels } = settings;
  const model = "request" in work ? (work.request.model ?? IDEOGRAM_DEFAULT_MODEL) : work.tool.model;
  if (model && allowedModels && !allowedModels.includes(model)) {
    const allowed = allowedModels.map((m) => `${MODELS[m]} (\`${m}\`)`).join(", ");
    const refused = `This server doesn't allow ${MODELS[model]} (\`${model}\`)`;
    return "request" in work
      ? `${refused}. Allowed: ${allowed}. Pick one with \`model\`.`
      : `${refused}, which this tool runs on. Allowed: ${allowed}.`;
  }
  const word = work.prompt === undefined ? undefined : findBlockedWord(work.prompt, settings.blockedWords);
  if (word) return `Your prompt contains "${word}", which this server doesn't allow. Nothing was generated.`;
  return undefined;
}

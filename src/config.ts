// The Worker's and the register script's configuration, validated once with zod.
import * as z from "zod/mini";
import { atLeast, matching } from "./checks.ts";

const DEFAULT_IDEOGRAM_API_BASE = "https://api.ideogram.ai";
const DEFAULT_DISCORD_API_BASE = "https://discord.com/api/v10";

/** Why a variable's text is not a number in [min, max] (whole, or above min if `fraction`), or undefined. */
function numberProblem(text: string, min: number, max: number, fraction = false): string | undefined {
  const n = Number(text);
  if (text.trim() === "" || Number.isNaN(n))
    return fraction ? "must be a number, like 5 or 12.50" : "must be a number";
  if (!fraction && !Number.isInteger(n)) return "must be a whole number";
  if (fraction && n <= min) return `must be more than ${min}`;
  if (n < min) return `must be at least ${min}`;
  if (n > max) return `must be at most ${max}`;
  return undefined;
}

/** A number from a string var within bounds; converted (or its default applied) by `settle`. */
const numberSetting = (min: number, max: number, fraction = false) =>
  z.optional(
    z.string().check(
      z.refine((text) => !numberProblem(text, min, max, fraction), {
        error: (issue) => numberProblem(String(issue.input), min, max, fraction),
      }),
    ),
  );

const isHttpUrl = (text: string) => {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
};
const baseUrl = z.optional(z.string().check(z.refine(isHttpUrl, "must be an http(s) URL")));
/** A base URL without its trailing slashes, or the default. */
const base = (url: string | undefined, fallback: string) => (url ?? fallback).replace(/\/+$/, "");
const int = (text: string | undefined, fallback: number) => (text === undefined ? fallback : Number(text));

const snowflake = z.string().check(z.trim(), matching(/^\d{17,20}$/, "must be a Discord id (17–20 digits)"));

const workerSchema = z.object({
  DISCORD_PUBLIC_KEY: z
    .string()
    .check(
      z.trim(),
      matching(/^[0-9a-fA-F]{64}$/, "must be the 64-character hex Public Key from the Developer Portal"),
    ),
  DISCORD_APPLICATION_ID: snowflake,
  IDEOGRAM_API_KEY: z.string().check(z.trim(), atLeast(1, "is empty")),
  IDEOGRAM_API_BASE: baseUrl,
  DISCORD_API_BASE: baseUrl,
  IDEOGRAM_TIMEOUT_MS: numberSetting(1000, 600_000),
  /** Images Ideogram may be generating at once for this deployment's key (Ideogram's default: 10). */
  IDEOGRAM_MAX_INFLIGHT: numberSetting(1, 1000),
  /** Jobs one Discord user may have waiting or running at once. */
  MAX_JOBS_PER_USER: numberSetting(1, 100),
  /** Days a result's images are kept in R2 for its buttons (re-roll, edit, upscale, vary). */
  IMAGE_RETENTION_DAYS: numberSetting(1, 3650),
  /** Images one Discord user may make per UTC day, across servers and DMs. */
  USER_DAILY_IMAGES: numberSetting(1, 1_000_000),
  /** Images one server may make per UTC day (a server may set a lower limit with /settings). */
  GUILD_DAILY_IMAGES: numberSetting(1, 10_000_000),
  /** Dollars the whole deployment may spend at Ideogram per UTC day (more than 0); unset = no cap. */
  DAILY_BUDGET_USD: numberSetting(0, 1_000_000, true),
});

/** The validated strings as the Worker uses them: numbers, defaults, base URLs without a trailing slash. */
const settleWorker = ({ DAILY_BUDGET_USD: budget, ...c }: z.output<typeof workerSchema>) => ({
  ...c,
  IDEOGRAM_API_BASE: base(c.IDEOGRAM_API_BASE, DEFAULT_IDEOGRAM_API_BASE),
  DISCORD_API_BASE: base(c.DISCORD_API_BASE, DEFAULT_DISCORD_API_BASE),
  IDEOGRAM_TIMEOUT_MS: int(c.IDEOGRAM_TIMEOUT_MS, 120_000),
  IDEOGRAM_MAX_INFLIGHT: int(c.IDEOGRAM_MAX_INFLIGHT, 10),
  MAX_JOBS_PER_USER: int(c.MAX_JOBS_PER_USER, 3),
  IMAGE_RETENTION_DAYS: int(c.IMAGE_RETENTION_DAYS, 30),
  USER_DAILY_IMAGES: int(c.USER_DAILY_IMAGES, 50),
  GUILD_DAILY_IMAGES: int(c.GUILD_DAILY_IMAGES, 500),
  ...(budget !== undefined && { DAILY_BUDGET_USD: Number(budget) }),
});
export type Config = ReturnType<typeof settleWorker>;

/** Each secret of the comma-separated list is a bearer token; more than one allows rotation. */
const secrets = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const webhookSchema = z.object({
  /** Unset: POST /webhook answers 404. */
  WEBHOOK_SECRET: z.optional(
    z.string().check(
      z.refine((text) => secrets(text).length > 0, "has no secret in it"),
      z.refine(
        (text) => secrets(text).every((s) => s.length >= 16),
        "each secret must be at least 16 characters",
      ),
    ),
  ),
  /** Where images go when a request names no webhook_url (validated where it is used). */
  DISCORD_WEBHOOK_URL: z.optional(z.string().check(z.trim())),
  WEBHOOK_RATE_PER_MINUTE: numberSetting(1, 10_000),
});
const settleWebhook = (c: z.output<typeof webhookSchema>) => ({
  ...c,
  WEBHOOK_SECRET: c.WEBHOOK_SECRET === undefined ? undefined : secrets(c.WEBHOOK_SECRET),
  WEBHOOK_RATE_PER_MINUTE: int(c.WEBHOOK_RATE_PER_MINUTE, 10),
});
export type WebhookConfig = ReturnType<typeof settleWebhook>;

const registerSchema = z.object({
  DISCORD_TOKEN: z.string().check(z.trim(), atLeast(1, "is empty")),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: z.optional(snowflake),
  DISCORD_API_BASE: baseUrl,
});
const settleRegister = (c: z.output<typeof registerSchema>) => ({
  ...c,
  DISCORD_API_BASE: base(c.DISCORD_API_BASE, DEFAULT_DISCORD_API_BASE),
});
export type RegisterConfig = ReturnType<typeof settleRegister>;

export interface ConfigProblem {
  variable: string;
  message: string;
}
export type ConfigResult<T> = { ok: true; config: T } | { ok: false; problems: ConfigProblem[] };

/** Names each bad variable and why, never its value. Empty values count as unset. */
function parseWith<R, T>(
  schema: z.ZodMiniType<R>,
  settle: (raw: R) => T,
  env: Record<string, unknown>,
): ConfigResult<T> {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "" && value !== null));
  const result = schema.safeParse(set);
  if (result.success) return { ok: true, config: settle(result.data) };
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? "configuration");
    const missing = env[variable] === undefined || env[variable] === "";
    return { variable, message: missing ? "is not set" : issue.message };
  });
  return { ok: false, problems };
}

/** A loader that parses an `env` object with `schema` once, then answers from a cache. */
function cachedLoader<R, T>(
  schema: z.ZodMiniType<R>,
  settle: (raw: R) => T,
): (env: object) => ConfigResult<T> {
  const cache = new WeakMap<object, ConfigResult<T>>();
  return (env) => {
    let result = cache.get(env);
    if (!result) {
      result = parseWith(schema, settle, env as Record<string, unknown>);
      cache.set(env, result);
    }
    return result;
  };
}

/** The Worker's configuration; parsed once per `env` object. */
export const loadConfig = cachedLoader(workerSchema, settleWorker);

/** The webhook endpoint's settings, apart from the bot's: a mistake here never stops the bot. */
export const loadWebhookConfig = cachedLoader(webhookSchema, settleWebhook);

/** Every variable the Worker reads, by name (for tools and tests that must set or clear them all). */
export function configVariables(): string[] {
  return [...Object.keys(workerSchema.shape), ...Object.keys(webhookSchema.shape)];
}

export function loadRegisterConfig(env: Record<string, unknown>): ConfigResult<RegisterConfig> {
  return parseWith(registerSchema, settleRegister, env);
}

export function describeProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.variable} ${p.message}`).join("; ");
}

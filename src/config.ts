// The Worker's and the register script's configuration, validated once with zod.
// Layer 2 (config.ts): imports only layers 0–1, never jobs/.
import * as z from "zod/mini";
import { MODEL_VALUES } from "./ideogram/enums.ts";
import { lazy } from "./lazy.ts";

const DEFAULT_IDEOGRAM_API_BASE = "https://api.ideogram.ai";
const DEFAULT_DISCORD_API_BASE = "https://discord.com/api/v10";

/** A whole number from a string var, within bounds, or `fallback` when unset. */
const wholeSetting = (min: number, max: number, fallback: number) =>
  z._default(
    z.coerce
      .number({ error: "must be a number" })
      .check(
        z.refine(Number.isInteger, "must be a whole number"),
        z.minimum(min, `must be at least ${min}`),
        z.maximum(max, `must be at most ${max}`),
      ),
    fallback,
  );

/** An http(s) base URL without its trailing slashes, or `fallback` when unset. */
const baseUrl = (fallback: string) =>
  z._default(
    z.pipe(
      z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
      z.transform((url) => url.replace(/\/+$/, "")),
    ),
    fallback,
  );

/** Each secret of the comma-separated list is a bearer token; more than one allows rotation. */
const secrets = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** The Worker's, the webhook's and the register script's variables, built on first use (lazy.ts). */
const schemas = lazy(() => {
  const snowflake = z.string().check(z.trim(), z.regex(/^\d{17,20}$/, "must be a Discord id (17–20 digits)"));
  const nonEmpty = z.string().check(z.trim(), z.minLength(1, "is empty"));

  const worker = z.object({
    DISCORD_PUBLIC_KEY: z
      .string()
      .check(
        z.trim(),
        z.regex(/^[0-9a-fA-F]{64}$/, "must be the 64-character hex Public Key from the Developer Portal"),
      ),
    DISCORD_APPLICATION_ID: snowflake,
    IDEOGRAM_API_KEY: nonEmpty,
    IDEOGRAM_API_BASE: baseUrl(DEFAULT_IDEOGRAM_API_BASE),
    DISCORD_API_BASE: baseUrl(DEFAULT_DISCORD_API_BASE),
    IDEOGRAM_TIMEOUT_MS: wholeSetting(1000, 600_000, 120_000),
    /** Images Ideogram may be generating at once for this deployment's key (Ideogram's default: 10). */
    IDEOGRAM_MAX_INFLIGHT: wholeSetting(1, 1000, 10),
    /**
     * Jobs one Discord user may have waiting or running at once; of several jobs from one command
     * (which it never refuses in part), how many run at once.
     */
    MAX_JOBS_PER_USER: wholeSetting(1, 100, 3),
    /** The most jobs one command's permutations (`{a, b}`) and `--repeat` may make. */
    MAX_JOBS_PER_COMMAND: wholeSetting(1, 40, 10),
    /**
     * How long a run may go unheard before the scheduler takes it as lost and runs the job again (it
     * renews every third of this). Tests shorten it; production has no reason to.
     */
    RUN_LEASE_MS: wholeSetting(3_000, 600_000, 30_000),
    /** Days a result's images are kept in R2 for its buttons (re-roll, edit, upscale, vary). */
    IMAGE_RETENTION_DAYS: wholeSetting(1, 3650, 30),
    /** Images one Discord user may make per UTC day, across servers and DMs. */
    USER_DAILY_IMAGES: wholeSetting(1, 1_000_000, 50),
    /** Images one server may make per UTC day (a server may set a lower limit with /settings). */
    GUILD_DAILY_IMAGES: wholeSetting(1, 10_000_000, 500),
    /** The model a fresh /imagine without one uses (a server's /settings default comes first); unset: Ideogram's. */
    DEFAULT_MODEL: z.optional(z.enum(MODEL_VALUES, { error: `must be one of ${MODEL_VALUES.join(", ")}` })),
    /**
     * Origins (`http://127.0.0.1:8123`) whose links a prompt may use whatever the scheme, port and host
     * rules say (http/links.ts): for tests and the playground; unset in production.
     */
    PROMPT_URL_ALLOW_ORIGINS: z.optional(
      z.pipe(
        z.string(),
        z.transform((text, ctx) => {
          const origins: string[] = [];
          for (const item of text
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)) {
            const origin = URL.canParse(item) ? new URL(item).origin : "null";
            if (origin !== "null") origins.push(origin);
            else
              ctx.issues.push({
                code: "custom",
                message: "must list origins, like http://127.0.0.1:8123",
                input: item,
              });
          }
          return origins;
        }),
      ),
    ),
    /**
     * The Worker's public origin (`https://imagine.example.workers.dev`): Ideogram's webhooks are sent
     * to it + `/ideogram/events`. Unset: the https origin interactions arrive at; with neither, the
     * bot reads each generation instead. Used as given (tests and the playground set an http one).
     */
    PUBLIC_URL: z.optional(
      z.pipe(
        z.url({
          protocol: /^https?$/,
          error: "must be an http(s) URL, like https://imagine.example.workers.dev",
        }),
        z.transform((url) => new URL(url).origin),
      ),
    ),
    /**
     * The bot's token (a secret): with it, a job whose interaction says the bot may post in its
     * channel is no longer bound to the interaction token's 15 minutes. Never logged or sent but as
     * Discord's Authorization header.
     */
    DISCORD_BOT_TOKEN: z.optional(nonEmpty),
    /** With a bot token: how long a job may wait in line, in minutes (default 1440, a day). */
    MAX_WAIT_MINUTES: z.optional(
      z.coerce
        .number({ error: "must be a number of minutes" })
        .check(
          z.refine(Number.isInteger, "must be a whole number"),
          z.minimum(15, "must be at least 15"),
          z.maximum(10_080, "must be at most 10080 (a week)"),
        ),
    ),
    /** Dollars the whole deployment may spend at Ideogram per UTC day (more than 0); unset = no cap. */
    DAILY_BUDGET_USD: z.optional(
      z.coerce
        .number({ error: "must be a number, like 5 or 12.50" })
        .check(z.gt(0, "must be more than 0"), z.maximum(1_000_000, "must be at most 1000000")),
    ),
  });

  const webhook = z.object({
    /** Unset: POST /webhook answers 404. */
    WEBHOOK_SECRET: z.optional(
      z.pipe(z.string(), z.transform(secrets)).check(
        z.minLength(1, "has no secret in it"),
        z.refine((list) => list.every((s) => s.length >= 16), "each secret must be at least 16 characters"),
      ),
    ),
    /** Where images go when a request names no webhook_url (validated where it is used). */
    DISCORD_WEBHOOK_URL: z.optional(z.string().check(z.trim())),
    WEBHOOK_RATE_PER_MINUTE: wholeSetting(1, 10_000, 10),
  });

  const register = z.object({
    DISCORD_TOKEN: nonEmpty,
    DISCORD_APPLICATION_ID: snowflake,
    DISCORD_GUILD_ID: z.optional(snowflake),
    DISCORD_API_BASE: baseUrl(DEFAULT_DISCORD_API_BASE),
  });
  return { worker, webhook, register };
});
type Schemas = ReturnType<typeof schemas>;
export type Config = z.output<Schemas["worker"]>;
export type WebhookConfig = z.output<Schemas["webhook"]>;
export type RegisterConfig = z.output<Schemas["register"]>;

/** The secrets every log line is redacted of. */
export const secretsOf = (config: Pick<Config, "IDEOGRAM_API_KEY" | "DISCORD_BOT_TOKEN">): string[] => [
  config.IDEOGRAM_API_KEY,
  ...(config.DISCORD_BOT_TOKEN ? [config.DISCORD_BOT_TOKEN] : []),
];

/** With a bot token, the longest a job may wait (MAX_WAIT_MINUTES, else a day); without one, none. */
export const DEFAULT_MAX_WAIT_MINUTES = 1440;
export function outlivingWaitMs(
  config: Pick<Config, "DISCORD_BOT_TOKEN" | "MAX_WAIT_MINUTES">,
): number | undefined {
  if (!config.DISCORD_BOT_TOKEN) return undefined;
  return (config.MAX_WAIT_MINUTES ?? DEFAULT_MAX_WAIT_MINUTES) * 60_000;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}
export type ConfigResult<T> = { ok: true; config: T } | { ok: false; problems: ConfigProblem[] };

/** Names each bad variable and why, never its value. Empty values count as unset. */
function parseWith<T>(schema: z.ZodMiniType<T>, env: Record<string, unknown>): ConfigResult<T> {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "" && value !== null));
  const result = schema.safeParse(set);
  if (result.success) return { ok: true, config: result.data };
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? "configuration");
    const missing = env[variable] === undefined || env[variable] === "";
    return { variable, message: missing ? "is not set" : issue.message };
  });
  return { ok: false, problems };
}

/** A loader that parses an `env` object with `schema()` once, then answers from a cache. */
function cachedLoader<T>(schema: () => z.ZodMiniType<T>): (env: object) => ConfigResult<T> {
  const cache = new WeakMap<object, ConfigResult<T>>();
  return (env) => {
    let result = cache.get(env);
    if (!result) {
      result = parseWith(schema(), env as Record<string, unknown>);
      cache.set(env, result);
    }
    return result;
  };
}

/** The Worker's configuration; parsed once per `env` object. */
export const loadConfig = cachedLoader(() => schemas().worker);

/** The webhook endpoint's settings, apart from the bot's: a mistake here never stops the bot. */
export const loadWebhookConfig = cachedLoader(() => schemas().webhook);

/** Every variable the Worker reads, by name (for tools and tests that must set or clear them all). */
export function configVariables(): string[] {
  const { worker, webhook } = schemas();
  return [...Object.keys(worker.shape), ...Object.keys(webhook.shape)];
}

export function loadRegisterConfig(env: Record<string, unknown>): ConfigResult<RegisterConfig> {
  return parseWith(schemas().register, env);
}

export function describeProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.variable} ${p.message}`).join("; ");
}

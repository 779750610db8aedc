// POST /interactions: Discord's Interactions Endpoint. Verify, parse, dispatch, answer within 3 s.
// Layer 8 (routes/): imports only layers 0–7, never scheduler/.
import type { APIInteractionResponse } from "discord-api-types/v10";
import type { Context } from "hono";
import * as z from "zod/mini";
import { routeClick, routeSubmit } from "../actions/index.ts";
import { schedulerStub } from "../bindings.ts";
import { handleAutocomplete } from "../commands/autocomplete.ts";
import { findCommand } from "../commands/index.ts";
import { type Config, secretsOf } from "../config.ts";
import { INTERACTION, RESPONSE } from "../discord/numbers.ts";
import { ephemeral, pong } from "../discord/responses.ts";
import { interactionSchemas } from "../discord/shapes.ts";
import { isValidDiscordRequest } from "../discord/signature.ts";
import { SNOWFLAKE } from "../discord/snowflake.ts";
import { parseJson } from "../http/json.ts";
import type { CommandContext } from "../interactions/context.ts";
import { jobImages } from "../jobs/job.ts";
import { ResultStore } from "../jobs/results.ts";
import { lazy } from "../lazy.ts";
import type { VersionedPreferences } from "../limits/preferences.ts";
import type { AppEnv } from "./env.ts";

/** Interactions are a few KiB (attachments arrive as links); anything far larger is not from Discord. */
export const INTERACTION_MAX_BYTES = 1024 * 1024;

/**
 * What every interaction must carry before anything reads it: its type, and Discord ids that are
 * snowflakes (an id becomes a job's key, a Workflow instance's name and a part of Discord URLs).
 */
const envelopeSchema = lazy(() => {
  const snowflake = z.string().check(z.regex(SNOWFLAKE));
  const user = z.looseObject({ id: snowflake });
  return z.looseObject({
    id: snowflake,
    type: z.int(),
    application_id: snowflake,
    guild_id: z.optional(snowflake),
    channel_id: z.optional(snowflake),
    member: z.optional(z.looseObject({ user: z.optional(user) })),
    user: z.optional(user),
  });
});
const commandNameSchema = lazy(() => z.looseObject({ data: z.looseObject({ name: z.string() }) }));

/** For a validly signed interaction whose shape the bot can't read (Discord changed, or a forgery). */
const unreadable = () =>
  ephemeral("The bot couldn't read this request. Its commands may be out of date: please tell its owner.");

/**
 * Each user's `/prefer` choices as this isolate last saw them. Never trusted alone: a job carries the
 * version it was read with, and the scheduler refuses a stale one (the prompt is then read again), so
 * the usual /imagine costs the scheduler one call, not two.
 */
const knownPreferences = new Map<string, VersionedPreferences>();
const NO_PREFERENCES: VersionedPreferences = { preferences: { options: {}, remix: false }, version: 0 };
const remember = (userId: string, known: VersionedPreferences) => {
  if (knownPreferences.size > 10_000) knownPreferences.clear();
  knownPreferences.set(userId, known);
  return known;
};

export async function handleInteractions(c: Context<AppEnv>): Promise<Response> {
  const { deps, config } = c.var;
  const started = deps.clock.now();
  const body = await c.req.text();
  const valid = await isValidDiscordRequest(
    body,
    c.req.header("X-Signature-Ed25519"),
    c.req.header("X-Signature-Timestamp"),
    config.DISCORD_PUBLIC_KEY,
    started,
  );
  if (!valid) return c.json({ error: "invalid request signature" }, 401);

  const parsed = parseJson(body);
  if (!parsed.ok) return c.json({ error: "request body is not valid JSON" }, 400);
  const json = parsed.value;
  const envelope = envelopeSchema().safeParse(json);
  if (!envelope.success) return c.json({ error: "not a Discord interaction" }, 400);
  const { id, type } = envelope.data;
  if (type === INTERACTION.PING) return c.json(pong());

  const log = deps.log.child({ interactionId: id, interactionType: type }, secretsOf(config));
  const scheduler = schedulerStub(c.env);
  const results = new ResultStore(c.env.IMAGES, config.IMAGE_RETENTION_DAYS);
  let enqueued: Record<string, unknown> | undefined;
  const context: CommandContext = {
    now: started,
    async schedule(job) {
      const result = await scheduler.enqueue(job);
      enqueued = { jobId: job.id, kind: job.kind, images: jobImages(job), enqueue: result.status };
      return result;
    },
    cancel: (jobId, userId) => scheduler.cancel(jobId, userId),
    origin: new URL(c.req.url).origin,
    linkOrigins: config.PROMPT_URL_ALLOW_ORIGINS ?? [],
    regionEdits: { open: (job, expiresAt) => scheduler.openRegionEdit(job, expiresAt) },
    batches: {
      maxJobs: config.MAX_JOBS_PER_COMMAND,
      propose: (batch) => scheduler.proposeBatch(batch),
      confirm: (id, click) => scheduler.confirmBatch(id, click),
      decline: (id, userId) => scheduler.declineBatch(id, userId),
    },
    limits: {
      usage: (userId, guildId) => scheduler.usage(userId, guildId),
      guildSettings: (guildId) => scheduler.guildSettings(guildId),
      saveGuildSettings: (guildId, settings) => scheduler.saveGuildSettings(guildId, settings),
      guildDailyImages: config.GUILD_DAILY_IMAGES,
      knownPreferences: (userId) => knownPreferences.get(userId) ?? NO_PREFERENCES,
      preferences: async (userId) => remember(userId, await scheduler.preferences(userId)),
      savePreferences: async (userId, preferences) => {
        remember(userId, { preferences, version: await scheduler.savePreferences(userId, preferences) });
      },
    },
    results: {
      manifest: (jobId) => results.manifest(jobId, started),
      retentionDays: config.IMAGE_RETENTION_DAYS,
    },
  };

  let answer: APIInteractionResponse | undefined;
  try {
    answer = await dispatch(type, json, context, config);
  } catch (error) {
    // Nothing was accepted (the scheduler could not be reached), so nothing is owed but a clear answer.
    log.error("interaction_failed", { error });
    answer = ephemeral("The bot could not take this request right now. Please try again in a moment.");
  }
  if (!answer) return c.json({ error: `unknown interaction type ${type}` }, 400);
  // A queued job's own lines (its run's "job_finished") tell the rest; every other answer is logged
  // here. One line less on the hot path is a tenth of the acknowledgement's budget (see the bench).
  if (enqueued?.enqueue !== "queued") {
    log.info("interaction_answered", {
      responseType: answer.type,
      ms: deps.clock.now() - started,
      ...enqueued,
    });
  }
  return c.json(answer);
}

/**
 * The answer for one verified interaction; undefined for a type this endpoint does not know. Each
 * handler gets the interaction only once it has the shape that handler reads.
 */
async function dispatch(
  type: number,
  json: unknown,
  context: CommandContext,
  config: Config,
): Promise<APIInteractionResponse | undefined> {
  switch (type) {
    case INTERACTION.COMMAND: {
      const named = commandNameSchema().safeParse(json);
      const command = named.success ? findCommand(named.data.data.name) : undefined;
      if (!command) {
        return ephemeral(
          "This command is unknown to the bot. Its commands may be out of date: ask the bot owner to run `npm run register`.",
        );
      }
      const interaction = command.schema().safeParse(json);
      return interaction.success ? command.handle(interaction.data, context) : unreadable();
    }
    case INTERACTION.COMPONENT: {
      const interaction = interactionSchemas().component.safeParse(json);
      if (!interaction.success) return unreadable();
      return routeClick(interaction.data, context);
    }
    case INTERACTION.MODAL_SUBMIT: {
      const interaction = interactionSchemas().modal.safeParse(json);
      if (!interaction.success) return unreadable();
      return routeSubmit(interaction.data, context);
    }
    case INTERACTION.AUTOCOMPLETE: {
      const interaction = interactionSchemas().autocomplete.safeParse(json);
      // Autocomplete can only answer with choices: none, for a request it can't read.
      return interaction.success
        ? handleAutocomplete(interaction.data, config.DEFAULT_MODEL)
        : { type: RESPONSE.AUTOCOMPLETE_RESULT, data: { choices: [] } };
    }
    default:
      return undefined;
  }
}

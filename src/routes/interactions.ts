// POST /interactions: Discord's Interactions Endpoint. Verify, parse, dispatch, answer within 3 s.
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteraction,
  APIInteractionResponse,
  APIMessageComponentInteraction,
  APIModalSubmitInteraction,
} from "discord-api-types/v10";
import { InteractionType } from "discord-interactions";
import type { Context } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../app.ts";
import { handleAutocomplete } from "../commands/autocomplete.ts";
import type { CommandContext } from "../commands/context.ts";
import { findComponentHandler, findHandler, findModalHandler } from "../commands/index.ts";
import { describeProblems, loadConfig } from "../config.ts";
import { ephemeral, pong } from "../discord/responses.ts";
import { isValidDiscordRequest } from "../discord/verify.ts";
import { jobImages } from "../jobs/job.ts";
import { ResultStore } from "../jobs/results.ts";
import { schedulerStub } from "../jobs/scheduler-object.ts";

/** Interactions are a few KiB; anything far larger is not from Discord. */
const MAX_BODY_BYTES = 1024 * 1024;

const envelopeSchema = z.looseObject({
  id: z.string(),
  application_id: z.string(),
  type: z.int(),
  token: z.string(),
  data: z.optional(z.unknown()),
});

/** Type 1 = chat input (slash) command, 3 = message context-menu command. */
const commandDataSchema = z.looseObject({ name: z.string(), type: z.union([z.literal(1), z.literal(3)]) });

const customIdSchema = z.looseObject({ custom_id: z.string() });

export async function handleInteractions(c: Context<AppEnv>): Promise<Response> {
  const { deps } = c.var;
  const started = deps.clock.now();
  const config = loadConfig(c.env);
  if (!config.ok) {
    deps.log.error("config_invalid", { problems: describeProblems(config.problems) });
    return c.json(
      { error: "The bot is not fully configured; its owner can see why in the Worker's logs." },
      500,
    );
  }
  if (Number(c.req.header("Content-Length")) > MAX_BODY_BYTES) {
    return c.json({ error: "request body too large" }, 413);
  }
  const body = await c.req.text();
  const valid = await isValidDiscordRequest(
    body,
    c.req.header("X-Signature-Ed25519"),
    c.req.header("X-Signature-Timestamp"),
    config.config.DISCORD_PUBLIC_KEY,
    started,
  );
  if (!valid) return c.json({ error: "invalid request signature" }, 401);

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return c.json({ error: "request body is not valid JSON" }, 400);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return c.json({ error: "not a Discord interaction" }, 400);
  const { id, type } = envelope.data;
  if (type === InteractionType.PING) return c.json(pong());

  const log = deps.log.child({ interactionId: id, interactionType: type }, [config.config.IDEOGRAM_API_KEY]);
  const scheduler = schedulerStub(c.env);
  const results = new ResultStore(c.env.IMAGES, config.config.IMAGE_RETENTION_DAYS);
  let enqueued: Record<string, unknown> = {};
  const context: CommandContext = {
    now: started,
    async schedule(job) {
      const result = await scheduler.enqueue(job);
      enqueued = { jobId: job.id, kind: job.kind, images: jobImages(job), enqueue: result.status };
      return result;
    },
    cancel: (jobId, userId) => scheduler.cancel(jobId, userId),
    limits: {
      usage: (userId, guildId) => scheduler.usage(userId, guildId),
      guildSettings: (guildId) => scheduler.guildSettings(guildId),
      saveGuildSettings: (guildId, settings) => scheduler.saveGuildSettings(guildId, settings),
      guildDailyImages: config.config.GUILD_DAILY_IMAGES,
    },
    results: {
      manifest: (jobId) => results.manifest(jobId, started),
      retentionDays: config.config.IMAGE_RETENTION_DAYS,
    },
  };

  let answer: APIInteractionResponse | undefined;
  try {
    answer = await dispatch(type, envelope.data.data, json, context);
  } catch (error) {
    // Nothing was accepted (the scheduler could not be reached), so nothing is owed but a clear answer.
    log.error("interaction_failed", { error });
    answer = ephemeral("The bot could not take this request right now. Please try again in a moment.");
  }
  if (!answer) return c.json({ error: `unknown interaction type ${type}` }, 400);
  log.info("interaction_answered", {
    responseType: answer.type,
    ms: deps.clock.now() - started,
    ...enqueued,
  });
  return c.json(answer);
}

/** The answer for one verified interaction; undefined for a type this endpoint does not know. */
async function dispatch(
  type: number,
  data: unknown,
  json: unknown,
  context: CommandContext,
): Promise<APIInteractionResponse | undefined> {
  switch (type) {
    case InteractionType.APPLICATION_COMMAND: {
      const command = commandDataSchema.safeParse(data);
      const handler = command.success ? findHandler(command.data.name) : undefined;
      return handler
        ? handler(json as APIApplicationCommandInteraction, context)
        : ephemeral(
            "This command is unknown to the bot. Its commands may be out of date: ask the bot owner to run `npm run register`.",
          );
    }
    case InteractionType.MESSAGE_COMPONENT: {
      const component = customIdSchema.safeParse(data);
      if (!component.success) return ephemeral("This button has expired.");
      const [handler, argument] = findComponentHandler(component.data.custom_id);
      return handler(json as APIMessageComponentInteraction, argument, context);
    }
    case InteractionType.MODAL_SUBMIT: {
      const modal = customIdSchema.safeParse(data);
      const handler = modal.success ? findModalHandler(modal.data.custom_id) : undefined;
      return handler
        ? handler(json as APIModalSubmitInteraction, context)
        : ephemeral("This form has expired.");
    }
    case InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE:
      return handleAutocomplete(json as APIApplicationCommandAutocompleteInteraction);
    default:
      return undefined;
  }
}

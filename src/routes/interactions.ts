// POST /interactions: Discord's Interactions Endpoint. Verify, parse, dispatch, answer within 3 s.
import type {
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
  APIMessageComponentInteraction,
} from "discord-api-types/v10";
import { InteractionType } from "discord-interactions";
import type { Context } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../app.ts";
import type { CommandContext } from "../commands/context.ts";
import { findComponentHandler, findHandler } from "../commands/index.ts";
import { describeProblems, loadConfig } from "../config.ts";
import { ephemeral, pong } from "../discord/responses.ts";
import { isValidDiscordRequest } from "../discord/verify.ts";
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

const commandDataSchema = z.looseObject({
  name: z.string(),
  type: z.literal(1, { error: "only chat input commands are handled" }),
});

const componentDataSchema = z.looseObject({ custom_id: z.string() });

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
  let enqueued: Record<string, unknown> = {};
  const context: CommandContext = {
    now: started,
    async schedule(job) {
      const result = await scheduler.enqueue(job);
      enqueued = { jobId: job.id, images: job.request.num_images ?? 1, enqueue: result.status };
      return result;
    },
    cancel: (jobId, userId) => scheduler.cancel(jobId, userId),
  };

  let answer: APIInteractionResponse;
  switch (type) {
    case InteractionType.APPLICATION_COMMAND: {
      const data = commandDataSchema.safeParse(envelope.data.data);
      const handler = data.success ? findHandler(data.data.name) : undefined;
      answer = handler
        ? await handler(json as APIChatInputApplicationCommandInteraction, context)
        : ephemeral(
            "This command is unknown to the bot. Its commands may be out of date: ask the bot owner to run `npm run register`.",
          );
      break;
    }
    case InteractionType.MESSAGE_COMPONENT: {
      const data = componentDataSchema.safeParse(envelope.data.data);
      const found = data.success ? findComponentHandler(data.data.custom_id) : undefined;
      answer = found
        ? await found[0](json as APIMessageComponentInteraction, found[1], context)
        : ephemeral("This button has expired.");
      break;
    }
    case InteractionType.MODAL_SUBMIT:
      answer = ephemeral("This form has expired.");
      break;
    case InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE:
      answer = { type: 8, data: { choices: [] } };
      break;
    default:
      return c.json({ error: `unknown interaction type ${type}` }, 400);
  }
  log.info("interaction_answered", {
    responseType: answer.type,
    ms: deps.clock.now() - started,
    ...enqueued,
  });
  return c.json(answer);
}

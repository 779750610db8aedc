// The parts of each interaction the handlers read, checked with zod before any handler runs: a
// validly signed body with `options: null` or a message command sent as a slash command gets a
// clear answer, never a TypeError. Extra fields pass through untouched.
// Docs: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
// Layer 1 (discord/): imports only layer 0, never ideogram/.
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIMessage,
  APIMessageApplicationCommandInteraction,
  APIMessageComponentInteraction,
  APIModalSubmitInteraction,
} from "discord-api-types/v10";
import * as z from "zod/mini";
import { lazy } from "../lazy.ts";
import { COMMAND } from "./numbers.ts";

interface Option {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  focused?: boolean | undefined;
  options?: Option[] | undefined;
}
/**
 * The shape of each kind of interaction (built on first use: lazy.ts), and of what handlers look up in
 * `data.resolved`.
 */
export const interactionSchemas = lazy(() => {
  const user = z.looseObject({
    id: z.string(),
    username: z.optional(z.string()),
    global_name: z.nullish(z.string()),
  });

  /** Fields every interaction but PING has. */
  const common = {
    id: z.string(),
    application_id: z.string(),
    token: z.string(),
    guild_id: z.optional(z.string()),
    member: z.optional(z.looseObject({ user, permissions: z.optional(z.string()) })),
    user: z.optional(user),
    attachment_size_limit: z.optional(z.number()),
  };

  const option: z.ZodMiniType<Option> = z.looseObject({
    name: z.string(),
    type: z.int(),
    value: z.optional(z.union([z.string(), z.number(), z.boolean()])),
    focused: z.optional(z.boolean()),
    get options() {
      return z.optional(z.array(option));
    },
  });

  /** An upload in `resolved.attachments`, checked when a handler looks it up (only the ones it uses). */
  const attachment = z.looseObject({
    id: z.string(),
    url: z.string(),
    filename: z.string(),
    size: z.number(),
    content_type: z.optional(z.string()),
  });

  /** A message in `resolved.messages`, checked when it is looked up. */
  const message = z.looseObject({
    id: z.string(),
    author: z.looseObject({ id: z.string() }),
    attachments: z.array(z.looseObject({ url: z.string(), filename: z.string() })),
    components: z.optional(z.array(z.unknown())),
  });

  /** What each kind of interaction must carry; `T` is the discord-api-types shape handlers see. */
  const shape = <T>(data: z.ZodMiniType) => z.looseObject({ ...common, data }) as unknown as z.ZodMiniType<T>;

  const chatInput = shape<APIChatInputApplicationCommandInteraction>(
    z.looseObject({
      name: z.string(),
      type: z.literal(COMMAND.CHAT_INPUT),
      options: z.optional(z.array(option)),
      resolved: z.optional(z.looseObject({ attachments: z.optional(z.looseObject({})) })),
    }),
  );

  const messageCommand = shape<APIMessageApplicationCommandInteraction>(
    z.looseObject({
      name: z.string(),
      type: z.literal(COMMAND.MESSAGE),
      target_id: z.string(),
      resolved: z.looseObject({ messages: z.looseObject({}) }),
    }),
  );

  const autocomplete = shape<APIApplicationCommandAutocompleteInteraction>(
    z.looseObject({ name: z.string(), options: z.array(option) }),
  );

  const component = shape<APIMessageComponentInteraction>(
    z.looseObject({
      custom_id: z.string(),
      component_type: z.int(),
      values: z.optional(z.array(z.string())),
    }),
  );

  const modal = shape<APIModalSubmitInteraction>(
    z.looseObject({ custom_id: z.string(), components: z.array(z.unknown()) }),
  );
  return { chatInput, messageCommand, autocomplete, component, modal, attachment, message };
});

/** `record[key]` if `key` is the record's own (never a name like "constructor" from its prototype). */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The upload an attachment option names, if the interaction carries it whole. */
export function resolvedAttachment(interaction: APIChatInputApplicationCommandInteraction, id: string) {
  const found = interactionSchemas().attachment.safeParse(own(interaction.data.resolved?.attachments, id));
  return found.success ? found.data : undefined;
}

/** The message a message command targets, if the interaction carries it whole. */
export function targetMessage(interaction: APIMessageApplicationCommandInteraction) {
  const { resolved, target_id } = interaction.data;
  const found = interactionSchemas().message.safeParse(own(resolved.messages, target_id));
  return found.success ? (found.data as typeof found.data & APIMessage) : undefined;
}

// Interaction payloads shaped like Discord's (see the reference's captured examples).
import { snowflakeAt } from "../../src/discord/snowflake.ts";

export const APPLICATION_ID = "1234567890123456789";
export const GUILD_ID = "1100000000000000001";
export const CHANNEL_ID = "1100000000000000002";
export const USER_ID = "1000000000000000007";
/** Long and distinctive, so a leak into a log or message is easy to spot. */
export const INTERACTION_TOKEN = `aW50ZXJhY3Rpb246${"VGVzdFRva2Vu".repeat(16)}`;

let counter = 0;
/** A fresh interaction id: a snowflake of the current time, as Discord would send. */
export const nextInteractionId = (at = Date.now()) => snowflakeAt(at, ++counter);

export const ping = () => ({
  id: nextInteractionId(),
  application_id: APPLICATION_ID,
  type: 1,
  token: INTERACTION_TOKEN,
  version: 1,
});

type OptionValue = string | number;

/** A guild /imagine (or other chat-input command) with the given options. */
export function command(
  name: string,
  options: Record<string, OptionValue> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    id: nextInteractionId(),
    application_id: APPLICATION_ID,
    type: 2,
    token: INTERACTION_TOKEN,
    version: 1,
    locale: "en-US",
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, nsfw: false },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
    app_permissions: "2248473465835073",
    authorizing_integration_owners: { "0": GUILD_ID },
    entitlements: [],
    member: {
      user: { id: USER_ID, username: "ada", global_name: "Ada", discriminator: "0", avatar: null },
      roles: [],
      permissions: "2248473465835073",
      joined_at: "2026-01-01T00:00:00.000000+00:00",
      deaf: false,
      mute: false,
      flags: 0,
    },
    data: {
      id: "1200000000000000005",
      name,
      type: 1,
      options: Object.entries(options).map(([optionName, value]) => ({
        name: optionName,
        type: typeof value === "number" ? 4 : 3,
        value,
      })),
    },
    ...extra,
  };
}

export const imagine = (options: Record<string, OptionValue>, extra?: Record<string, unknown>) =>
  command("imagine", options, extra);

export interface Attachment {
  url: string;
  filename?: string;
  content_type?: string;
  size?: number;
}

/** /imagine with attachment options (image, style_ref, character_ref) as Discord sends them. */
export function imagineWith(
  options: Record<string, OptionValue>,
  attachments: Record<string, Attachment>,
  extra?: Record<string, unknown>,
) {
  const base = imagine(options, extra);
  const ids = Object.keys(attachments).map((_, i) => `14000000000000001${String(i).padStart(2, "0")}`);
  const entries = Object.entries(attachments);
  return {
    ...base,
    data: {
      ...base.data,
      options: [...base.data.options, ...entries.map(([name], i) => ({ name, type: 11, value: ids[i] }))],
      resolved: {
        attachments: Object.fromEntries(
          entries.map(([, a], i) => [
            ids[i],
            { id: ids[i], filename: "photo.png", content_type: "image/png", size: 2048, ...a },
          ]),
        ),
      },
    },
  };
}

const clicker = (userId: string) => ({
  user: { id: userId, username: "grace", global_name: "Grace", discriminator: "0", avatar: null },
  roles: [],
  permissions: "2248473465835073",
  joined_at: "2026-01-01T00:00:00.000000+00:00",
  deaf: false,
  mute: false,
  flags: 0,
});

/** Each click or form gets its own id and token, as Discord sends them. */
const fresh = (kind: string) => {
  const id = nextInteractionId();
  return { id, token: `${kind}-token-${id}`, application_id: APPLICATION_ID, version: 1 };
};

/** A click on a button (or a choice in a select menu) under the bot's message. */
export function click(customId: string, options: { userId?: string; values?: string[] } = {}) {
  return {
    ...fresh("click"),
    type: 3,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    attachment_size_limit: 10 * 1024 * 1024,
    member: clicker(options.userId ?? "1000000000000000008"),
    message: { id: "1300000000000000008", channel_id: CHANNEL_ID, components: [] },
    data: options.values
      ? { custom_id: customId, component_type: 3, values: options.values }
      : { custom_id: customId, component_type: 2 },
  };
}

/** A submitted form: one Label-wrapped text input per value (the current modal shape). */
export function submitForm(customId: string, values: Record<string, string>) {
  return {
    ...fresh("form"),
    type: 5,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    member: clicker("1000000000000000008"),
    data: {
      custom_id: customId,
      components: Object.entries(values).map(([id, value], i) => ({
        type: 18,
        id: i + 1,
        component: { type: 4, id: i + 10, custom_id: id, value },
      })),
    },
  };
}

/** /describe with an uploaded image. */
export function describeUpload(attachment: {
  url: string;
  filename?: string;
  content_type?: string;
  size?: number;
}) {
  const id = "1400000000000000001";
  return {
    ...command("describe", {}),
    ...fresh("describe"),
    data: {
      id: "1200000000000000006",
      name: "describe",
      type: 1,
      options: [{ name: "image", type: 11, value: id }],
      resolved: {
        attachments: {
          [id]: { id, filename: "photo.png", content_type: "image/png", size: 2048, ...attachment },
        },
      },
    },
  };
}

/** "Describe image" from a message's Apps menu. */
export function describeMessage(message: Record<string, unknown>) {
  const targetId = "1300000000000000042";
  return {
    ...command("Describe image", {}),
    ...fresh("menu"),
    data: {
      id: "1200000000000000007",
      name: "Describe image",
      type: 3,
      target_id: targetId,
      resolved: {
        messages: {
          [targetId]: {
            id: targetId,
            channel_id: CHANNEL_ID,
            author: { id: "1000000000000000009", username: "someone" },
            content: "",
            attachments: [],
            components: [],
            ...message,
          },
        },
      },
    },
  };
}

/** The token-bound URL that edits the response to `interaction`. */
export const originalMessageOf = (interaction: { token: string }) =>
  `https://discord.com/api/v10/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`;

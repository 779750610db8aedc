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

// Interaction payloads shaped like Discord's, from the one builder the playground uses too
// (playground/interaction.ts), with the tests' fixed ids and people.
import {
  CHANNEL_ID,
  clickBody,
  commandBody,
  envelopeOf,
  formBody,
  GUILD_ID,
  messageCommandBody,
  type Person,
} from "../../playground/interaction.ts";
import { INTERACTION, OPTION } from "../../src/discord/numbers.ts";
import { snowflakeAt } from "../../src/discord/snowflake.ts";

export { CHANNEL_ID, GUILD_ID };
export const APPLICATION_ID = "1234567890123456789";
export const USER_ID = "1000000000000000007";
/** Long and distinctive, so a leak into a log or message is easy to spot. */
export const INTERACTION_TOKEN = `aW50ZXJhY3Rpb246${"VGVzdFRva2Vu".repeat(16)}`;

/** Who types the commands, and who clicks (another member, unless a test names one). */
const ADA: Person = { id: USER_ID, username: "ada", global_name: "Ada" };
const grace = (id = "1000000000000000008"): Person => ({ id, username: "grace", global_name: "Grace" });

let counter = 0;
/** A fresh interaction id: a snowflake of the current time, as Discord would send. */
export const nextInteractionId = (at = Date.now()) => snowflakeAt(at, ++counter);

export const ping = () => ({
  id: nextInteractionId(),
  application_id: APPLICATION_ID,
  type: INTERACTION.PING,
  token: INTERACTION_TOKEN,
  version: 1,
});

type OptionValue = string | number | boolean;

/** A guild /imagine (or other chat-input command) with the given options. */
export function command(
  name: string,
  options: Record<string, OptionValue> = {},
  extra: Record<string, unknown> = {},
) {
  const typed = Object.entries(options).map(([optionName, value]) => ({
    name: optionName,
    type:
      typeof value === "number"
        ? OPTION.INTEGER
        : typeof value === "boolean"
          ? OPTION.BOOLEAN
          : OPTION.STRING,
    value,
  }));
  return {
    ...envelopeOf(nextInteractionId(), INTERACTION_TOKEN, APPLICATION_ID, ADA),
    ...commandBody(name, typed),
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

/** An upload as Discord describes it in `resolved.attachments`. */
const uploaded = (id: string, attachment: Attachment) => ({
  id,
  filename: "photo.png",
  content_type: "image/png",
  size: 2048,
  ...attachment,
});

/** /imagine with attachment options (image, style_ref, character_ref) as Discord sends them. */
export function imagineWith(
  options: Record<string, OptionValue>,
  attachments: Record<string, Attachment>,
  extra?: Record<string, unknown>,
) {
  const base = imagine(options, extra);
  const entries = Object.entries(attachments);
  const ids = entries.map((_, i) => `14000000000000001${String(i).padStart(2, "0")}`);
  const attachmentOptions = entries.map(([name], i) => ({ name, type: OPTION.ATTACHMENT, value: ids[i] }));
  const { data } = commandBody(
    "imagine",
    [...base.data.options, ...attachmentOptions],
    entries.map(([, a], i) => uploaded(ids[i] ?? "", a)),
  );
  return { ...base, data };
}

/** Each click or form gets its own id and token, as Discord sends them. */
const fresh = (kind: string, person: Person) => {
  const id = nextInteractionId();
  return envelopeOf(id, `${kind}-token-${id}`, APPLICATION_ID, person);
};

/** A click on a button (or a choice in a select menu) under the bot's message. */
export function click(customId: string, options: { userId?: string; values?: string[] } = {}) {
  return { ...fresh("click", grace(options.userId)), ...clickBody(customId, undefined, options.values) };
}

/** A submitted form: one Label-wrapped text input per value (the current modal shape). */
export function submitForm(
  customId: string,
  values: Record<string, string>,
  selects: readonly string[] = [],
) {
  return { ...fresh("form", grace()), ...formBody(customId, values, selects) };
}

/** /describe with an uploaded image. */
export function describeUpload(attachment: Attachment) {
  const id = "1400000000000000001";
  const options = [{ name: "image", type: OPTION.ATTACHMENT, value: id }];
  return {
    ...fresh("describe", ADA),
    ...commandBody("describe", options, [uploaded(id, attachment)], "1200000000000000006"),
  };
}

/** "Describe image" from a message's Apps menu. */
export function describeMessage(message: Record<string, unknown>) {
  const targetId = "1300000000000000042";
  const target = {
    id: targetId,
    channel_id: CHANNEL_ID,
    author: { id: "1000000000000000009", username: "someone" },
    content: "",
    attachments: [],
    components: [],
    ...message,
  };
  return {
    ...fresh("menu", ADA),
    ...messageCommandBody("Describe image", targetId, target, "1200000000000000007"),
  };
}

/** The token-bound URL that edits the response to `interaction`. */
export const originalMessageOf = (interaction: { token: string }) =>
  `https://discord.com/api/v10/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`;

// The one builder of interactions as Discord sends them, shared by the playground (what Discord would
// send for something done on its page: a slash command with its uploads in `resolved.attachments`, a
// message's Apps menu, autocomplete, a button or menu, a form), the tests and the bench.
// Shapes: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
import { COMMAND, COMPONENT, INTERACTION, PERMISSION } from "../src/discord/numbers.ts";

export const GUILD_ID = "1100000000000000001";
export const CHANNEL_ID = "1100000000000000002";
/** A member's usual permissions (send messages, attach files, use commands…), without Manage Server. */
export const MEMBER_PERMISSIONS = 2248473465835073n;
/** The message a click comes from when none is named. */
const BOT_MESSAGE_ID = "1300000000000000008";

export interface Option {
  name: string;
  type: number;
  value?: unknown;
  focused?: boolean;
  options?: Option[];
}

/** Who acts: a Discord user, in the server as a member (with Manage Server, if a manager). */
export interface Person {
  id: string;
  username: string;
  global_name: string | null;
  manager?: boolean;
  /** Their permissions exactly as Discord sends them, instead of a member's usual ones (and Manage Server for a manager). */
  permissions?: string;
}

export const YOU: Person = { id: "1000000000000000007", username: "you", global_name: "You" };

/** The guild member Discord sends for `person`, with their permissions. */
export function memberOf(person: Person) {
  const permissions = String(
    person.permissions ??
      (person.manager ? MEMBER_PERMISSIONS | PERMISSION.MANAGE_GUILD : MEMBER_PERMISSIONS),
  );
  const { manager: _manager, permissions: _permissions, ...user } = person;
  return {
    user: { ...user, discriminator: "0", avatar: null },
    roles: [],
    permissions,
    joined_at: "2026-01-01T00:00:00.000000+00:00",
    deaf: false,
    mute: false,
    flags: 0,
  };
}

/** What every interaction in the server's channel carries: its id and token, the place, who acts. */
export function envelopeOf(id: string, token: string, applicationId: string, person: Person = YOU) {
  const member = memberOf(person);
  return {
    id,
    application_id: applicationId,
    token,
    version: 1,
    locale: "en-US",
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, nsfw: false },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
    app_permissions: member.permissions,
    authorizing_integration_owners: { "0": GUILD_ID },
    entitlements: [],
    member,
  };
}

/** A slash command's `type` and `data` (its uploads in `resolved.attachments`). */
export function commandBody(
  name: string,
  options: Option[],
  attachments: { id: string }[] = [],
  id = "1200000000000000005",
) {
  const resolved =
    attachments.length > 0
      ? { resolved: { attachments: Object.fromEntries(attachments.map((a) => [a.id, a])) } }
      : {};
  return { type: INTERACTION.COMMAND, data: { id, name, type: COMMAND.CHAT_INPUT, options, ...resolved } };
}

/** A click's `type`, `message` and `data`: a button, or the choices of a select menu. */
export function clickBody(customId: string, message?: Record<string, unknown>, values?: string[]) {
  return {
    type: INTERACTION.COMPONENT,
    message: message ?? { id: BOT_MESSAGE_ID, channel_id: CHANNEL_ID, components: [] },
    data: values
      ? { custom_id: customId, component_type: COMPONENT.STRING_SELECT, values }
      : { custom_id: customId, component_type: COMPONENT.BUTTON },
  };
}

/** A submitted form's `type` and `data`: one Label-wrapped text input per value (the current modal shape). */
export function formBody(customId: string, values: Record<string, string>, selects: readonly string[] = []) {
  return {
    type: INTERACTION.MODAL_SUBMIT,
    data: {
      custom_id: customId,
      // A text input answers its `value`; a select its chosen `values` (none when nothing is chosen).
      components: Object.entries(values).map(([custom_id, value], i) => ({
        type: COMPONENT.LABEL,
        id: i + 1,
        component: selects.includes(custom_id)
          ? { type: COMPONENT.STRING_SELECT, id: i + 10, custom_id, values: value ? [value] : [] }
          : { type: COMPONENT.TEXT_INPUT, id: i + 10, custom_id, value },
      })),
    },
  };
}

/** A message command's `type` and `data` ("Describe image" from a message's Apps menu). */
export function messageCommandBody(
  name: string,
  targetId: string,
  message: Record<string, unknown> | undefined,
  id = "1200000000000000005",
) {
  const messages = message ? { [targetId]: message } : {};
  return {
    type: INTERACTION.COMMAND,
    data: { id, name, type: COMMAND.MESSAGE, target_id: targetId, resolved: { messages } },
  };
}

// ── The playground's page ────────────────────────────────────────────────────────────────────

/** An upload the page made before sending the command (see POST /playground/attachments). */
export interface PageAttachment {
  id: string;
  filename: string;
  size: number;
  content_type: string;
  url: string;
  proxy_url: string;
}

interface Common {
  /** Acting as a member with Manage Server (the page's "server manager" switch). */
  manager?: boolean;
  /** Shown above the answer as Discord does ("used /imagine"). */
  invocation?: string;
  /** Leave the answer out of the channel (the page reads /usage for its panel). */
  silent?: boolean;
}

export type PageAction = Common &
  (
    | { kind: "command"; name: string; options: Option[]; attachments?: PageAttachment[] }
    | { kind: "message_command"; name: string; messageId: string }
    | { kind: "autocomplete"; name: string; options: Option[] }
    | { kind: "component"; custom_id: string; component_type: number; values?: string[]; messageId?: string }
    | { kind: "modal"; custom_id: string; values: Record<string, string>; selects?: string[] }
  );

export interface Envelope {
  id: string;
  token: string;
  applicationId: string;
  /** A channel message by id, as Discord puts it in `resolved.messages`. */
  message(id: string): Record<string, unknown> | undefined;
}

export function interactionFor(action: PageAction, envelope: Envelope) {
  const person = { ...YOU, manager: action.manager ?? false };
  return {
    ...envelopeOf(envelope.id, envelope.token, envelope.applicationId, person),
    ...pageBody(action, envelope),
  };
}

function pageBody(action: PageAction, envelope: Envelope) {
  switch (action.kind) {
    case "command":
      return commandBody(action.name, action.options, action.attachments);
    case "message_command":
      return messageCommandBody(action.name, action.messageId, envelope.message(action.messageId));
    case "autocomplete":
      return { ...commandBody(action.name, action.options), type: INTERACTION.AUTOCOMPLETE };
    case "component": {
      const message = action.messageId ? envelope.message(action.messageId) : undefined;
      const body = clickBody(action.custom_id, message, action.values);
      // The page names the component's type itself (a button, or a select it drew).
      return { ...body, data: { ...body.data, component_type: action.component_type } };
    }
    case "modal":
      return formBody(action.custom_id, action.values, action.selects);
  }
}

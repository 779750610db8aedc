// What Discord would send for something done on the playground page: a slash command (with its
// uploads in `resolved.attachments`), a message's Apps menu, autocomplete, a button or menu, a form.
// Shapes: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object

const GUILD_ID = "1100000000000000001";
const CHANNEL_ID = "1100000000000000002";
/** A member's usual permissions (send messages, attach files, use commands…), without Manage Server. */
const MEMBER_PERMISSIONS = 2248473465835073n;
/** MANAGE_GUILD (1 << 5): what /settings and the manager's /usage need. */
const MANAGE_GUILD = 1n << 5n;

interface Option {
  name: string;
  type: number;
  value?: unknown;
  focused?: boolean;
  options?: Option[];
}

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
    | { kind: "modal"; custom_id: string; values: Record<string, string> }
  );

export interface Envelope {
  id: string;
  token: string;
  applicationId: string;
  /** A channel message by id, as Discord puts it in `resolved.messages`. */
  message(id: string): Record<string, unknown> | undefined;
}

export function interactionFor(action: PageAction, envelope: Envelope) {
  const permissions = String(action.manager ? MEMBER_PERMISSIONS | MANAGE_GUILD : MEMBER_PERMISSIONS);
  return {
    id: envelope.id,
    application_id: envelope.applicationId,
    token: envelope.token,
    version: 1,
    locale: "en-US",
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, nsfw: false },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
    app_permissions: permissions,
    authorizing_integration_owners: { "0": GUILD_ID },
    entitlements: [],
    member: {
      user: {
        id: "1000000000000000007",
        username: "you",
        global_name: "You",
        discriminator: "0",
        avatar: null,
      },
      roles: [],
      permissions,
      joined_at: "2026-01-01T00:00:00.000000+00:00",
      deaf: false,
      mute: false,
      flags: 0,
    },
    ...body(action, envelope),
  };
}

function body(action: PageAction, envelope: Envelope) {
  const command = { id: "1200000000000000005", name: "name" in action ? action.name : "" };
  switch (action.kind) {
    case "command": {
      const attachments = Object.fromEntries((action.attachments ?? []).map((a) => [a.id, a]));
      const resolved = action.attachments?.length ? { resolved: { attachments } } : {};
      return { type: 2, data: { ...command, type: 1, options: action.options, ...resolved } };
    }
    case "message_command": {
      const message = envelope.message(action.messageId);
      const messages = message ? { [action.messageId]: message } : {};
      return {
        type: 2,
        data: { ...command, type: 3, target_id: action.messageId, resolved: { messages } },
      };
    }
    case "autocomplete":
      return { type: 4, data: { ...command, type: 1, options: action.options } };
    case "component": {
      const message = (action.messageId && envelope.message(action.messageId)) || {
        id: "1300000000000000008",
        channel_id: CHANNEL_ID,
        components: [],
      };
      return {
        type: 3,
        message,
        data: {
          custom_id: action.custom_id,
          component_type: action.component_type,
          ...(action.values ? { values: action.values } : {}),
        },
      };
    }
    case "modal":
      return {
        type: 5,
        data: {
          custom_id: action.custom_id,
          components: Object.entries(action.values).map(([custom_id, value], i) => ({
            type: 18,
            id: i + 1,
            component: { type: 4, id: i + 10, custom_id, value },
          })),
        },
      };
  }
}

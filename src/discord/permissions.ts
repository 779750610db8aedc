// Whether the bot itself may post in an interaction's channel, from the permissions Discord says it
// has there (`app_permissions`): what a result posted with the bot token needs. Reference:
// midjourney-syntax.md §8 (Create Message: SEND_MESSAGES, or SEND_MESSAGES_IN_THREADS in a thread,
// which is not inherited; VIEW_CHANNEL; ATTACH_FILES and EMBED_LINKS for the result; a reply needs
// READ_MESSAGE_HISTORY). An app installed without its bot gets only @everyone's attach/embed
// permissions, so this is false there: such jobs keep to their interaction token.
// Layer 1 (discord/): imports only layer 0, never ideogram/.
import { PERMISSION } from "./numbers.ts";

/** What the bot may do in the channel: post a result there, and reply to the command's message. */
export interface ChannelPosting {
  post: boolean;
  reply: boolean;
}

const has = (permissions: bigint, bit: bigint) => (permissions & bit) === bit;

/** `appPermissions`: the interaction's `app_permissions` (a decimal bitfield); `thread`: the channel is one. */
export function channelPosting(appPermissions: string | undefined, thread: boolean): ChannelPosting {
  if (!appPermissions || !/^\d+$/.test(appPermissions)) return { post: false, reply: false };
  const permissions = BigInt(appPermissions);
  // Administrator implies every permission.
  if (has(permissions, PERMISSION.ADMINISTRATOR)) return { post: true, reply: true };
  const send = thread ? PERMISSION.SEND_MESSAGES_IN_THREADS : PERMISSION.SEND_MESSAGES;
  const post =
    has(permissions, PERMISSION.VIEW_CHANNEL) &&
    has(permissions, send) &&
    has(permissions, PERMISSION.ATTACH_FILES) &&
    has(permissions, PERMISSION.EMBED_LINKS);
  return { post, reply: post && has(permissions, PERMISSION.READ_MESSAGE_HISTORY) };
}

// Interaction callback bodies. Docs: https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
// Layer 1 (discord/): imports only layer 0, never ideogram/.
import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIInteractionResponseChannelMessageWithSource,
  APIInteractionResponseDeferredChannelMessageWithSource,
  APIInteractionResponseDeferredMessageUpdate,
  APIInteractionResponsePong,
  APIInteractionResponseUpdateMessage,
} from "discord-api-types/v10";
import { CONTENT_MAX, truncate } from "./bounds.ts";
import { FLAG, RESPONSE } from "./numbers.ts";

export const pong = (): APIInteractionResponsePong => ({ type: RESPONSE.PONG });

/** "Thinking…" now; the real answer comes later by editing @original. */
export const deferred = (): APIInteractionResponseDeferredChannelMessageWithSource => ({
  type: RESPONSE.DEFERRED_MESSAGE,
});

/** For a button: acknowledged, the message it sits on is edited later. */
export const deferredUpdate = (): APIInteractionResponseDeferredMessageUpdate => ({
  type: RESPONSE.DEFERRED_UPDATE,
});

/** A message only the invoking user sees (with buttons, say a link to open). */
export const ephemeral = (
  content: string,
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[],
): APIInteractionResponseChannelMessageWithSource => ({
  type: RESPONSE.MESSAGE,
  data: {
    content: truncate(content, CONTENT_MAX),
    flags: FLAG.EPHEMERAL,
    allowed_mentions: { parse: [] },
    ...(components ? { components } : {}),
  },
});

/** For a click: the message it sits on becomes `content`, its buttons gone. */
export const updateMessage = (content: string): APIInteractionResponseUpdateMessage => ({
  type: RESPONSE.UPDATE_MESSAGE,
  data: { content: truncate(content, CONTENT_MAX), components: [], allowed_mentions: { parse: [] } },
});

// Interaction callback bodies. Docs: https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
// Layer 1 (discord/): imports only layer 0, never ideogram/.
import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIInteractionResponseChannelMessageWithSource,
  APIInteractionResponseDeferredChannelMessageWithSource,
  APIInteractionResponseDeferredMessageUpdate,
  APIInteractionResponsePong,
} from "discord-api-types/v10";
import { InteractionResponseFlags, InteractionResponseType } from "discord-interactions";
import { CONTENT_MAX, truncate } from "./bounds.ts";

// discord-interactions carries Discord's numbers; discord-api-types describes the shapes. Both are
// Discord's own values, but TypeScript treats the two libraries' enums as unrelated types.

export const pong = (): APIInteractionResponsePong => ({ type: InteractionResponseType.PONG as number as 1 });

/** "Thinking…" now; the real answer comes later by editing @original. */
export const deferred = (): APIInteractionResponseDeferredChannelMessageWithSource => ({
  type: InteractionResponseType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE as number as 5,
});

/** For a button: acknowledged, the message it sits on is edited later. */
export const deferredUpdate = (): APIInteractionResponseDeferredMessageUpdate => ({
  type: InteractionResponseType.DEFERRED_UPDATE_MESSAGE as number as 6,
});

/** A message only the invoking user sees (with buttons, say a link to open). */
export const ephemeral = (
  content: string,
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[],
): APIInteractionResponseChannelMessageWithSource => ({
  type: InteractionResponseType.CHANNEL_MESSAGE_WITH_SOURCE as number as 4,
  data: {
    content: truncate(content, CONTENT_MAX),
    flags: InteractionResponseFlags.EPHEMERAL as number as 64,
    allowed_mentions: { parse: [] },
    ...(components ? { components } : {}),
  },
});

// Every Discord number the bot writes or reads, by name, each checked against discord-api-types at
// compile time (`satisfies`: a wrong number is a type error) and again at run time by
// test/repo/discord-numbers.unit.test.ts. Plain literals, so the Worker bundles none of the
// library's enums. Docs: https://discord.com/developers/docs/interactions/receiving-and-responding
// Layer 1 (discord/): imports only layer 0, never ideogram/.
import type {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  TextInputStyle,
} from "discord-api-types/v10";

/** What an interaction is (its `type`). */
export const INTERACTION = {
  PING: 1 satisfies InteractionType.Ping,
  COMMAND: 2 satisfies InteractionType.ApplicationCommand,
  COMPONENT: 3 satisfies InteractionType.MessageComponent,
  AUTOCOMPLETE: 4 satisfies InteractionType.ApplicationCommandAutocomplete,
  MODAL_SUBMIT: 5 satisfies InteractionType.ModalSubmit,
} as const;

/** How the bot answers one (the response's `type`). */
export const RESPONSE = {
  PONG: 1 satisfies InteractionResponseType.Pong,
  MESSAGE: 4 satisfies InteractionResponseType.ChannelMessageWithSource,
  /** "Thinking…" now; the answer comes later by editing @original. */
  DEFERRED_MESSAGE: 5 satisfies InteractionResponseType.DeferredChannelMessageWithSource,
  /** For a click: acknowledged, the message it sits on is edited later. */
  DEFERRED_UPDATE: 6 satisfies InteractionResponseType.DeferredMessageUpdate,
  /** For a click: the message it sits on, replaced now. */
  UPDATE_MESSAGE: 7 satisfies InteractionResponseType.UpdateMessage,
  AUTOCOMPLETE_RESULT: 8 satisfies InteractionResponseType.ApplicationCommandAutocompleteResult,
  /** Opens a form. */
  MODAL: 9 satisfies InteractionResponseType.Modal,
} as const;

/** A message's `flags` bits. */
export const FLAG = {
  /** Only the invoking user sees the message. */
  EPHEMERAL: 64 satisfies MessageFlags.Ephemeral,
  /** A deferred answer still "thinking…": nothing final has been posted to it. */
  LOADING: 128 satisfies MessageFlags.Loading,
} as const;

/** A command's `type`. */
export const COMMAND = {
  CHAT_INPUT: 1 satisfies ApplicationCommandType.ChatInput,
  MESSAGE: 3 satisfies ApplicationCommandType.Message,
} as const;

/** A command option's `type`. */
export const OPTION = {
  SUBCOMMAND: 1 satisfies ApplicationCommandOptionType.Subcommand,
  SUBCOMMAND_GROUP: 2 satisfies ApplicationCommandOptionType.SubcommandGroup,
  STRING: 3 satisfies ApplicationCommandOptionType.String,
  INTEGER: 4 satisfies ApplicationCommandOptionType.Integer,
  BOOLEAN: 5 satisfies ApplicationCommandOptionType.Boolean,
  ATTACHMENT: 11 satisfies ApplicationCommandOptionType.Attachment,
} as const;

/** Where a command can be installed (`integration_types`). */
export const INSTALL = {
  GUILD: 0 satisfies ApplicationIntegrationType.GuildInstall,
  USER: 1 satisfies ApplicationIntegrationType.UserInstall,
} as const;

/** Where a command can be used (`contexts`). */
export const CONTEXT = {
  GUILD: 0 satisfies InteractionContextType.Guild,
  BOT_DM: 1 satisfies InteractionContextType.BotDM,
  PRIVATE_CHANNEL: 2 satisfies InteractionContextType.PrivateChannel,
} as const;

/** A component's `type`. */
export const COMPONENT = {
  ACTION_ROW: 1 satisfies ComponentType.ActionRow,
  BUTTON: 2 satisfies ComponentType.Button,
  STRING_SELECT: 3 satisfies ComponentType.StringSelect,
  TEXT_INPUT: 4 satisfies ComponentType.TextInput,
  LABEL: 18 satisfies ComponentType.Label,
} as const;

/** A button's `style`. */
export const BUTTON_STYLE = {
  PRIMARY: 1 satisfies ButtonStyle.Primary,
  SECONDARY: 2 satisfies ButtonStyle.Secondary,
  /** Opens its URL and sends the bot no interaction. */
  LINK: 5 satisfies ButtonStyle.Link,
} as const;

/** A text input's `style`. */
export const TEXT_STYLE = {
  SHORT: 1 satisfies TextInputStyle.Short,
  PARAGRAPH: 2 satisfies TextInputStyle.Paragraph,
} as const;

/** Permission bits (bigint, as Discord's permission strings are parsed). */
export const PERMISSION = {
  /** Implies every permission. */
  ADMINISTRATOR: 1n << 3n,
  MANAGE_GUILD: 1n << 5n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  EMBED_LINKS: 1n << 14n,
  ATTACH_FILES: 1n << 15n,
  READ_MESSAGE_HISTORY: 1n << 16n,
  /** Not inherited from SEND_MESSAGES. */
  SEND_MESSAGES_IN_THREADS: 1n << 38n,
} as const;

/** A channel's `type`: the threads (where posting needs SEND_MESSAGES_IN_THREADS). */
export const THREAD_CHANNEL = {
  ANNOUNCEMENT: 10 satisfies ChannelType.AnnouncementThread,
  PUBLIC: 11 satisfies ChannelType.PublicThread,
  PRIVATE: 12 satisfies ChannelType.PrivateThread,
} as const;

// The numbers in src/discord/numbers.ts are Discord's, as discord-api-types has them at run time
// (the `satisfies` there checks the same at compile time; this catches a cast or a stale build).
import {
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
  PermissionFlagsBits,
  TextInputStyle,
} from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import {
  BUTTON_STYLE,
  COMMAND,
  COMPONENT,
  CONTEXT,
  FLAG,
  INSTALL,
  INTERACTION,
  OPTION,
  PERMISSION,
  RESPONSE,
  TEXT_STYLE,
  THREAD_CHANNEL,
} from "../../src/discord/numbers.ts";

describe("Discord's numbers", () => {
  it.each([
    [
      "INTERACTION",
      INTERACTION,
      {
        PING: InteractionType.Ping,
        COMMAND: InteractionType.ApplicationCommand,
        COMPONENT: InteractionType.MessageComponent,
        AUTOCOMPLETE: InteractionType.ApplicationCommandAutocomplete,
        MODAL_SUBMIT: InteractionType.ModalSubmit,
      },
    ],
    [
      "RESPONSE",
      RESPONSE,
      {
        PONG: InteractionResponseType.Pong,
        MESSAGE: InteractionResponseType.ChannelMessageWithSource,
        DEFERRED_MESSAGE: InteractionResponseType.DeferredChannelMessageWithSource,
        DEFERRED_UPDATE: InteractionResponseType.DeferredMessageUpdate,
        UPDATE_MESSAGE: InteractionResponseType.UpdateMessage,
        AUTOCOMPLETE_RESULT: InteractionResponseType.ApplicationCommandAutocompleteResult,
        MODAL: InteractionResponseType.Modal,
      },
    ],
    ["FLAG", FLAG, { EPHEMERAL: MessageFlags.Ephemeral, LOADING: MessageFlags.Loading }],
    [
      "COMMAND",
      COMMAND,
      { CHAT_INPUT: ApplicationCommandType.ChatInput, MESSAGE: ApplicationCommandType.Message },
    ],
    [
      "OPTION",
      OPTION,
      {
        SUBCOMMAND: ApplicationCommandOptionType.Subcommand,
        SUBCOMMAND_GROUP: ApplicationCommandOptionType.SubcommandGroup,
        STRING: ApplicationCommandOptionType.String,
        INTEGER: ApplicationCommandOptionType.Integer,
        BOOLEAN: ApplicationCommandOptionType.Boolean,
        ATTACHMENT: ApplicationCommandOptionType.Attachment,
      },
    ],
    [
      "INSTALL",
      INSTALL,
      {
        GUILD: ApplicationIntegrationType.GuildInstall,
        USER: ApplicationIntegrationType.UserInstall,
      },
    ],
    [
      "CONTEXT",
      CONTEXT,
      {
        GUILD: InteractionContextType.Guild,
        BOT_DM: InteractionContextType.BotDM,
        PRIVATE_CHANNEL: InteractionContextType.PrivateChannel,
      },
    ],
    [
      "COMPONENT",
      COMPONENT,
      {
        ACTION_ROW: ComponentType.ActionRow,
        BUTTON: ComponentType.Button,
        STRING_SELECT: ComponentType.StringSelect,
        TEXT_INPUT: ComponentType.TextInput,
        LABEL: ComponentType.Label,
      },
    ],
    [
      "BUTTON_STYLE",
      BUTTON_STYLE,
      {
        PRIMARY: ButtonStyle.Primary,
        SECONDARY: ButtonStyle.Secondary,
        LINK: ButtonStyle.Link,
      },
    ],
    ["TEXT_STYLE", TEXT_STYLE, { SHORT: TextInputStyle.Short, PARAGRAPH: TextInputStyle.Paragraph }],
    [
      "PERMISSION",
      PERMISSION,
      {
        ADMINISTRATOR: PermissionFlagsBits.Administrator,
        MANAGE_GUILD: PermissionFlagsBits.ManageGuild,
        VIEW_CHANNEL: PermissionFlagsBits.ViewChannel,
        SEND_MESSAGES: PermissionFlagsBits.SendMessages,
        EMBED_LINKS: PermissionFlagsBits.EmbedLinks,
        ATTACH_FILES: PermissionFlagsBits.AttachFiles,
        READ_MESSAGE_HISTORY: PermissionFlagsBits.ReadMessageHistory,
        SEND_MESSAGES_IN_THREADS: PermissionFlagsBits.SendMessagesInThreads,
      },
    ],
    [
      "THREAD_CHANNEL",
      THREAD_CHANNEL,
      {
        ANNOUNCEMENT: ChannelType.AnnouncementThread,
        PUBLIC: ChannelType.PublicThread,
        PRIVATE: ChannelType.PrivateThread,
      },
    ],
  ] as const)("%s is discord-api-types' own", (_name, ours, theirs) => {
    expect(ours).toEqual(theirs);
  });
});

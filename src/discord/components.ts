// Discord's numbers for message components and their styles, by name, each checked against
// discord-api-types at compile time (a wrong number is a type error), and the builders that use them.
// Docs: https://discord.com/developers/docs/components/reference
// Layer 1 (discord/): imports only layer 0, never ideogram/.
import type {
  APIActionRowComponent,
  APIButtonComponentWithCustomId,
  APIButtonComponentWithURL,
  APIComponentInMessageActionRow,
  APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  TextInputStyle,
} from "discord-api-types/v10";

export const ACTION_ROW = 1 satisfies ComponentType.ActionRow;
export const BUTTON = 2 satisfies ComponentType.Button;
export const STRING_SELECT = 3 satisfies ComponentType.StringSelect;
export const TEXT_INPUT = 4 satisfies ComponentType.TextInput;
export const LABEL = 18 satisfies ComponentType.Label;

export const PRIMARY = 1 satisfies ButtonStyle.Primary;
export const SECONDARY = 2 satisfies ButtonStyle.Secondary;
/** A link button opens its URL and sends the bot no interaction. */
export const LINK = 5 satisfies ButtonStyle.Link;

export const SHORT = 1 satisfies TextInputStyle.Short;
export const PARAGRAPH = 2 satisfies TextInputStyle.Paragraph;

/** The interaction response that opens a form. */
export const MODAL = 9 satisfies InteractionResponseType.Modal;

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

export const button = (
  label: string,
  customId: string,
  emoji?: string,
  style: typeof PRIMARY | typeof SECONDARY = SECONDARY,
): APIButtonComponentWithCustomId => ({
  type: BUTTON,
  style,
  label,
  custom_id: customId,
  ...(emoji ? { emoji: { name: emoji } } : {}),
});

/** A button that opens `url` (≤ 512 characters) in the browser. */
export const linkButton = (label: string, url: string, emoji?: string): APIButtonComponentWithURL => ({
  type: BUTTON,
  style: LINK,
  label,
  url,
  ...(emoji ? { emoji: { name: emoji } } : {}),
});

export const row = (components: APIComponentInMessageActionRow[]): Row => ({ type: ACTION_ROW, components });

export const select = (
  customId: string,
  placeholder: string,
  options: { label: string; value: string }[],
): APIStringSelectComponent => ({ type: STRING_SELECT, custom_id: customId, placeholder, options });

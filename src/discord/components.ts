// Builders for message components (rows, buttons, selects), by Discord's numbers in numbers.ts.
// Docs: https://discord.com/developers/docs/components/reference
// Layer 1 (discord/): imports only layer 0, never ideogram/.
import type {
  APIActionRowComponent,
  APIButtonComponentWithCustomId,
  APIButtonComponentWithURL,
  APIComponentInMessageActionRow,
  APIStringSelectComponent,
} from "discord-api-types/v10";
import { BUTTON_STYLE, COMPONENT } from "./numbers.ts";

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

export const button = (
  label: string,
  customId: string,
  emoji?: string,
  style: typeof BUTTON_STYLE.PRIMARY | typeof BUTTON_STYLE.SECONDARY = BUTTON_STYLE.SECONDARY,
): APIButtonComponentWithCustomId => ({
  type: COMPONENT.BUTTON,
  style,
  label,
  custom_id: customId,
  ...(emoji ? { emoji: { name: emoji } } : {}),
});

/** A button that opens `url` (≤ 512 characters) in the browser. */
export const linkButton = (label: string, url: string, emoji?: string): APIButtonComponentWithURL => ({
  type: COMPONENT.BUTTON,
  style: BUTTON_STYLE.LINK,
  label,
  url,
  ...(emoji ? { emoji: { name: emoji } } : {}),
});

export const row = (components: APIComponentInMessageActionRow[]): Row => ({
  type: COMPONENT.ACTION_ROW,
  components,
});

export const select = (
  customId: string,
  placeholder: string,
  options: { label: string; value: string }[],
): APIStringSelectComponent => ({ type: COMPONENT.STRING_SELECT, custom_id: customId, placeholder, options });

// Suggestions while a user types an /imagine option (interaction type 4 → response type 8).
// Docs: https://discord.com/developers/docs/interactions/application-commands#autocomplete
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandOptionChoice,
  APIInteractionResponse,
} from "discord-api-types/v10";
import { own } from "../discord/interactions.ts";
import { truncate } from "../discord/limits.ts";
import { MODEL_VALUES, type Model, PALETTE_PRESET_VALUES, PALETTE_PRESETS } from "../ideogram/enums.ts";
import { formatPalette, parsePalette } from "../ideogram/palette.ts";
import { describeResolution, suggestResolutions } from "../ideogram/resolution.ts";
import { modelSupports } from "../ideogram/rules.ts";

/** Discord shows at most 25 choices; names and values are at most 100 characters. */
export const MAX_CHOICES = 25;
const CHOICE_MAX = 100;

type Choice = APIApplicationCommandOptionChoice<string>;
type Suggest = (typed: string, model: Model | undefined) => Choice[];

const SUGGESTERS: Record<string, Suggest> = {
  resolution: (typed, model) =>
    // Resolution exists only for 2.0 models: offering sizes for another model would only lead to an error.
    modelSupports(model, "resolution")
      ? suggestResolutions(typed, MAX_CHOICES).map((r) => ({ name: describeResolution(r), value: r.value }))
      : [],
  palette: (typed, model) => (modelSupports(model, "color_palette") ? suggestPalettes(typed) : []),
};

export function handleAutocomplete(
  interaction: APIApplicationCommandAutocompleteInteraction,
): APIInteractionResponse {
  const options = interaction.data.options ?? [];
  const focused = options.find((o) => "focused" in o && o.focused);
  const model = options.find((o) => o.name === "model");
  const modelValue = model && "value" in model ? String(model.value) : undefined;
  const typed = focused && "value" in focused ? String(focused.value) : "";
  const suggest = focused ? own(SUGGESTERS, focused.name) : undefined;
  const known = MODEL_VALUES.find((m) => m === modelValue);
  return {
    type: 8,
    data: { choices: suggest ? suggest(typed, known).slice(0, MAX_CHOICES) : [] },
  };
}

/** Matching presets, and what the typed colours parse to (or why they don't). */
function suggestPalettes(typed: string): Choice[] {
  const query = typed.trim().toUpperCase();
  const presets = PALETTE_PRESET_VALUES.filter((p) => p.includes(query)).map((p) => ({
    name: `${PALETTE_PRESETS[p]} (preset)`,
    value: p,
  }));
  if (query === "" || presets.length > 0 || typed.length > CHOICE_MAX) return presets;
  const parsed = parsePalette(typed);
  const name = parsed.ok ? `Custom: ${formatPalette(parsed.palette)}` : `⚠️ palette ${parsed.problem}`;
  return [{ name: truncate(name, CHOICE_MAX), value: typed }];
}

// Suggestions while a user types an /imagine option (interaction type 4 → response type 8).
// Docs: https://discord.com/developers/docs/interactions/application-commands#autocomplete
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandOptionChoice,
  APIInteractionResponse,
} from "discord-api-types/v10";
import { truncate } from "../discord/bounds.ts";
import { RESPONSE } from "../discord/numbers.ts";
import { own } from "../discord/shapes.ts";
import {
  MODEL_VALUES,
  type Model,
  PALETTE_PRESET_VALUES,
  PALETTE_PRESETS,
  STYLE_PRESET_VALUES,
  stylePresetLabel,
} from "../ideogram/enums.ts";
import { type Field, fieldsFor } from "../ideogram/models.ts";
import { formatPalette, parsePalette } from "../ideogram/palette.ts";
import { describeResolution, suggestResolutions } from "../ideogram/resolution.ts";

/** Discord shows at most 25 choices; names and values are at most 100 characters. */
export const MAX_CHOICES = 25;
const CHOICE_MAX = 100;

type Choice = APIApplicationCommandOptionChoice<string>;
type Suggest = (typed: string, model: Model | undefined) => Choice[];

/** Whether the model takes the field on generate (offering values for one it doesn't only leads to an error). */
const takes = (model: Model | undefined, field: Field) => fieldsFor(model, "generate").includes(field);

const SUGGESTERS: Record<string, Suggest> = {
  resolution: (typed, model) =>
    takes(model, "resolution")
      ? suggestResolutions(typed, MAX_CHOICES, model).map((r) => ({
          name: describeResolution(r),
          value: r.value,
        }))
      : [],
  palette: (typed, model) => (takes(model, "color_palette") ? suggestPalettes(typed) : []),
  style_preset: (typed, model) => (takes(model, "style_preset") ? suggestPresets(typed) : []),
};

/**
 * Suggestions for the focused option, for the model chosen in the form, else `defaultModel` (the
 * deployment's DEFAULT_MODEL; the style presets are offered then too, since they pick 3.0).
 */
export function handleAutocomplete(
  interaction: APIApplicationCommandAutocompleteInteraction,
  defaultModel?: Model,
): APIInteractionResponse {
  // A subcommand's options (/settings defaults) sit inside it.
  const top = interaction.data.options ?? [];
  const [sub] = top;
  const options = sub && "options" in sub && Array.isArray(sub.options) ? sub.options : top;
  const focused = options.find((o) => "focused" in o && o.focused);
  const modelOption = options.find((o) => o.name === "model");
  const modelValue = modelOption && "value" in modelOption ? String(modelOption.value) : undefined;
  const typed = focused && "value" in focused ? String(focused.value) : "";
  const suggest = focused ? own(SUGGESTERS, focused.name) : undefined;
  const chosen = MODEL_VALUES.find((m) => m === modelValue);
  const model = chosen ?? (focused?.name === "style_preset" ? "V_3" : defaultModel);
  return {
    type: RESPONSE.AUTOCOMPLETE_RESULT,
    data: { choices: suggest ? suggest(typed, model).slice(0, MAX_CHOICES) : [] },
  };
}

/** 3.0's presets whose name or words contain what was typed ("deco" → Art Deco), in words. */
function suggestPresets(typed: string): Choice[] {
  const query = typed.trim().toLowerCase();
  return STYLE_PRESET_VALUES.map((value) => ({ name: stylePresetLabel(value), value })).filter(
    (c) => c.name.toLowerCase().includes(query) || c.value.toLowerCase().includes(query.replace(/\s+/g, "_")),
  );
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

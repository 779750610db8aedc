// `palette` as users type it ("ember", "#ff8800:0.6, #223344") ⇄ Ideogram's `color_palette`.
// Layer 1 (ideogram/): imports only layer 0, never discord/.
import {
  PALETTE_MAX_COLORS,
  PALETTE_PRESET_VALUES,
  PALETTE_PRESETS,
  PALETTE_WEIGHT_MAX,
  PALETTE_WEIGHT_MIN,
  type PalettePreset,
} from "./enums.ts";
import type { ColorPalette } from "./schema.ts";

export type PaletteParse = { ok: true; palette: ColorPalette } | { ok: false; problem: string };

const COLOR = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;
const PRESET_LIST = PALETTE_PRESET_VALUES.join(", ");

/** A preset name (any case), or 1–8 `#hex[:weight]` colours separated by commas or spaces. */
export function parsePalette(text: string): PaletteParse {
  const trimmed = text.trim();
  if (trimmed === "") return fail(`is empty: give a preset (${PRESET_LIST}) or colours like #ff8800:0.6`);
  const preset = findPreset(trimmed);
  if (preset) return { ok: true, palette: { name: preset } };
  const entries = trimmed
    .replace(/\s*:\s*/g, ":")
    .split(/[\s,;]+/)
    .filter(Boolean);
  if (entries.length > PALETTE_MAX_COLORS) {
    return fail(`takes at most ${PALETTE_MAX_COLORS} colours, not ${entries.length}`);
  }
  const members: { color_hex: string; color_weight?: number }[] = [];
  for (const [i, entry] of entries.entries()) {
    const [hex = "", weightText, ...extra] = entry.split(":");
    const color = COLOR.exec(hex);
    if (!color || extra.length > 0) {
      return fail(
        `has \`${entry}\`, which is neither a preset (${PRESET_LIST}) nor a colour like #ff8800 or #f80 (optionally with a weight, #ff8800:0.6)`,
      );
    }
    const member = { color_hex: `#${color[1]?.toLowerCase()}` };
    if (weightText === undefined) {
      members.push(member);
      continue;
    }
    const weight = parseWeight(weightText);
    if (weight === undefined || weight < PALETTE_WEIGHT_MIN || weight > PALETTE_WEIGHT_MAX) {
      return fail(
        `colour ${i + 1} (${member.color_hex}) has weight \`${weightText}\`; weights go from ${PALETTE_WEIGHT_MIN} to ${PALETTE_WEIGHT_MAX.toFixed(1)}`,
      );
    }
    members.push({ ...member, color_weight: weight });
  }
  return { ok: true, palette: { members } };
}

/** How a palette reads back to a user: "Ember", or "#ff8800 60%, #223344". */
export function formatPalette(palette: ColorPalette): string {
  if ("name" in palette) return PALETTE_PRESETS[palette.name];
  return palette.members
    .map((m) => (m.color_weight === undefined ? m.color_hex : `${m.color_hex} ${percent(m.color_weight)}`))
    .join(", ");
}

function findPreset(text: string): PalettePreset | undefined {
  const upper = text.trim().toUpperCase();
  return PALETTE_PRESET_VALUES.find((p) => p === upper);
}

/** "0.6", ".6" or "60%". */
function parseWeight(text: string): number | undefined {
  const match = /^(\d*\.?\d+)(%?)$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2] ? value / 100 : value;
}

const percent = (weight: number) => `${Math.round(weight * 100)}%`;

const fail = (problem: string): PaletteParse => ({ ok: false, problem });

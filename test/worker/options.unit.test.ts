import { describe, expect, it } from "vitest";
import { handleAutocomplete, MAX_CHOICES } from "../../src/commands/autocomplete.ts";
import { parseImagineOptions } from "../../src/commands/imagine.ts";
import { STYLE_PRESET_VALUES, stylePresetLabel } from "../../src/ideogram/enums.ts";
import { formatPalette, parsePalette } from "../../src/ideogram/palette.ts";
import {
  parseResolution,
  ratioLabel,
  resolutionsOf,
  sizeOfRatio,
  suggestResolutions,
} from "../../src/ideogram/resolution.ts";
import { findRuleViolations } from "../../src/ideogram/rules.ts";
import { requestSchemas } from "../../src/ideogram/schema.ts";
import { optionName } from "../../src/interactions/options.ts";

describe("parsePalette", () => {
  it.each([
    ["ember", { name: "EMBER" }],
    [" Ultramarine ", { name: "ULTRAMARINE" }],
    ["#ff8800", { members: [{ color_hex: "#ff8800" }] }],
    [
      "#FF8800:0.6, #223344",
      { members: [{ color_hex: "#ff8800", color_weight: 0.6 }, { color_hex: "#223344" }] },
    ],
    [
      "#f80 : .5 ; 223344:60%",
      {
        members: [
          { color_hex: "#f80", color_weight: 0.5 },
          { color_hex: "#223344", color_weight: 0.6 },
        ],
      },
    ],
    [
      "#abc:0.05 #def:1",
      {
        members: [
          { color_hex: "#abc", color_weight: 0.05 },
          { color_hex: "#def", color_weight: 1 },
        ],
      },
    ],
    [Array(8).fill("#123456").join(","), { members: Array(8).fill({ color_hex: "#123456" }) }],
  ])("accepts %j", (text, palette) => {
    const parsed = parsePalette(text);
    expect(parsed).toEqual({ ok: true, palette });
    // Whatever the parser accepts, Ideogram's schema accepts too.
    expect(requestSchemas().imageRequest.safeParse({ prompt: "x", color_palette: palette }).success).toBe(
      true,
    );
  });

  it.each([
    ["", "is empty"],
    ["   ", "is empty"],
    ["purple", "`purple`, which is neither a preset"],
    ["#12", "`#12`, which is neither a preset"],
    ["#1234567", "`#1234567`, which is neither"],
    ["#ff8800:0.6:1", "`#ff8800:0.6:1`, which is neither"],
    ["#ff8800:0.01", "colour 1 (#ff8800) has weight `0.01`; weights go from 0.05 to 1.0"],
    ["#000, #ff8800:1.5", "colour 2 (#ff8800) has weight `1.5`"],
    ["#ff8800:heavy", "has weight `heavy`"],
    [Array(9).fill("#123456").join(","), "takes at most 8 colours, not 9"],
  ])("rejects %j, saying why", (text, problem) => {
    const parsed = parsePalette(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.problem).toContain(problem);
  });

  it("reads back the way users write it", () => {
    expect(formatPalette({ name: "MELON" })).toBe("Melon");
    expect(
      formatPalette({ members: [{ color_hex: "#ff8800", color_weight: 0.6 }, { color_hex: "#223344" }] }),
    ).toBe("#ff8800 60%, #223344");
  });
});

describe("resolutions", () => {
  it.each([
    ["V_2", 78],
    ["V_2_TURBO", 78],
    ["V_3", 69],
    ["V_4", 38],
    ["V_2A", 0],
    ["V_1", 0],
  ] as const)("knows %s's %i sizes", (model, count) => {
    const sizes = resolutionsOf(model);
    expect(sizes).toHaveLength(count);
    expect(new Set(sizes.map((r) => r.value)).size).toBe(count);
  });

  it("sends 4.0 each aspect ratio as its 1K size", () => {
    expect(sizeOfRatio("ASPECT_16_9")?.value).toBe("RESOLUTION_1280_720");
    expect(sizeOfRatio("ASPECT_10_16")?.value).toBe("RESOLUTION_800_1280");
    expect(sizeOfRatio("ASPECT_1_1")?.value).toBe("RESOLUTION_1024_1024");
  });

  it("offers the nearest sizes a model has for a size or screen name it hasn't", () => {
    const full = suggestResolutions("1920x1080", 3, "V_2").map((r) => r.value);
    expect(full[0]).toBe("RESOLUTION_1280_720");
    for (const v of suggestResolutions("4k", 2, "V_4")) expect(ratioLabel(v.width, v.height)).toBe("16:9");
    expect(suggestResolutions("4k", 1, "V_4")[0]?.value).toBe("RESOLUTION_2560_1440");
    expect(suggestResolutions("1920 x 1080", 25, "V_3").length).toBeGreaterThan(0);
  });

  it.each([
    ["RESOLUTION_1024_1024", "RESOLUTION_1024_1024"],
    ["1280x720", "RESOLUTION_1280_720"],
    ["1280 × 720", "RESOLUTION_1280_720"],
    ["resolution_1536_640", "RESOLUTION_1536_640"],
    ["1000x1000", undefined],
    ["16:9", undefined],
  ])("parses %j", (text, value) => {
    expect(parseResolution(text)).toBe(value);
  });

  it("labels ratios exactly or approximately", () => {
    expect(ratioLabel(1280, 720)).toBe("16:9");
    expect(ratioLabel(1312, 736)).toBe("≈16:9");
    expect(ratioLabel(1024, 1024)).toBe("1:1");
  });

  it.each([
    ["1024", (w: number, h: number) => `${w}x${h}`.includes("1024")],
    ["16:9", (w: number, h: number) => Math.abs(w / h / (16 / 9) - 1) <= 0.03],
    ["portrait", (w: number, h: number) => w < h],
    ["square", (w: number, h: number) => w === h],
  ])("filters by %j", (query, matches) => {
    const found = suggestResolutions(query, MAX_CHOICES);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(MAX_CHOICES);
    for (const r of found) expect(matches(r.width, r.height), `${r.width}x${r.height}`).toBe(true);
  });

  it("puts prefix matches first and exact ratio matches first", () => {
    expect(suggestResolutions("1280x7", 25).map((r) => r.value)).toEqual([
      "RESOLUTION_1280_704",
      "RESOLUTION_1280_720",
      "RESOLUTION_1280_768",
    ]);
    expect(suggestResolutions("16:9", 25)[0]?.value).toBe("RESOLUTION_1280_720");
  });
});

const autocomplete = (focused: string, value: string, others: Record<string, string> = {}) =>
  handleAutocomplete({
    type: 4,
    data: {
      name: "imagine",
      options: [
        ...Object.entries(others).map(([name, v]) => ({ type: 3, name, value: v })),
        { type: 3, name: focused, value, focused: true },
      ],
    },
  } as never);

describe("autocomplete", () => {
  it("answers type 8 with at most 25 resolutions, named for people", () => {
    const answer = autocomplete("resolution", "");
    expect(answer.type).toBe(8);
    const choices =
      ("data" in answer && answer.data && "choices" in answer.data && answer.data.choices) || [];
    expect(choices).toHaveLength(25);
    expect(choices[0]).toEqual({ name: "1024×1024 (1:1)", value: "RESOLUTION_1024_1024" });
    for (const c of choices) expect(parseResolution(String(c.value))).toBe(c.value);
  });

  it("filters resolutions by what was typed", () => {
    expect(autocomplete("resolution", "1536")).toEqual({
      type: 8,
      data: {
        choices: [
          { name: "1536×512 (3:1)", value: "RESOLUTION_1536_512" },
          { name: "1536×576 (≈3:1)", value: "RESOLUTION_1536_576" },
          { name: "1536×640 (≈21:9)", value: "RESOLUTION_1536_640" },
          { name: "512×1536 (1:3)", value: "RESOLUTION_512_1536" },
          { name: "576×1536 (≈9:21)", value: "RESOLUTION_576_1536" },
          { name: "640×1536 (≈9:21)", value: "RESOLUTION_640_1536" },
        ],
      },
    });
  });

  it.each(["V_1", "V_2A", "V_2A_TURBO"])("offers no resolution or palette for %s", (model) => {
    expect(autocomplete("resolution", "1024", { model })).toEqual({ type: 8, data: { choices: [] } });
    expect(autocomplete("palette", "", { model })).toEqual({ type: 8, data: { choices: [] } });
  });

  it("offers presets, and reads back custom colours or says what is wrong", () => {
    const all = autocomplete("palette", "");
    expect("data" in all && all.data && "choices" in all.data ? all.data.choices : []).toHaveLength(8);
    expect(autocomplete("palette", "mel", { model: "V_2_TURBO" })).toEqual({
      type: 8,
      data: { choices: [{ name: "Melon (preset)", value: "MELON" }] },
    });
    expect(autocomplete("palette", "#ff8800:0.6, #223344")).toEqual({
      type: 8,
      data: { choices: [{ name: "Custom: #ff8800 60%, #223344", value: "#ff8800:0.6, #223344" }] },
    });
    const bad = autocomplete("palette", "#ff8800:3");
    expect(JSON.stringify(bad)).toContain("⚠️ palette colour 1 (#ff8800) has weight `3`");
  });

  it("answers an unknown option with no choices", () => {
    expect(autocomplete("prompt", "a cat")).toEqual({ type: 8, data: { choices: [] } });
  });
});

describe("style presets", () => {
  it("knows 3.0's 62 presets and names them in words", () => {
    expect(STYLE_PRESET_VALUES).toHaveLength(62);
    expect(stylePresetLabel("ART_DECO")).toBe("Art Deco");
    expect(stylePresetLabel("80S_ILLUSTRATION")).toBe("80s Illustration");
    expect(stylePresetLabel("CHILDRENS_BOOK")).toBe("Children's Book");
    expect(stylePresetLabel("GRAFFITI_II")).toBe("Graffiti II");
  });

  it.each(["Art Deco", "art-deco", "ART_DECO", " art deco "])("reads %j as ART_DECO", (text) => {
    const parsed = parseImagineOptions({ prompt: "x", model: "V_3", style_preset: text });
    expect(parsed.ok && parsed.work.request.style_preset).toBe("ART_DECO");
  });

  it("suggests presets in words, filtered by what was typed", () => {
    expect(autocomplete("style_preset", "deco")).toEqual({
      type: 8,
      data: { choices: [{ name: "Art Deco", value: "ART_DECO" }] },
    });
    expect(autocomplete("style_preset", "", { model: "V_2" })).toEqual({ type: 8, data: { choices: [] } });
  });
});

describe("model rules", () => {
  const problems = (options: Record<string, unknown>) => {
    const parsed = parseImagineOptions({ prompt: "x", ...options });
    if (!parsed.ok) return parsed.problems;
    const { work } = parsed;
    return findRuleViolations({ request: work.request, operation: work.kind }, optionName).map(
      (v) => v.message,
    );
  };

  it("takes resolution and palette on 2.0 models", () => {
    expect(problems({ resolution: "1280x720", palette: "ember" })).toEqual([]);
    expect(problems({ model: "V_2_TURBO", resolution: "RESOLUTION_1024_1024", palette: "#fff:0.5" })).toEqual(
      [],
    );
  });

  it.each([
    [
      { model: "V_2A", resolution: "1280x720" },
      "`resolution` can't be used with Ideogram 2a (`V_2A`). Pick `V_2`, `V_2_TURBO`, `V_3`, `V_4`, `V_4_5` as `model`",
    ],
    [{ model: "V_1", palette: "ember" }, "`palette` can't be used with Ideogram 1.0 (`V_1`)"],
    [{ model: "V_2A_TURBO", palette: "#fff" }, "`palette` can't be used with Ideogram 2a Turbo"],
    [
      { aspect_ratio: "ASPECT_16_9", resolution: "1280x720" },
      "`aspect_ratio` and `resolution` can't be used together",
    ],
    [{ resolution: "999x999" }, "`resolution` `999x999` is not one of Ideogram's resolutions"],
    [{ palette: "sunset" }, "`palette` has `sunset`, which is neither a preset"],
  ])("explains %j", (options, message) => {
    expect(problems(options).join("\n")).toContain(message);
  });
});

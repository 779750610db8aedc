import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/commands/definitions.ts";
import { parseImagineOptions } from "../../src/commands/imagine.ts";
import { COMMANDS_BY_NAME } from "../../src/commands/index.ts";
import { IMAGE_OPTIONS, OPTION_FIELDS } from "../../src/interactions/options.ts";
import { describeRefusal } from "../../src/interactions/schedule.ts";

describe("command definitions", () => {
  it("has a handler for every declared command and nothing else", () => {
    expect(Object.keys(COMMANDS_BY_NAME).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it("maps every declared /imagine option onto a request field or an image", () => {
    const declared = COMMANDS.find((c) => c.name === "imagine")?.options.map((o) => o.name) ?? [];
    expect([...declared].sort()).toEqual([...Object.keys(OPTION_FIELDS), ...IMAGE_OPTIONS].sort());
    expect(declared[0]).toBe("prompt");
  });

  it("keeps every description within Discord's 100 characters", () => {
    type Described = { description?: string; options?: Described[] };
    const all = (c: Described): string[] => [c.description ?? "", ...(c.options ?? []).flatMap(all)];
    const descriptions = (COMMANDS as Described[]).flatMap(all);
    for (const d of descriptions) expect(d.length, d).toBeLessThanOrEqual(100);
  });

  it("offers every choice value that the request schema accepts", () => {
    const imagine = COMMANDS.find((c) => c.name === "imagine");
    for (const option of imagine?.options ?? []) {
      if (!("choices" in option)) continue;
      for (const choice of option.choices ?? []) {
        const parsed = parseImagineOptions({ prompt: "x", [option.name]: choice.value });
        expect(parsed, `${option.name}=${choice.value}`).toMatchObject({ ok: true });
      }
    }
  });
});

describe("parseImagineOptions", () => {
  it("trims the prompt and drops a blank negative prompt", () => {
    expect(parseImagineOptions({ prompt: "  a cat  ", negative_prompt: "   " })).toEqual({
      ok: true,
      work: { kind: "generate", request: { prompt: "a cat" } },
    });
  });

  it("says a prompt Discord dropped (spaces only) is empty", () => {
    expect(parseImagineOptions({ count: 2 })).toEqual({
      ok: false,
      problems: ["`prompt` is empty: describe what to draw"],
    });
  });

  it("reports every problem at once, by option name", () => {
    const parsed = parseImagineOptions({ prompt: "x", style: "OIL", count: 0, seed: "7" });
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems).toEqual(["`seed` must be a number"]);
    const values = parseImagineOptions({ prompt: "x", style: "OIL", count: 0 });
    expect(values.ok ? [] : values.problems).toEqual([
      "`style` must be one of AUTO, GENERAL, REALISTIC, DESIGN, RENDER_3D, ANIME, FICTION",
      "`count` must be a whole number from 1 to 8",
    ]);
  });
});

describe("describeRefusal", () => {
  const resetsAt = Date.UTC(2026, 10, 25);
  const reset = `It resets at 00:00 UTC (<t:${resetsAt / 1000}:R>).`;

  it.each([
    [
      "a request larger than what is left",
      { scope: "user", used: 45, limit: 50, needed: 8 },
      `You don't have enough left today: 5 of 50 images left, this request needs 8. ${reset}`,
    ],
    [
      "a limit lowered below what was already used (never a negative count)",
      { scope: "guild", used: 78, limit: 50, needed: 1 },
      `This server doesn't have enough left today: 0 of 50 images left, this request needs 1. ${reset}`,
    ],
    [
      "the dollar budget",
      { scope: "budget", used: 160_000, limit: 200_000, needed: 80_000 },
      `The bot's daily spending cap doesn't have enough left today: $0.04 of $0.20 left, this request would cost $0.08. ${reset}`,
    ],
  ] as const)("words %s", (_, refusal, words) => {
    expect(describeRefusal({ ...refusal, resetsAt })).toBe(words);
  });
});

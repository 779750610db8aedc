import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/commands/definitions.ts";
import { OPTION_FIELDS, parseImagineOptions } from "../../src/commands/imagine.ts";
import { COMMAND_HANDLERS } from "../../src/commands/index.ts";

describe("command definitions", () => {
  it("has a handler for every declared command and nothing else", () => {
    expect(Object.keys(COMMAND_HANDLERS).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it("maps every declared /imagine option onto an image_request field", () => {
    const declared = COMMANDS.find((c) => c.name === "imagine")?.options.map((o) => o.name);
    expect(declared).toEqual(Object.keys(OPTION_FIELDS));
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
      request: { prompt: "a cat" },
    });
  });

  it("reports every problem at once, by option name", () => {
    const parsed = parseImagineOptions({ prompt: "x", style: "OIL", count: 0, seed: "7" });
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems).toEqual(["`seed` must be a number"]);
    const values = parseImagineOptions({ prompt: "x", style: "OIL", count: 0 });
    expect(values.ok ? [] : values.problems).toEqual([
      "`style` must be one of AUTO, GENERAL, REALISTIC, DESIGN, RENDER_3D, ANIME",
      "`count` must be a whole number from 1 to 8",
    ]);
  });
});

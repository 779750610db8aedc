import { describe, expect, it } from "vitest";
import { findBlockedWord } from "../../src/limits/blocked-words.ts";

describe("findBlockedWord", () => {
  const blocked = ["dragon", "red panda"];

  it.each([
    ["a zero-width space", "a d\u200bragon"],
    ["a zero-width joiner and a word joiner", "a dr\u200dag\u2060on"],
    ["a Cyrillic а", "a drаgon"],
    ["Cyrillic о and Greek ο", "a drаgοn"],
    ["capital Cyrillic letters", "A DRАGОN"],
    ["full-width letters", "a ｄｒａｇｏｎ"],
    ["accents", "a drágön"],
    ["a hyphen between every letter", "a d-r-a-g-o-n"],
    ["a space between every letter", "a d r a g o n"],
    ["dots between letters", "a d.r.a.g.o.n!"],
    ["a phrase with odd spacing and a Cyrillic а", "a red   pаnda"],
    ["a phrase split across a line", "a red\npanda"],
  ])("finds a word disguised with %s", (_, prompt) => {
    expect(findBlockedWord(prompt, blocked)).toBeDefined();
  });

  it.each([
    ["a longer word", "a dragonfly"],
    ["a word inside another", "snapdragon"],
    ["letters split by two separators", "d--r--a--g--o--n"],
    ["a phrase's words apart", "a red fox and a panda"],
  ])("lets %s through", (_, prompt) => {
    expect(findBlockedWord(prompt, blocked)).toBeUndefined();
  });
});

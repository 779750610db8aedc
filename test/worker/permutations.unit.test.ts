// Midjourney's permutation prompts (src/commands/permutations.ts), with the reference's own examples
// (../shared/reference/midjourney-syntax.md §5).
import { describe, expect, it } from "vitest";
import { expandPermutations } from "../../src/commands/permutations.ts";

const prompts = (prompt: string, max = 40) => {
  const result = expandPermutations(prompt, max);
  if (!result.ok) throw new Error(result.problem);
  return result.prompts;
};
const problem = (prompt: string, max = 40) => {
  const result = expandPermutations(prompt, max);
  return result.ok ? undefined : result.problem;
};

describe("permutations", () => {
  it.each([
    ["a lighthouse at dusk --ar 16:9", ["a lighthouse at dusk --ar 16:9"]],
    ["a {red, green, yellow} bird", ["a red bird", "a green bird", "a yellow bird"]],
    [
      "a {red, green} bird in the {jungle, desert}",
      [
        "a red bird in the jungle",
        "a red bird in the desert",
        "a green bird in the jungle",
        "a green bird in the desert",
      ],
    ],
    [
      "a {red, blue} car --ar {1:1, 16:9}",
      ["a red car --ar 1:1", "a red car --ar 16:9", "a blue car --ar 1:1", "a blue car --ar 16:9"],
    ],
    ["a fox --{v 3, raw}", ["a fox --v 3", "a fox --raw"]],
    ["{red, pastel \\, yellow} bird", ["red bird", "pastel , yellow bird"]],
    ["a {single} choice", ["a single choice"]],
    ["a {red,} car", ["a red car", "a car"]],
    ["a fox, at dusk", ["a fox, at dusk"]],
    ["a fox\\, at dusk", ["a fox, at dusk"]],
  ])("%s", (prompt, expected) => {
    expect(prompts(prompt)).toEqual(expected);
  });

  it("nests: the reference's 8 from one prompt", () => {
    const all = prompts(
      "A {sculpture, painting} of a {seagull {on a pier, on a beach}, poodle {on a sofa, in a truck}}",
    );
    expect(all).toHaveLength(8);
    expect(all[0]).toBe("A sculpture of a seagull on a pier");
    expect(all[3]).toBe("A sculpture of a poodle in a truck");
    expect(all[7]).toBe("A painting of a poodle in a truck");
  });

  it("counts before expanding: a prompt of a million is refused, not made", () => {
    const huge = "{a, b} ".repeat(20);
    expect(problem(huge, 10)).toBe(
      "The prompt's `{…}` choices make 1,048,576 prompts; at most 10 jobs per command",
    );
    expect(problem("{a, b, c} {d, e, f, g}", 10)).toContain("make 12 prompts");
    expect(prompts("{a, b, c} {d, e, f}", 9)).toHaveLength(9);
  });

  it.each([
    ["a {red, blue car", "The prompt has a `{` with no `}` after it: choices go like `{red, blue}`"],
    ["a red} car", "The prompt has a `}` with no `{` before it"],
  ])("refuses unbalanced braces: %s", (prompt, message) => {
    expect(problem(prompt)).toBe(message);
  });
});

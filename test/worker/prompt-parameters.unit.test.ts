// Midjourney's prompt language (src/interactions/prompt-parameters.ts), row by row of the reference's
// parameter list (../shared/reference/midjourney-syntax.md §2): mapped, ignored, or refused.
import { describe, expect, it } from "vitest";
import {
  imageWeightOf,
  nearestRatios,
  parsePromptParameters,
} from "../../src/interactions/prompt-parameters.ts";

const parsed = (prompt: string, model?: Parameters<typeof parsePromptParameters>[1]) => {
  const result = parsePromptParameters(prompt, model);
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.prompt;
};
const problems = (prompt: string) => {
  const result = parsePromptParameters(prompt);
  return result.ok ? [] : result.problems;
};

describe("the prompt's text", () => {
  it("is everything before the first parameter, with none left in it", () => {
    const p = parsed("a lighthouse at dusk --ar 16:9 --no people --seed 42 --v 3");
    expect(p.text).toBe("a lighthouse at dusk");
    expect(p.fields).toEqual({
      aspect_ratio: "ASPECT_16_9",
      negative_prompt: "people",
      seed: 42,
      model: "V_3",
    });
    expect(p.applied.map((a) => a.notation)).toEqual(["--ar 16:9", "--no people", "--seed 42", "--v 3"]);
  });

  it("is the whole prompt when it has no parameters, dashes inside words included", () => {
    expect(parsed("a well-lit room -- with a view")).toMatchObject({
      text: "a well-lit room -- with a view",
      fields: {},
    });
    expect(parsed("state-of-the-art--design")).toMatchObject({
      text: "state-of-the-art--design",
      fields: {},
    });
  });

  it.each([["—"], ["–"]])("takes %s (a phone's dash) as --", (dash) => {
    expect(parsed(`a fox ${dash}ar 3:2 ${dash}raw`).fields).toEqual({
      aspect_ratio: "ASPECT_3_2",
      magic_prompt_option: "OFF",
    });
  });

  it("reads names whatever their case", () => {
    expect(parsed("a fox --AR 1:1 --Seed 7").fields).toEqual({ aspect_ratio: "ASPECT_1_1", seed: 7 });
  });

  it("notes `::`, which it sends as text", () => {
    const p = parsed("space:: ship --ar 1:1");
    expect(p.text).toBe("space:: ship");
    expect(p.notes[0]).toContain("`::` was sent as text");
  });
});

describe("--repeat", () => {
  it.each([["--repeat 3"], ["--r 3"], ["--R 3"]])("%s asks for 3 jobs of the prompt", (typed) => {
    const p = parsed(`a fox ${typed} --ar 1:1`);
    expect(p).toMatchObject({ text: "a fox", repeat: 3, fields: { aspect_ratio: "ASPECT_1_1" } });
  });

  it("is one job when absent", () => {
    expect(parsed("a fox --ar 1:1").repeat).toBeUndefined();
  });
});

describe("mapped parameters", () => {
  it.each([
    ["--ar 16:9", { aspect_ratio: "ASPECT_16_9" }],
    ["--aspect 1920:1080", { aspect_ratio: "ASPECT_16_9" }],
    ["--ar 8:5", { aspect_ratio: "ASPECT_16_10" }],
    ["--no people, cars --no rain", { negative_prompt: "people, cars, rain" }],
    ["--seed 0", { seed: 0 }],
    ["--seed 2147483647", { seed: 2147483647 }],
    ["--v 1", { model: "V_1" }],
    ["--version 2", { model: "V_2" }],
    ["--v 2a", { model: "V_2A" }],
    ["--v 4", { model: "V_4" }],
    ["--v 4.5", { model: "V_4_5" }],
    ["--raw", { magic_prompt_option: "OFF" }],
    ["--style raw", { magic_prompt_option: "OFF" }],
    ["--turbo", { rendering_speed: "TURBO" }],
    ["--fast", { rendering_speed: "DEFAULT" }],
    ["--hd", { rendering_speed: "QUALITY" }],
    ["--q 2", { rendering_speed: "QUALITY" }],
    ["--quality .5", { rendering_speed: "TURBO" }],
    // The fastest each model has: 3.0's v2 endpoints have no Flash, so Turbo.
    ["--draft --v 3", { rendering_speed: "TURBO", model: "V_3" }],
    ["--draft --v 4", { rendering_speed: "TURBO", model: "V_4" }],
    // 4.5's Low: its Very low takes source images only.
    ["--draft --v 4.5", { rendering_speed: "TURBO", model: "V_4_5" }],
    ["--draft", { rendering_speed: "TURBO" }],
    ["--sref aaff5733 0011AABB", { style_codes: ["AAFF5733", "0011AABB"] }],
    // Ours: a transparent background (3.0's and 4.0's transparent models).
    ["--transparent --v 3", { transparent: true, model: "V_3" }],
  ])("%s sets %j", (parameters, fields) => {
    expect(parsed(`a fox ${parameters}`).fields).toEqual(fields);
  });

  it("maps --draft onto the fastest speed of a model named by option", () => {
    expect(parsed("a fox --draft", "V_3").fields).toEqual({ rendering_speed: "TURBO" });
  });

  it("maps --iw 0–3 onto image_weight 1–100, linear on each side of 1", () => {
    expect([0, 0.5, 1, 2, 3].map(imageWeightOf)).toEqual([1, 26, 50, 75, 100]);
    expect(parsed("a fox --iw 2").imageWeight).toBe(75);
  });

  it("names the two nearest ratios for one Ideogram has not", () => {
    expect(nearestRatios(7 / 4)).toEqual(["16:9", "16:10"]);
    expect(problems("a fox --ar 7:4")).toEqual(["`--ar` 7:4 is not a ratio Ideogram has; try 16:9 or 16:10"]);
  });
});

describe("image links", () => {
  it("takes the links at the front as the image prompt, and --sref/--cref links as references", () => {
    const p = parsed(
      "https://a.example/cat.png <https://a.example/dog.png> a fox --sref https://a.example/s.webp AAFF5733 --cref https://a.example/me.jpg",
    );
    expect(p.text).toBe("a fox");
    expect(p.links).toEqual({
      image: ["https://a.example/cat.png", "https://a.example/dog.png"],
      style: ["https://a.example/s.webp"],
      character: ["https://a.example/me.jpg"],
    });
    expect(p.fields).toEqual({ style_codes: ["AAFF5733"] });
  });

  it("takes --oref as the character, and a link inside the text as text", () => {
    const p = parsed("a fox like https://a.example/x.png --oref https://a.example/o.png");
    expect(p).toMatchObject({
      text: "a fox like https://a.example/x.png",
      links: { image: [], character: ["https://a.example/o.png"] },
    });
  });
});

describe("parameters with no Ideogram meaning", () => {
  it("are left out and listed as typed", () => {
    const p = parsed("a fox --s 250 --c 20 --ar 1:1 --tile --niji 6 --stylize 100 --weird 5 --p --sw 50");
    expect(p.fields).toEqual({ aspect_ratio: "ASPECT_1_1" });
    expect(p.ignored).toEqual([
      "--s 250",
      "--c 20",
      "--tile",
      "--niji 6",
      "--stylize 100",
      "--weird 5",
      "--p",
      "--sw 50",
    ]);
  });

  it.each([
    "chaos 5",
    "exp 10",
    "profile abc",
    "sv 4",
    "cw 50",
    "ow 100",
    "stop 50",
    "relax",
    "stealth",
    "public",
    "video",
    "edit x",
    "sd",
  ])("--%s is ignored", (parameter) => {
    expect(parsed(`a fox --${parameter}`).ignored).toEqual([`--${parameter}`]);
  });
});

describe("refusals", () => {
  it.each([
    ["a fox --arr 16:9", "Unrecognized parameter: `--arr`. Did you mean `--ar`?"],
    ["a fox --zzz", "Unrecognized parameter: `--zzz`."],
    ["a fox --ar 16-9", "`--ar` takes a ratio of whole numbers, like `--ar 16:9`"],
    ["a fox --ar 16:9 poppies", "`--ar` takes a ratio of whole numbers, like `--ar 16:9`"],
    ["a fox --seed abc", "`--seed` takes a whole number from 0 to 2147483647"],
    ["a fox --seed 2147483648", "`--seed` takes a whole number from 0 to 2147483647"],
    ["a fox --iw 7", "`--iw` takes a number from 0 to 3, like `--iw 1.5`"],
    ["a fox --v 6", "`--v` takes one of 1, 2, 2a, 3, 4, 4.5 (Ideogram's models)"],
    ["a fox --q 3", "`--q` takes .25, .5, 1, 2 or 4"],
    ["a fox --style cute", "`--style` takes only `raw` here (`--style raw`: Magic Prompt off)"],
    [
      "a fox --raw please",
      "`--raw` takes no value, but has `please` after it (text goes before the parameters)",
    ],
    ["a fox --seed", "`--seed` needs a value after it"],
    ["a fox --sref 1234567", expect.stringContaining("8 hexadecimal digits")],
    ["a fox --repeat 0", "`--repeat` takes a whole number of jobs from 1 to 40"],
    ["a fox --r 41", "`--r` takes a whole number of jobs from 1 to 40"],
    ["a fox --r two", "`--r` takes a whole number of jobs from 1 to 40"],
    [
      "a fox --cref https://a.example/1.png https://a.example/2.png",
      expect.stringContaining("one image link"),
    ],
    ["a fox --oref", "`--oref` needs a value after it"],
    // A prompt's choices are expanded before it is read (permutations.ts); a preference has none.
    ["a {red, blue} fox", "Permutations (`{a, b}`) work in a prompt, not in a preference"],
  ])("%s → %s", (prompt, message) => {
    expect(problems(prompt)).toEqual([message]);
  });

  it("names every problem at once", () => {
    expect(problems("a fox --arr 1:1 --seed x")).toHaveLength(2);
  });
});

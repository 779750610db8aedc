import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  type ActionName,
  CUSTOM_ID_MAX,
  componentId,
  readComponentId,
} from "../../src/jobs/component-ids.ts";

const JOB = "1400000000000000077";

describe("component ids", () => {
  it.each([
    ["cancel", undefined],
    ["reroll", undefined],
    ["edit", undefined],
    ["upscale", 3],
    ["vary", 0],
    ["use", 2],
    ["pick", 7],
    ["subtle", 0],
    ["strong", 1],
    ["cutout", 0],
    ["background", 3],
    ["words", 2],
  ] as [ActionName, number | undefined][])("reads back what it builds for %s", (action, index) => {
    const id = componentId(action, JOB, index);
    expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
    expect(readComponentId(id)).toEqual(
      index === undefined ? { action, jobId: JOB } : { action, jobId: JOB, index },
    );
  });

  it("covers every action in the table", () => {
    expect(Object.keys(ACTIONS).sort()).toEqual([
      "background",
      "cancel",
      "confirm",
      "cutout",
      "decline",
      "describe",
      "edit",
      "pick",
      "reframe",
      "region",
      "reroll",
      "strong",
      "subtle",
      "upscale",
      "use",
      "vary",
      "words",
    ]);
  });

  it("reads the ids of one of several jobs a click started (<id>-<n>)", () => {
    expect(readComponentId(componentId("vary", `${JOB}-10`, 3))).toEqual({
      action: "vary",
      jobId: `${JOB}-10`,
      index: 3,
    });
    expect(readComponentId(componentId("confirm", JOB))).toEqual({ action: "confirm", jobId: JOB });
  });

  it("takes the image of a menu's id from the chosen value", () => {
    expect(readComponentId(componentId("upscale", JOB), ["2"])).toEqual({
      action: "upscale",
      jobId: JOB,
      index: 2,
    });
    expect(readComponentId(componentId("upscale", JOB, 1), ["2"])).toEqual({
      action: "upscale",
      jobId: JOB,
      index: 1,
    });
  });

  it.each([
    ["an unknown prefix", `explode:${JOB}`],
    ["a prototype key as prefix", `constructor:${JOB}`],
    ["an upper-case prefix", `REROLL:${JOB}`],
    ["a job id that is not a number", "reroll:../../etc"],
    ["a job id longer than a snowflake", `reroll:${"1".repeat(21)}`],
    ["an image on an action that takes none", `reroll:${JOB}:1`],
    ["no image on an action that needs one", `use:${JOB}`],
    ["no image on a single-image tool", `subtle:${JOB}`],
    ["no image on a menu with no choice", `vary:${JOB}`],
    ["a two-digit image", `vary:${JOB}:12`],
    ["a job number of three digits", `reroll:${JOB}-100`],
    ["a job number without its id", "reroll:-1"],
    ["an empty job number", `reroll:${JOB}-`],
    ["an extra part", `upscale:${JOB}:1:2`],
    ["a trailing newline", `reroll:${JOB}\n`],
    ["an empty id", ""],
    ["an id over Discord's 100 characters", `reroll:${JOB}`.padEnd(CUSTOM_ID_MAX + 1, " ")],
  ])("refuses %s", (_, id) => {
    expect(readComponentId(id)).toBeUndefined();
  });

  it("reads Reframe's chosen shape from its menu, and only a shape it offers", () => {
    const id = componentId("reframe", JOB, 2);
    expect(readComponentId(id, ["16:9"])).toEqual({
      action: "reframe",
      jobId: JOB,
      index: 2,
      variant: "16:9",
    });
    expect(readComponentId(id, ["5:4"])).toBeUndefined();
    expect(readComponentId(id)).toBeUndefined();
    expect(readComponentId(id, ["constructor"])).toBeUndefined();
  });

  it.each([
    ["a word", ["all"]],
    ["a negative number", ["-1"]],
    ["two digits", ["10"]],
  ])("refuses a menu value that is %s", (_, values) => {
    expect(readComponentId(componentId("vary", JOB), values)).toBeUndefined();
  });
});

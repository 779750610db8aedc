// /prefer through signed /interactions: custom options and a suffix, kept per user by the scheduler,
// and what they make of an /imagine — with the precedence the docs give: an option, then what was
// typed, then the suffix, then the server's defaults.
import { describe, expect, it } from "vitest";
import { schedulerStub } from "../../src/bindings.ts";
import type { createHarness } from "../support/harness.ts";
import { harnessWithFakes, IDEOGRAM, readCall } from "../support/ideogram.ts";
import { click, command, imagine, nextInteractionId } from "../support/interactions.ts";

type Harness = Awaited<ReturnType<typeof createHarness>>;
type Answer = { type: number; data?: { content?: string; flags?: number } };

/** `/prefer <path>` with `values`, as Discord nests a subcommand (and its group). */
async function prefer(h: Harness, path: string, values: Record<string, string> = {}, userId?: string) {
  const [first = "", second] = path.split(" ");
  const leaf = (name: string) => ({
    name,
    type: 1,
    options: Object.entries(values).map(([name, value]) => ({ name, type: 3, value })),
  });
  const options = second ? [{ name: first, type: 2, options: [leaf(second)] }] : [leaf(first)];
  const base = command("prefer", {}, { token: `prefer-${nextInteractionId()}` });
  const interaction = {
    ...base,
    data: { ...base.data, options },
    ...(userId ? { member: { ...base.member, user: { ...base.member.user, id: userId } } } : {}),
  };
  const answer = await (await h.interact(interaction)).json<Answer>();
  expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
  return answer.data?.content ?? "";
}

async function generated(h: Harness, options: Record<string, string>) {
  const answer = await (
    await h.interact(imagine(options, { token: `i-${nextInteractionId()}` }))
  ).json<Answer>();
  await h.drain();
  const call = h.network.callsTo("POST", `${IDEOGRAM}/generate`).at(-1);
  return { answer, fields: call && (await readCall(call.request)).fields };
}

describe("/prefer", () => {
  it("sets a custom option that a prompt's --name expands to, lists it, and deletes it", async () => {
    const h = await harnessWithFakes();
    expect(await prefer(h, "option set", { name: "wide", value: "--ar 16:9 --raw" })).toBe(
      "`--wide` now stands for `--ar 16:9 --raw`.",
    );
    const { fields } = await generated(h, { prompt: "a fox --wide --seed 3" });
    expect(fields).toEqual({
      prompt: "a fox",
      aspect_ratio: "ASPECT_16_9",
      magic_prompt_option: "OFF",
      seed: 3,
    });
    expect(await prefer(h, "option list")).toContain("`--wide` = `--ar 16:9 --raw`");
    expect(await prefer(h, "option set", { name: "wide" })).toBe("`--wide` is deleted.");
    const after = await generated(h, { prompt: "a fox --wide" });
    expect(after.answer.data?.content).toContain("Unrecognized parameter: `--wide`");
  });

  it("keeps each user's preferences their own", async () => {
    const h = await harnessWithFakes();
    await prefer(h, "option set", { name: "mine", value: "--ar 3:2" }, "1000000000000000077");
    const { answer } = await generated(h, { prompt: "a fox --mine" });
    expect(answer.data?.content).toContain("Unrecognized parameter: `--mine`");
  });

  it("refuses a name that shadows a parameter, and a value that is not parameters", async () => {
    const h = await harnessWithFakes();
    expect(await prefer(h, "option set", { name: "ar", value: "--ar 1:1" })).toContain(
      "is one of Midjourney's parameters",
    );
    expect(await prefer(h, "option set", { name: "x", value: "a red fox" })).toContain(
      "must be parameters only",
    );
    expect(await prefer(h, "option set", { name: "x", value: "--arr 1:1" })).toContain(
      "Unrecognized parameter",
    );
    expect(await prefer(h, "suffix", { value: "--seed abc" })).toContain("`--seed` takes a whole number");
  });

  it("adds the suffix to every prompt, after what is typed and an option, which both win", async () => {
    const h = await harnessWithFakes();
    expect(await prefer(h, "suffix", { value: "--ar 1:1 --no text --s 100" })).toContain("now ends with");
    const plain = await generated(h, { prompt: "a fox" });
    expect(plain.fields).toEqual({ prompt: "a fox", aspect_ratio: "ASPECT_1_1", negative_prompt: "text" });
    const typed = await generated(h, { prompt: "a fox --ar 3:2" });
    expect(typed.fields).toEqual({ prompt: "a fox", aspect_ratio: "ASPECT_3_2", negative_prompt: "text" });
    const option = await generated(h, { prompt: "a fox", aspect_ratio: "ASPECT_16_9" });
    expect(option.fields).toMatchObject({ aspect_ratio: "ASPECT_16_9" });
    expect(await prefer(h, "suffix")).toBe("Your prompts get no suffix now.");
    expect((await generated(h, { prompt: "a fox" })).fields).toEqual({ prompt: "a fox" });
  });

  it("reads a prompt again when the scheduler has newer preferences than this Worker knew", async () => {
    const h = await harnessWithFakes();
    // Saved through the scheduler alone, as another isolate of the Worker would have.
    const scheduler = schedulerStub(h.env);
    const ada = "1000000000000000007";
    await scheduler.savePreferences(ada, {
      options: { tall: "--ar 2:3" },
      suffix: "--no text",
      remix: false,
    });
    const { fields } = await generated(h, { prompt: "a fox --tall" });
    expect(fields).toEqual({ prompt: "a fox", aspect_ratio: "ASPECT_2_3", negative_prompt: "text" });
    await scheduler.savePreferences(ada, { options: {}, suffix: "--ar 1:1", remix: false });
    const again = await generated(h, { prompt: "a fox" });
    expect(again.fields).toEqual({ prompt: "a fox", aspect_ratio: "ASPECT_1_1" });
    await scheduler.savePreferences(ada, { options: {}, remix: false });
  });

  it("lets a result's buttons work after its user's preferences changed", async () => {
    const h = await harnessWithFakes();
    const ada = "1000000000000000007";
    const grid = imagine({ prompt: "a fox --ar 3:2" }, { token: `grid-${nextInteractionId()}` });
    await h.interact(grid);
    await h.drain();
    await schedulerStub(h.env).savePreferences(ada, { options: {}, suffix: "--no text", remix: false });
    const answer = await (await h.interact(click(`reroll:${grid.id}`))).json<Answer>();
    await h.drain();
    expect(answer.type).toBe(5);
    const call = h.network.callsTo("POST", `${IDEOGRAM}/generate`).at(-1);
    expect(call && (await readCall(call.request)).fields).toEqual({
      prompt: "a fox",
      aspect_ratio: "ASPECT_3_2",
    });
    await schedulerStub(h.env).savePreferences(ada, { options: {}, remix: false });
  });
});

// Midjourney's prompt language through signed /interactions → scheduler → the fake Ideogram strict to
// the reference → fake Discord: the exact fields each mapped parameter produces on a legacy model and
// on 3.0, the prompt Ideogram receives, what the result says ran, and refusals that call no one.
import { describe, expect, it } from "vitest";
import { createHarness, type EditPayload, readEdit } from "../support/harness.ts";
import { acceptAllEdits, fakeIdeogramEndpoints, IDEOGRAM, readCall } from "../support/ideogram.ts";
import { click, imagine, originalMessageOf } from "../support/interactions.ts";

type Harness = Awaited<ReturnType<typeof createHarness>>;
type Answer = { type: number; data?: { content?: string; flags?: number } };

async function setUp() {
  const h = await createHarness();
  fakeIdeogramEndpoints(h.network);
  acceptAllEdits(h.network);
  return h;
}

async function send(h: Harness, interaction: { token: string }) {
  const answer = await (await h.interact(interaction)).json<Answer>();
  await h.drain();
  const last = h.network.callsTo("PATCH", originalMessageOf(interaction)).at(-1);
  return { answer, final: last ? await readEdit(last.request) : undefined };
}

const ideogramCalls = (h: Harness) => h.network.calls.filter((c) => c.url.startsWith(IDEOGRAM));
const lastCall = async (h: Harness, path: string) => {
  const call = h.network.callsTo("POST", `${IDEOGRAM}${path}`).at(-1);
  return call && (await readCall(call.request)).fields;
};
const fieldOf = (payload: EditPayload | undefined, name: string) =>
  payload?.embeds?.[0]?.fields?.find((f) => f.name === name)?.value;

describe("Midjourney's parameters in /imagine", () => {
  it("sends a legacy model the fields they mean, and the prompt without them", async () => {
    const h = await setUp();
    const prompt = "a lighthouse at dusk --ar 16:9 --no people --seed 42 --v 2 --raw --s 250 --c 20";
    const { answer, final } = await send(h, imagine({ prompt }));
    expect(answer.type).toBe(5);
    expect(await lastCall(h, "/generate")).toEqual({
      prompt: "a lighthouse at dusk",
      aspect_ratio: "ASPECT_16_9",
      negative_prompt: "people",
      seed: 42,
      model: "V_2",
      magic_prompt_option: "OFF",
    });
    expect(fieldOf(final?.payload, "Parameters")).toBe(
      "--ar 16:9 --v 2 --raw --seed 42 --no people\nignored: --s 250, --c 20 (no Ideogram equivalent)",
    );
  });

  it("sends 3.0 its own spelling: ratio, speed, style codes", async () => {
    const h = await setUp();
    await send(h, imagine({ prompt: "a fox —ar 3:2 —draft —v 3 —sref aaff5733" }));
    expect(await lastCall(h, "/v1/ideogram-v3/generate")).toEqual({
      prompt: "a fox",
      aspect_ratio: "3x2",
      rendering_speed: "FLASH",
      style_codes: ["AAFF5733"],
    });
  });

  it("maps --turbo on a legacy model onto its Turbo model, and says so", async () => {
    const h = await setUp();
    const { final } = await send(h, imagine({ prompt: "a fox --v 2a --turbo" }));
    expect(await lastCall(h, "/generate")).toEqual({ prompt: "a fox", model: "V_2A_TURBO" });
    expect(fieldOf(final?.payload, "Parameters")).toBe("--v 2a --turbo");
  });

  it("keeps saying what ran after a re-roll, which drops the seed", async () => {
    const h = await setUp();
    const grid = imagine({ prompt: "a fox --seed 7 --ar 1:1 --tile" });
    await send(h, grid);
    const { final } = await send(h, click(`reroll:${grid.id}`));
    expect(await lastCall(h, "/generate")).toEqual({ prompt: "a fox", aspect_ratio: "ASPECT_1_1" });
    expect(fieldOf(final?.payload, "Parameters")).toBe("--ar 1:1\nignored: --tile (no Ideogram equivalent)");
  });

  it("takes an option and a parameter that agree, and says nothing new for a plain prompt", async () => {
    const h = await setUp();
    const { final } = await send(h, imagine({ prompt: "a fox --ar 16:9", aspect_ratio: "ASPECT_16_9" }));
    expect(await lastCall(h, "/generate")).toEqual({ prompt: "a fox", aspect_ratio: "ASPECT_16_9" });
    expect(fieldOf(final?.payload, "Parameters")).toBe("--ar 16:9");
    const plain = await send(h, imagine({ prompt: "a fox - with a dash" }));
    expect(fieldOf(plain.final?.payload, "Parameters")).toBeUndefined();
  });

  it.each([
    [{ prompt: "a fox --arr 16:9" }, "Unrecognized parameter: `--arr`. Did you mean `--ar`?"],
    [{ prompt: "a fox --ar 16-9" }, "`--ar` takes a ratio of whole numbers"],
    [{ prompt: "a fox --ar 7:4" }, "try 16:9 or 16:10"],
    [{ prompt: "a fox --seed abc" }, "`--seed` takes a whole number"],
    [{ prompt: "a fox --iw 2" }, "`--iw` says how closely a remix follows `image`"],
    [{ prompt: "--ar 1:1 --v 3" }, "`prompt` has only parameters"],
    [
      { prompt: "a fox --ar 16:9", aspect_ratio: "ASPECT_1_1" },
      "`aspect_ratio` and `--ar 16:9` in the prompt disagree",
    ],
    [{ prompt: "a fox --v 3", model: "V_2" }, "`model` and `--v 3` in the prompt disagree"],
  ])("refuses %j privately, calling no one", async (options, message) => {
    const h = await setUp();
    const { answer } = await send(h, imagine(options));
    expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answer.data?.content).toContain(message);
    expect(ideogramCalls(h)).toEqual([]);
  });

  it("refuses a ratio the chosen model lacks, from the one rules table", async () => {
    const h = await setUp();
    const { answer } = await send(h, imagine({ prompt: "a fox --ar 4:5 --v 1" }));
    expect(answer.data?.content).toContain("isn't available on Ideogram 1.0");
    expect(ideogramCalls(h)).toEqual([]);
  });
});

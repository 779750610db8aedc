// Remix mode (`/prefer remix value:on`) through signed /interactions → the fake Ideogram: Re-roll and Vary
// open a form prefilled with the prompt and its parameters in Midjourney's notation; what is submitted
// runs with its changes, the settings the notation doesn't say kept. Off, or for anyone else, they run at once.
import { describe, expect, it } from "vitest";
import { schedulerStub } from "../../src/bindings.ts";
import { type createHarness, type EditPayload, readEdit } from "../support/harness.ts";
import { ASYNC_FORM, harnessWithFakes, IDEOGRAM, readCall, sentTo } from "../support/ideogram.ts";
import {
  click,
  command,
  imagine,
  nextInteractionId,
  originalMessageOf,
  submitForm,
} from "../support/interactions.ts";

type Harness = Awaited<ReturnType<typeof createHarness>>;
type Answer = {
  type: number;
  data?: {
    content?: string;
    custom_id?: string;
    title?: string;
    components?: { component: { custom_id: string; value?: string } }[];
  };
};

/** Each test's own member, so what one test prefers never reaches another (they share a scheduler). */
let members = 40;
const member = () => `10000000000000000${++members}`;

async function preferRemix(h: Harness, userId: string, value: "on" | "off") {
  const base = command("prefer", {}, { token: `prefer-${nextInteractionId()}` });
  const interaction = {
    ...base,
    data: {
      ...base.data,
      options: [{ name: "remix", type: 1, options: [{ name: "value", type: 3, value }] }],
    },
    member: { ...base.member, user: { ...base.member.user, id: userId } },
  };
  return (await (await h.interact(interaction)).json<Answer>()).data?.content;
}

async function result(h: Harness, options: Record<string, string | number>) {
  const interaction = imagine(options, { token: `i-${nextInteractionId()}` });
  await h.interact(interaction);
  await h.drain();
  return interaction.id;
}

const send = async (h: Harness, interaction: { token: string }) => {
  const answer = await (await h.interact(interaction)).json<Answer>();
  await h.drain();
  const last = h.network.callsTo("PATCH", originalMessageOf(interaction)).at(-1);
  return { answer, final: last ? await readEdit(last.request) : undefined };
};
const lastCall = async (h: Harness, path: string) => {
  const call = sentTo(h.network, path).at(-1);
  return call && (await readCall(call.request)).fields;
};
const formPrompt = (answer: Answer) => answer.data?.components?.[0]?.component.value;
const parametersOf = (payload: EditPayload | undefined) =>
  payload?.embeds?.[0]?.fields?.find((f) => f.name === "Parameters")?.value;

describe("Remix mode", () => {
  it("opens Re-roll's form with the prompt and its parameters, and runs what is submitted", async () => {
    const h = await harnessWithFakes();
    const userId = member();
    expect(await preferRemix(h, userId, "on")).toContain("Remix mode is on");
    const jobId = await result(h, { prompt: "a fox --ar 16:9 --v 3 --seed 7", style: "DESIGN" });
    const calls = h.network.calls.length;
    const { answer } = await send(h, click(`reroll:${jobId}`, { userId }));
    expect(answer.type).toBe(9);
    expect(answer.data?.custom_id).toBe(`reroll:${jobId}`);
    // No seed: a re-roll takes a new one.
    expect(formPrompt(answer)).toBe("a fox --ar 16:9 --v 3");
    expect(h.network.calls.slice(calls).filter((c) => c.url.startsWith(IDEOGRAM))).toHaveLength(0);

    const submitted = submitForm(`reroll:${jobId}`, { prompt: "a fox in snow --ar 1:1 --v 3 --raw --s 100" });
    const { final } = await send(h, submitted);
    expect(await lastCall(h, "/v2/image/generate/ideogram-3")).toEqual({
      prompt: "a fox in snow",
      aspect_ratio: "1x1",
      magic_prompt: "off",
      style_type: "design",
      ...ASYNC_FORM,
    });
    expect(parametersOf(final?.payload)).toBe(
      "--ar 1:1 --v 3 --raw\nignored: --s 100 (no Ideogram equivalent)",
    );
  });

  it("opens Vary's form for the image, and a variation runs with the form's prompt and --iw", async () => {
    const h = await harnessWithFakes();
    const userId = member();
    await preferRemix(h, userId, "on");
    const jobId = await result(h, { prompt: "a fox --v 3", count: 2 });
    const { answer } = await send(h, click(`vary:${jobId}:1`, { userId }));
    expect(answer.data?.custom_id).toBe(`vary:${jobId}:1`);
    expect(formPrompt(answer)).toBe("a fox --v 3");
    await send(h, submitForm(`vary:${jobId}:1`, { prompt: "a fox at night --v 3 --iw 2" }));
    // Multipart: every field is text. The 2 images come from the grid's request.
    expect(await lastCall(h, "/v2/image/remix/ideogram-3")).toEqual({
      prompt: "a fox at night",
      image_weight: "75",
      num_images: "2",
      ...ASYNC_FORM,
    });
  });

  it.each([
    ["an image link", "https://images.example/a.png a fox --v 3", "image links are not read in this form"],
    ["--repeat", "a fox --v 3 --r 2", "`--repeat` is for `/imagine`"],
    ["an unknown parameter", "a fox --arr 1:1", "Unrecognized parameter: `--arr`. Did you mean `--ar`?"],
    ["parameters alone", "--ar 1:1", "the prompt has only parameters"],
  ])("refuses a form with %s, calling nothing", async (_, typed, problem) => {
    const h = await harnessWithFakes();
    const jobId = await result(h, { prompt: "a fox --v 3" });
    const before = h.network.calls.filter((c) => c.url.startsWith(IDEOGRAM)).length;
    const { answer } = await send(h, submitForm(`reroll:${jobId}`, { prompt: typed }));
    expect(answer.data?.content).toContain(problem);
    expect(h.network.calls.filter((c) => c.url.startsWith(IDEOGRAM))).toHaveLength(before);
  });

  it("runs at once when off, and for a member who never turned it on", async () => {
    const h = await harnessWithFakes();
    const userId = member();
    await preferRemix(h, userId, "on");
    expect(await preferRemix(h, userId, "off")).toContain("Remix mode is off");
    const jobId = await result(h, { prompt: "a fox" });
    expect((await send(h, click(`reroll:${jobId}`, { userId }))).answer.type).toBe(5);
    expect((await send(h, click(`reroll:${jobId}`, { userId: member() }))).answer.type).toBe(5);
  });

  it("opens the form when Remix mode was turned on where this Worker did not see it", async () => {
    const h = await harnessWithFakes();
    const userId = member();
    const jobId = await result(h, { prompt: "a fox --v 3" });
    // Saved straight in the scheduler, as another Worker instance would: this one still knows none.
    await schedulerStub(h.env).savePreferences(userId, { options: {}, remix: true });
    const { answer } = await send(h, click(`reroll:${jobId}`, { userId }));
    expect(answer.type).toBe(9);
    expect(sentTo(h.network, "/v2/image/generate/ideogram-3")).toHaveLength(1);
  });
});

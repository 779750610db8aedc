// The buttons under a result, end to end: /interactions → scheduler → fake Ideogram → fake Discord.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { json } from "../support/fake-network.ts";
import { createHarness, type EditPayload, IMAGE_HOST, ideogramResult, readEdit } from "../support/harness.ts";
import {
  ASYNC_FORM,
  acceptAllEdits,
  bytesAt,
  DESCRIPTIONS,
  EVENTS_URL,
  harnessWithFakes,
  IDEOGRAM,
  readIdeogramRequest,
  readToolRequest,
  sentTo,
} from "../support/ideogram.ts";
import { fakePng, pngResponse } from "../support/images.ts";
import {
  APPLICATION_ID,
  click,
  command,
  describeMessage,
  describeUpload,
  imagine,
  nextInteractionId,
  originalMessageOf,
  submitForm,
} from "../support/interactions.ts";

type Harness = Awaited<ReturnType<typeof createHarness>>;
type FormInput = { component: { custom_id: string; value?: string } };
type Answer = {
  type: number;
  data?: { content?: string; flags?: number; custom_id?: string; components?: FormInput[] };
};

/** Sends an interaction; returns Discord's answer and, once the scheduler is done, the final edit. */
async function send(h: Harness, interaction: { token: string }) {
  const answer = await (await h.interact(interaction)).json<Answer>();
  await h.drain();
  const edits = h.network.callsTo("PATCH", originalMessageOf(interaction));
  const last = edits.at(-1);
  return { answer, final: last ? await readEdit(last.request) : undefined };
}

/** Runs /imagine and returns the job id and the final message's buttons. */
/** This server's spend today, as /usage tells a member who manages it. */
async function spend(h: Harness): Promise<number> {
  const asked = command("usage", {}, { token: `usage-${nextInteractionId()}` });
  const manager = { ...asked, member: { ...asked.member, permissions: "32" } };
  const answer = await (await h.interact(manager)).json<Answer>();
  return Number(/This server today:\*\* .*?about \$(\d+\.\d+)/.exec(answer.data?.content ?? "")?.[1]);
}

async function imagineResult(h: Harness, options: Record<string, string | number>) {
  const interaction = imagine(options, { token: `imagine-token-${Math.random()}` });
  const { final } = await send(h, interaction);
  return { jobId: interaction.id, final: final as { payload: EditPayload; files: { bytes: Uint8Array }[] } };
}

const customIds = (payload: EditPayload) =>
  (payload.components ?? []).map((row) => row.components.map((c) => c.custom_id ?? ""));

const toolCalls = (h: Harness, endpoint: string) =>
  Promise.all(sentTo(h.network, `/${endpoint}`).map((c) => readToolRequest(c.request)));

const ideogramCalls = (h: Harness, endpoint: string) =>
  Promise.all(
    h.network.callsTo("POST", `${IDEOGRAM}/${endpoint}`).map((c) => readIdeogramRequest(c.request)),
  );

describe("result buttons", () => {
  it("puts re-roll, edit and a pick and vary button per image under a grid", async () => {
    const h = await harnessWithFakes();
    const { jobId, final } = await imagineResult(h, { prompt: "a fox", count: 2 });
    expect(customIds(final.payload)).toEqual([
      [`reroll:${jobId}`, `edit:${jobId}`],
      [`pick:${jobId}:0`, `pick:${jobId}:1`],
      [`vary:${jobId}:0`, `vary:${jobId}:1`],
    ]);
    expect(final.payload.components?.[1]?.components.map((c) => c.label)).toEqual(["Pick 1", "Pick 2"]);
    for (const id of customIds(final.payload).flat()) expect(id.length).toBeLessThanOrEqual(100);
  });

  it("puts the single-image tools beside re-roll and edit under a 1-image result", async () => {
    const h = await harnessWithFakes();
    const { jobId, final } = await imagineResult(h, { prompt: "a fox" });
    expect(customIds(final.payload)).toEqual([
      [`reroll:${jobId}`, `edit:${jobId}`, `upscale:${jobId}:0`, `subtle:${jobId}:0`, `strong:${jobId}:0`],
      [`region:${jobId}:0`, `cutout:${jobId}:0`, `background:${jobId}:0`, `words:${jobId}:0`],
      [`reframe:${jobId}:0`],
    ]);
    // The shapes a square image is not already.
    const [menu] = final.payload.components?.[2]?.components ?? [];
    expect((menu as { options?: { value: string }[] }).options?.map((o) => o.value)).toEqual([
      "16:9",
      "9:16",
      "4:3",
      "3:4",
      "3:2",
      "2:3",
    ]);
  });

  it("picks an image from a menu when a grid has more images than fit as buttons", async () => {
    const h = await harnessWithFakes();
    const { jobId, final } = await imagineResult(h, { prompt: "a fox", count: 6 });
    const [, pickRow, varyRow] = final.payload.components ?? [];
    expect(pickRow?.components).toEqual([expect.objectContaining({ type: 3, custom_id: `pick:${jobId}` })]);
    expect(varyRow?.components).toEqual([expect.objectContaining({ type: 3, custom_id: `vary:${jobId}` })]);
    const picked = await send(h, click(`pick:${jobId}`, { values: ["5"] }));
    expect(picked.answer).toEqual({ type: 5 });
    expect(picked.final?.files.map((f) => f.bytes)).toEqual([final.files[5]?.bytes]);
    expect(customIds(picked.final?.payload ?? {})).toEqual([
      [`upscale:${jobId}:5`, `subtle:${jobId}:5`, `strong:${jobId}:5`],
      [`region:${jobId}:5`, `cutout:${jobId}:5`, `background:${jobId}:5`, `words:${jobId}:5`],
      [`reframe:${jobId}:5`],
    ]);
    // The picked image's Upscale sends that very image.
    await send(h, click(`upscale:${jobId}:5`));
    const [upscale] = await ideogramCalls(h, "upscale");
    expect(upscale?.file?.bytes).toEqual(final.files[5]?.bytes);
  });

  it("re-rolls the same request with a new seed, as a new message for the clicker", async () => {
    const h = await harnessWithFakes();
    const { jobId } = await imagineResult(h, {
      prompt: "a fox",
      model: "V_2_TURBO",
      seed: 42,
      resolution: "1280x720",
      palette: "#ff8800:0.6, #223344",
    });
    const reroll = click(`reroll:${jobId}`);
    const { answer, final } = await send(h, reroll);
    expect(answer).toEqual({ type: 5 });
    const [first, second] = await ideogramCalls(h, "generate");
    expect(first?.imageRequest.seed).toBe(42);
    const { seed: _seed, ...sameRequest } = first?.imageRequest ?? {};
    expect(second?.imageRequest).toEqual(sameRequest);
    expect(second?.imageRequest).toMatchObject({
      resolution: "RESOLUTION_1280_720",
      color_palette: { members: [{ color_hex: "#ff8800", color_weight: 0.6 }, { color_hex: "#223344" }] },
    });
    expect(final?.files).toHaveLength(1);
    expect(customIds(final?.payload ?? {})[0]).toEqual([
      `reroll:${reroll.id}`,
      `edit:${reroll.id}`,
      `upscale:${reroll.id}:0`,
      `subtle:${reroll.id}:0`,
      `strong:${reroll.id}:0`,
    ]);
  });

  it("upscales one kept image through POST /upscale as multipart", async () => {
    const h = await harnessWithFakes();
    const { jobId, final: original } = await imagineResult(h, { prompt: "a fox", count: 2 });
    const { answer, final } = await send(h, click(`upscale:${jobId}:1`));
    expect(answer).toEqual({ type: 5 });
    const [call] = await ideogramCalls(h, "upscale");
    expect(call?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(call?.fields).toEqual(["image_request", "image_file"]);
    expect(call?.imageRequest).toEqual({ prompt: "a fox (final 2)" });
    expect(call?.file?.type).toBe("image/png");
    expect(call?.file?.bytes).toEqual(original.files[1]?.bytes);
    expect(final?.payload.embeds?.[0]?.fields).toContainEqual(
      expect.objectContaining({ name: "Upscaled to", value: "2048x2048" }),
    );
    expect(final?.files[0]?.bytes).toEqual(bytesAt("https://x/upscale-1-0.png"));
  });

  it("posts a picked image alone from the kept copy: no Ideogram call, nothing counted", async () => {
    const h = await harnessWithFakes();
    const { jobId, final: grid } = await imagineResult(h, { prompt: "a fox", count: 4 });
    const picker = "1000000000000000431";
    const usage = async () => {
      const asked = command("usage", {}, { token: `usage-${nextInteractionId()}` });
      const answer = await (
        await h.interact({
          ...asked,
          member: { ...asked.member, user: { ...asked.member.user, id: picker } },
        })
      ).json<Answer>();
      return answer.data?.content?.split("\n")[0];
    };
    const before = await usage();
    const { answer, final } = await send(h, click(`pick:${jobId}:2`, { userId: picker }));
    expect(answer).toEqual({ type: 5 });
    expect(h.network.callsTo("POST", IDEOGRAM)).toHaveLength(1);
    expect(final?.files.map((f) => f.bytes)).toEqual([grid.files[2]?.bytes]);
    expect(final?.payload.attachments).toHaveLength(1);
    const [embed] = final?.payload.embeds ?? [];
    expect(embed).toMatchObject({ title: "a fox", footer: { text: "📌 Image 3, picked by Grace" } });
    expect(embed?.fields).toContainEqual(expect.objectContaining({ name: "Seed", value: "`102`" }));
    // The picked image says what its grid said of it.
    const style = (e?: EditPayload) => e?.embeds?.[0]?.fields?.find((f) => f.name === "Style")?.value;
    expect(style(grid.payload)).toBe("General");
    expect(style(final?.payload)).toBe("General");
    expect(await usage()).toBe(before);
    expect(before).toMatch(/^\*\*You today:\*\* 0 images of/);
  });

  it("delivers a pick that is ready before Discord knows its deferred message (404 Unknown Webhook)", async () => {
    const h = await harnessWithFakes();
    const { jobId, final: grid } = await imagineResult(h, { prompt: "a fox", count: 2 });
    const pickClick = click(`pick:${jobId}:1`);
    // Discord has not registered the "thinking…" answer yet for the first few edits.
    h.network.onFirst("PATCH", originalMessageOf(pickClick), (_, call) =>
      call <= 2
        ? json({ message: "Unknown Webhook", code: 10015 }, 404)
        : json({ id: "1300000000000000098" }),
    );
    const { final } = await send(h, pickClick);
    // Asked again until Discord knows it: two refusals, then the image.
    expect(h.network.callsTo("PATCH", originalMessageOf(pickClick))).toHaveLength(3);
    expect(final?.files.map((f) => f.bytes)).toEqual([grid.files[1]?.bytes]);
  });

  it.each([
    ["subtle", 75],
    ["strong", 25],
  ])("varies a single image %s through POST /remix with image_weight %i", async (action, weight) => {
    const h = await harnessWithFakes();
    const { jobId, final: original } = await imagineResult(h, { prompt: "a fox", count: 2 });
    const { answer } = await send(h, click(`${action}:${jobId}:1`));
    expect(answer).toEqual({ type: 5 });
    const [call] = await ideogramCalls(h, "remix");
    expect(call?.imageRequest).toEqual({ prompt: "a fox", num_images: 2, image_weight: weight });
    expect(call?.file?.bytes).toEqual(original.files[1]?.bytes);
  });

  it("reframes a kept image to the chosen shape at 3.0's resolution of it", async () => {
    const h = await harnessWithFakes();
    const { jobId, final: original } = await imagineResult(h, { prompt: "a fox", count: 2 });
    const { answer, final } = await send(h, click(`reframe:${jobId}:1`, { values: ["16:9"] }));
    expect(answer).toEqual({ type: 5 });
    const [call] = await toolCalls(h, "v2/image/reframe/ideogram-3");
    expect(call?.names).toEqual(["image", "resolution", "async", "webhook_url"]);
    expect(call?.fields).toEqual({ resolution: "1312x736", ...ASYNC_FORM });
    expect(call?.image).toEqual({ type: "image/png", bytes: original.files[1]?.bytes });
    expect(final?.files.map((f) => f.bytes)).toEqual([bytesAt("https://x/v3-reframe-1-0.png")]);
    const [embed] = final?.payload.embeds ?? [];
    expect(embed).toMatchObject({ title: "a fox (final 2)", footer: { text: "Reframe of image 2" } });
    // Reframe takes no prompt, and answers with an empty one: no empty "Magic Prompt:" line.
    expect(embed?.description).toBeUndefined();
    expect(embed?.fields).toContainEqual(expect.objectContaining({ name: "Resolution", value: "1312x736" }));
    // A reframed image is a single image: its own tools, and no Edit (it has no prompt to edit).
    expect(customIds(final?.payload ?? {})[0]?.slice(0, 2)).toEqual([
      expect.stringMatching(/^reroll:/),
      expect.stringMatching(/^upscale:/),
    ]);
  });

  it("removes the background of a kept image for $0.01", async () => {
    const h = await harnessWithFakes();
    const { jobId, final: original } = await imagineResult(h, { prompt: "a fox" });
    const spend = async () => {
      const asked = command("usage", {}, { token: `usage-${nextInteractionId()}` });
      const manager = { ...asked, member: { ...asked.member, permissions: "32" } };
      const answer = await (await h.interact(manager)).json<Answer>();
      return Number(/This server today:\*\* .*?about \$(\d+\.\d+)/.exec(answer.data?.content ?? "")?.[1]);
    };
    const before = await spend();
    const { answer, final } = await send(h, click(`cutout:${jobId}:0`));
    expect(answer).toEqual({ type: 5 });
    const [call] = await toolCalls(h, "v2/image/remove-background/ideogram-1");
    expect(call?.names).toEqual(["image", "async", "webhook_url"]);
    expect(call?.image?.bytes).toEqual(original.files[0]?.bytes);
    expect(final?.files.map((f) => f.bytes)).toEqual([bytesAt("https://x/remove-background-1-0.png")]);
    const [embed] = final?.payload.embeds ?? [];
    expect(embed).toMatchObject({
      title: "a fox (final 1)",
      footer: { text: "Background removed from image 1" },
    });
    // Its answer names no seed or size: the source image's stand in.
    expect(embed?.fields).toEqual([
      expect.objectContaining({ name: "Resolution", value: "1024x1024" }),
      expect.objectContaining({ name: "Seed", value: "`100`" }),
    ]);
    expect((await spend()) - before).toBeCloseTo(0.01, 5);
  });

  it("asks for a new background in a form and replaces it with that", async () => {
    const h = await harnessWithFakes();
    const { jobId, final: original } = await imagineResult(h, { prompt: "a fox", count: 2 });
    const { answer: form } = await send(h, click(`background:${jobId}:0`));
    expect(form.type).toBe(9);
    expect(form.data?.custom_id).toBe(`background:${jobId}:0`);
    expect(form.data?.components?.map((c) => c.component.custom_id)).toEqual(["background"]);

    const empty = await send(h, submitForm(`background:${jobId}:0`, { background: "  " }));
    expect(empty.answer).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(await toolCalls(h, "v2/image/replace-background/ideogram-3")).toHaveLength(0);

    const { answer, final } = await send(
      h,
      submitForm(`background:${jobId}:0`, { background: "a snowy forest at dusk" }),
    );
    expect(answer).toEqual({ type: 5 });
    const [call] = await toolCalls(h, "v2/image/replace-background/ideogram-3");
    // Always asynchronous: it takes no `async` field, only the webhook.
    expect(call?.names).toEqual(["image", "prompt", "webhook_url"]);
    expect(call?.fields).toEqual({ prompt: "a snowy forest at dusk", webhook_url: EVENTS_URL });
    expect(call?.image?.bytes).toEqual(original.files[0]?.bytes);
    expect(final?.payload.embeds?.[0]).toMatchObject({
      title: "a snowy forest at dusk",
      footer: { text: "New background for image 1" },
    });
  });

  it("edits a kept image with words through 4.5's precise edit, at the quality the form chose, priced by it", async () => {
    const h = await harnessWithFakes();
    const { jobId, final: original } = await imagineResult(h, { prompt: "a fox" });
    const { answer: form } = await send(h, click(`words:${jobId}:0`));
    expect(form.type).toBe(9);
    expect(form.data?.components?.map((c) => c.component.custom_id)).toEqual(["instruction", "quality"]);
    const quality = form.data?.components?.[1]?.component as { options?: { label: string; value: string }[] };
    expect(quality.options?.map((o) => o.label)).toEqual([
      "Medium · $0.06",
      "Very low · $0.008",
      "Low · $0.03",
      "High · $0.22",
    ]);

    const empty = await send(
      h,
      submitForm(`words:${jobId}:0`, { instruction: " ", quality: "" }, ["quality"]),
    );
    expect(empty.answer).toMatchObject({ type: 4, data: { flags: 64 } });

    const before = await spend(h);
    const submitted = submitForm(
      `words:${jobId}:0`,
      { instruction: "give the fox a red scarf", quality: "FLASH" },
      ["quality"],
    );
    const { answer, final } = await send(h, submitted);
    expect(answer).toEqual({ type: 5 });
    const [call] = await toolCalls(h, "v2/image/precise-edit/ideogram-4-5");
    expect(call?.fields).toEqual({
      prompt: "give the fox a red scarf",
      quality: "very_low",
      async: "true",
      webhook_url: EVENTS_URL,
    });
    expect(call?.image?.bytes).toEqual(original.files[0]?.bytes);
    // The same size as its source, a new single image with its own tools.
    expect(final?.payload.embeds?.[0]).toMatchObject({
      title: "give the fox a red scarf",
      footer: { text: "Edit of image 1" },
    });
    const resolution = (payload?: EditPayload) =>
      payload?.embeds?.[0]?.fields?.find((f) => f.name === "Resolution")?.value;
    expect(resolution(final?.payload)).toBe(resolution(original.payload));
    expect(customIds(final?.payload ?? {}).flat()).toContain(`words:${submitted.id}:0`);
    expect((await spend(h)) - before).toBeCloseTo(0.008, 5);
  });

  it.each([
    ["a shape it does not offer", (id: string) => click(`reframe:${id}:0`, { values: ["5:4"] })],
    ["no shape", (id: string) => click(`reframe:${id}:0`)],
    ["an image the result does not have", (id: string) => click(`cutout:${id}:3`)],
  ])("answers a tool click with %s as expired, calling nothing", async (_, interaction) => {
    const h = await harnessWithFakes();
    const { jobId } = await imagineResult(h, { prompt: "a fox" });
    const { answer } = await send(h, interaction(jobId));
    expect(answer.data?.content).toMatch(/^This button has expired/);
    expect(h.network.callsTo("POST", `${IDEOGRAM}/v2`)).toHaveLength(0);
  });

  it("varies one kept image through POST /remix with the original prompt and image_weight 50", async () => {
    const h = await harnessWithFakes();
    const { jobId, final: original } = await imagineResult(h, {
      prompt: "a fox",
      style: "ANIME",
      count: 2,
      seed: 9,
    });
    const { answer, final } = await send(h, click(`vary:${jobId}:0`));
    expect(answer).toEqual({ type: 5 });
    const [call] = await ideogramCalls(h, "remix");
    expect(call?.imageRequest).toEqual({
      prompt: "a fox",
      style_type: "ANIME",
      num_images: 2,
      image_weight: 50,
    });
    expect(call?.file?.bytes).toEqual(original.files[0]?.bytes);
    expect(final?.files).toHaveLength(2);
    expect(final?.payload.embeds?.[0]).toMatchObject({ footer: { text: "Variation of image 1" } });
  });

  it("opens an edit form prefilled with prompt, negative prompt and seed, and runs what is submitted", async () => {
    const h = await harnessWithFakes();
    const { jobId } = await imagineResult(h, { prompt: "a fox", negative_prompt: "blur", model: "V_2" });
    const { answer } = await send(h, click(`edit:${jobId}`));
    expect(answer.type).toBe(9);
    expect(answer.data?.custom_id).toBe(`edit:${jobId}`);
    const inputs = (answer.data?.components ?? []).map((c) => [c.component.custom_id, c.component.value]);
    expect(inputs).toEqual([
      ["prompt", "a fox"],
      ["negative_prompt", "blur"],
      ["seed", "100"],
    ]);

    const form = submitForm(`edit:${jobId}`, { prompt: "a fox in the snow", negative_prompt: "", seed: "7" });
    const { answer: submitted, final } = await send(h, form);
    expect(submitted).toEqual({ type: 5 });
    const [, edited] = await ideogramCalls(h, "generate");
    expect(edited?.imageRequest).toEqual({ prompt: "a fox in the snow", model: "V_2", seed: 7 });
    expect(final?.payload.embeds?.[0]?.title).toBe("a fox in the snow");
  });

  it("leaves negative prompt out of the form for models without it, and refuses a bad seed privately", async () => {
    const h = await harnessWithFakes();
    const { jobId } = await imagineResult(h, { prompt: "a fox", model: "V_2A" });
    const { answer } = await send(h, click(`edit:${jobId}`));
    const ids = (answer.data?.components ?? []).map((c) => c.component.custom_id);
    expect(ids).toEqual(["prompt", "seed"]);
    const { answer: refused } = await send(h, submitForm(`edit:${jobId}`, { prompt: "a fox", seed: "-1" }));
    expect(refused).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(refused.data?.content).toContain("seed must be a whole number");
    expect(await ideogramCalls(h, "generate")).toHaveLength(1);
  });

  it("offers Try again under a failure that may pass, and it runs the same request again", async () => {
    const h = await createHarness();
    acceptAllEdits(h.network);
    h.network.on("GET", `${IMAGE_HOST}*`, (request) => pngResponse(bytesAt(request.url)));
    // Busy for every attempt of the first request (Retry-After: 0 keeps the retries instant).
    const busy = { error: "Too many requests in flight.", reject_reason: "inflight_limit" };
    h.network.on("POST", `${IDEOGRAM}/generate`, (_, call) =>
      call <= 4 ? json(busy, 429, { "Retry-After": "0" }) : json(ideogramResult([{ seed: 5 }])),
    );
    const first = imagine({ prompt: "a fox", seed: 3 }, { token: "first-token" });
    const { final: failed } = await send(h, first);
    expect(failed?.payload.content).toContain("Ideogram is busy with too many images right now");
    expect(customIds(failed?.payload ?? {})).toEqual([[`reroll:${first.id}`]]);
    const { answer, final } = await send(h, click(`reroll:${first.id}`));
    expect(answer).toEqual({ type: 5 });
    expect(final?.files).toHaveLength(1);
    const again = (await ideogramCalls(h, "generate")).at(-1);
    expect(again?.imageRequest).toEqual({ prompt: "a fox" });
  });

  it.each([
    ["an unknown job", () => "upscale:1999999999999999999:0"],
    ["an image the job does not have", (id: string) => `upscale:${id}:7`],
    ["a missing image index", (id: string) => `vary:${id}`],
    ["a malformed job id", () => "reroll:../../etc"],
    ["an unknown action", (id: string) => `explode:${id}`],
    ["a prompt the job does not have", (id: string) => `use:${id}:0`],
    ["an overlong id", (id: string) => `reroll:${id}${"0".repeat(90)}`],
  ])("answers %s with an ephemeral 'this button has expired', never a 5xx", async (_, customId) => {
    const h = await harnessWithFakes();
    const { jobId } = await imagineResult(h, { prompt: "a fox" });
    const response = await h.interact(click(customId(jobId)));
    expect(response.status).toBe(200);
    const answer = await response.json<Answer>();
    expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answer.data?.content).toMatch(/^This button has expired/);
    expect(h.network.callsTo("POST", IDEOGRAM)).toHaveLength(1);
  });

  it("treats a result past IMAGE_RETENTION_DAYS as expired", async () => {
    const h = await harnessWithFakes();
    const { jobId } = await imagineResult(h, { prompt: "a fox" });
    const manifest = await (await env.IMAGES.get(`${jobId}/job.json`))?.json<{ createdAt: number }>();
    await env.IMAGES.put(
      `${jobId}/job.json`,
      JSON.stringify({ ...manifest, createdAt: Date.now() - 31 * 86_400_000 }),
    );
    const { answer } = await send(h, click(`reroll:${jobId}`));
    expect(answer.data?.content).toContain("keeps results for 30 days");
  });

  it("answers a form for an unknown job privately", async () => {
    const h = await harnessWithFakes();
    const { answer } = await send(h, submitForm("edit:1999999999999999999", { prompt: "x" }));
    expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answer.data?.content).toMatch(/^This form has expired/);
  });
});

describe("every click counted once", () => {
  /** Sends the interactions at once, as Discord does when a user clicks twice; their answers in order. */
  const together = (h: Harness, clicks: { token: string }[]) =>
    Promise.all(clicks.map(async (c) => (await h.interact(c)).json<Answer>()));

  let requesters = 0;
  /** A result of a requester of its own: every test's images count against its own daily limit. */
  async function freshResult(h: Harness, options: Record<string, string | number>) {
    const asked = imagine(options, { token: `imagine-token-${Math.random()}` });
    const id = `10000000000000019${String(++requesters).padStart(2, "0")}`;
    const interaction = { ...asked, member: { ...asked.member, user: { ...asked.member.user, id } } };
    const { final } = await send(h, interaction);
    expect(final?.files.length).toBeGreaterThan(0);
    return { jobId: interaction.id };
  }

  it.each([
    ["Vary on a grid", (id: string) => click(`vary:${id}:1`), "remix"],
    ["Re-roll", (id: string) => click(`reroll:${id}`), "generate"],
    ["Upscale", (id: string) => click(`upscale:${id}:0`), "upscale"],
    [
      "Reframe",
      (id: string) => click(`reframe:${id}:0`, { values: ["16:9"] }),
      "v2/image/reframe/ideogram-3",
    ],
    ["Remove background", (id: string) => click(`cutout:${id}:0`), "v2/image/remove-background/ideogram-1"],
  ])(
    "runs a double click on %s once, and tells the second click it is on its way",
    async (_, clickOn, endpoint) => {
      const h = await harnessWithFakes();
      const { jobId } = await freshResult(h, { prompt: "a fox", count: 2 });
      const before = sentTo(h.network, `/${endpoint}`).length;
      const [first, second] = await together(h, [clickOn(jobId), clickOn(jobId)]);
      await h.drain();
      expect(first).toEqual({ type: 5 });
      expect(second).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(second?.data?.content).toMatch(/^You already clicked this: it is on its way/);
      expect(sentTo(h.network, `/${endpoint}`)).toHaveLength(before + 1);
    },
  );

  it("posts a double-clicked Pick once, even when the first has already been posted", async () => {
    const h = await harnessWithFakes();
    const { jobId } = await freshResult(h, { prompt: "a fox", count: 2 });
    const first = click(`pick:${jobId}:1`);
    expect((await send(h, first)).answer).toEqual({ type: 5 });
    const { answer } = await send(h, click(`pick:${jobId}:1`));
    expect(answer.data?.content).toMatch(/^You already clicked this/);
    // The same button's other image, and another user's click, are their own jobs.
    expect((await send(h, click(`pick:${jobId}:0`))).answer).toEqual({ type: 5 });
    const other = await send(h, click(`pick:${jobId}:1`, { userId: "1000000000000000777" }));
    expect(other.answer).toEqual({ type: 5 });
    expect(other.final?.files).toHaveLength(1);
  });

  it("makes another user's click their own job, charged to them", async () => {
    const h = await harnessWithFakes();
    const { jobId } = await freshResult(h, { prompt: "a fox", count: 2 });
    const [mine, theirs] = await together(h, [
      click(`vary:${jobId}:0`),
      click(`vary:${jobId}:0`, { userId: "1000000000000000778" }),
    ]);
    await h.drain();
    expect([mine, theirs]).toEqual([{ type: 5 }, { type: 5 }]);
    expect(await ideogramCalls(h, "remix")).toHaveLength(2);
  });

  it("says at once that a picked image is no longer kept, with no buttons and the grid's title", async () => {
    const h = await harnessWithFakes();
    const { jobId } = await freshResult(h, { prompt: "a fox", count: 2 });
    await env.IMAGES.delete(`${jobId}/1`);
    const started = Date.now();
    const { answer, final } = await send(h, click(`pick:${jobId}:1`));
    expect(answer).toEqual({ type: 5 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(final?.payload.content).toBe("⚠️ Image 2 is no longer kept (the bot keeps images for 30 days).");
    expect(final?.payload.components).toEqual([]);
    expect(final?.files).toEqual([]);
    expect(final?.payload.embeds?.[0]?.title).toBe("a fox");
  });

  it.each([
    ["the shape the image already is", "1:1"],
    ["a value the menu never had", "21:9"],
  ])("refuses Reframe to %s, sending nothing to Ideogram", async (_, shape) => {
    const h = await harnessWithFakes();
    const { jobId } = await freshResult(h, { prompt: "a fox" });
    const { answer } = await send(h, click(`reframe:${jobId}:0`, { values: [shape] }));
    expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(await toolCalls(h, "v2/image/reframe/ideogram-3")).toHaveLength(0);
  });
});

const UPLOAD = "https://cdn.discordapp.com/ephemeral-attachments/1/2/photo.png?ex=1&is=2&hm=3";
const CHANNEL_MEDIA = "https://cdn.discordapp.com/attachments/1/2/photo.png?ex=1&is=2&hm=3";

describe("describe", () => {
  it("describes an uploaded image with POST /describe, and each suggestion imagines its prompt", async () => {
    const h = await harnessWithFakes();
    const upload = fakePng("uploaded photo", 4096);
    h.network.on("GET", UPLOAD, () => pngResponse(upload));
    const command = describeUpload({ url: UPLOAD });
    const { answer, final } = await send(h, command);
    expect(answer).toEqual({ type: 5 });
    const [call] = await ideogramCalls(h, "describe");
    expect(call?.fields).toEqual(["image_file"]);
    expect(call?.file).toEqual({ name: "photo.png", type: "image/png", bytes: upload });
    expect(final?.payload.embeds?.[0]?.description).toBe(
      `**1.** ${DESCRIPTIONS[0]}\n\n**2.** ${DESCRIPTIONS[1]}`,
    );
    expect(customIds(final?.payload ?? {})).toEqual([[`use:${command.id}:0`, `use:${command.id}:1`]]);

    const use = await send(h, click(`use:${command.id}:1`));
    expect(use.answer).toEqual({ type: 5 });
    const [imagined] = await ideogramCalls(h, "generate");
    expect(imagined?.imageRequest).toEqual({ prompt: DESCRIPTIONS[1] });
    expect(use.final?.files).toHaveLength(1);
  });

  it("says plainly when Discord won't hand over the image's bytes, and spends nothing", async () => {
    const h = await harnessWithFakes();
    h.network.on("GET", CHANNEL_MEDIA, () => new Response("Forbidden", { status: 403 }));
    const { answer, final } = await send(h, describeMessage({ attachments: [attachment(CHANNEL_MEDIA)] }));
    expect(answer).toEqual({ type: 5 });
    expect(final?.payload.content).toContain("I couldn't download `photo.png` from Discord (HTTP 403)");
    expect(final?.payload.content).toContain("/describe image:");
    expect(await ideogramCalls(h, "describe")).toHaveLength(0);
  });

  it("reports Ideogram's safety refusal of an image as such", async () => {
    const h = await createHarness();
    acceptAllEdits(h.network);
    h.network.on("GET", UPLOAD, () => pngResponse(fakePng("photo")));
    h.network.on("POST", `${IDEOGRAM}/describe`, () =>
      json({ error: "Image provided failed safety check due to the inclusion of prohibited content." }, 422),
    );
    const { final } = await send(h, describeUpload({ url: UPLOAD }));
    expect(final?.payload.content).toBe("⚠️ Ideogram's safety check refused this image, so nothing was made.");
  });

  it("describes the bot's own result from the copy it keeps, without touching Discord's CDN", async () => {
    const h = await harnessWithFakes();
    const { final: result } = await imagineResult(h, { prompt: "a fox" });
    const message = {
      author: { id: APPLICATION_ID, username: "Imagine", bot: true },
      attachments: [attachment(CHANNEL_MEDIA)],
      components: result.payload.components,
    };
    const { answer, final } = await send(h, describeMessage(message));
    expect(answer).toEqual({ type: 5 });
    const [call] = await ideogramCalls(h, "describe");
    expect(call?.file?.bytes).toEqual(result.files[0]?.bytes);
    expect(h.network.callsTo("GET", CHANNEL_MEDIA)).toHaveLength(0);
    expect(final?.payload.embeds?.[0]?.title).toBe("Ideogram describes image 1 as");
    expect(final?.payload.embeds?.[0]?.description).toContain(DESCRIPTIONS[0]);
  });

  it("asks which image of a grid to describe, then describes that one", async () => {
    const h = await harnessWithFakes();
    const { jobId, final: result } = await imagineResult(h, { prompt: "a fox", count: 3 });
    const message = {
      author: { id: APPLICATION_ID, username: "Imagine", bot: true },
      attachments: [attachment(CHANNEL_MEDIA)],
      components: result.payload.components,
    };
    const { answer } = await send(h, describeMessage(message));
    expect(answer.type).toBe(4);
    expect(answer.data?.flags).toBe(64);
    expect(answer.data?.content).toBe("Which image should Ideogram describe?");
    type Menu = { components: { custom_id: string; options: unknown[] }[] };
    const rows = (answer.data?.components ?? []) as unknown as Menu[];
    const [menu] = rows[0]?.components ?? [];
    expect(menu).toMatchObject({
      custom_id: `describe:${jobId}`,
      options: [{ value: "0" }, { value: "1" }, { value: "2" }],
    });
    expect(await ideogramCalls(h, "describe")).toHaveLength(0);
    const chosen = await send(h, click(`describe:${jobId}`, { values: ["1"] }));
    expect(chosen.answer).toEqual({ type: 5 });
    const [call] = await ideogramCalls(h, "describe");
    expect(call?.file?.bytes).toEqual(result.files[1]?.bytes);
    expect(chosen.final?.payload.embeds?.[0]?.title).toBe("Ideogram describes image 2 as");
  });

  it.each([
    [
      "a message without an image",
      () => describeMessage({ attachments: [] }),
      "That message has no image to describe.",
    ],
    [
      "an upload that is not an image Ideogram reads",
      () => describeUpload({ url: UPLOAD, filename: "notes.txt", content_type: "text/plain" }),
      "Nothing was described: `notes.txt` is text/plain; Ideogram reads PNG, JPEG and WebP images.",
    ],
    [
      "an upload over 10 MB",
      () => describeUpload({ url: UPLOAD, size: 11 * 1024 * 1024 }),
      "Nothing was described: `photo.png` is 11.0 MB; Ideogram takes at most 10 MB.",
    ],
  ])("refuses %s privately, queueing nothing", async (_, interaction, message) => {
    const h = await harnessWithFakes();
    const answer = await (await h.interact(interaction())).json<Answer>();
    expect(answer).toEqual({
      type: 4,
      data: { content: message, flags: 64, allowed_mentions: { parse: [] } },
    });
    expect(h.network.calls).toHaveLength(0);
  });
});

const attachment = (url: string) => ({
  id: "1400000000000000002",
  filename: "photo.png",
  content_type: "image/png",
  size: 2048,
  url,
  proxy_url: url,
});

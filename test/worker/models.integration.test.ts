// Ideogram 3.0, 4.0 and 4.5 through signed /interactions → scheduler → a fake Ideogram strict to the
// reference → fake Discord: each model's request exactly as its API spells it, image prompts and
// reference images, prices, and the buttons under their results.
import { describe, expect, it } from "vitest";
import { json } from "../support/fake-network.ts";
import { createHarness, type EditPayload, readEdit } from "../support/harness.ts";
import {
  ASYNC_FORM,
  acceptAllEdits,
  bytesAt,
  EVENTS_URL,
  harnessWithFakes,
  IDEOGRAM,
  readCall,
  sentTo,
  transparentAt,
} from "../support/ideogram.ts";
import { fakePng, pngResponse } from "../support/images.ts";
import {
  type Attachment,
  click,
  command,
  imagine,
  imagineWith,
  originalMessageOf,
  submitForm,
} from "../support/interactions.ts";
import { decodePng } from "../support/png.ts";

/** What every v2 request sends besides its fields: async, with the webhook at the interactions' origin. */
const ASYNC_FIELDS = { async: true, webhook_url: EVENTS_URL };

type Harness = Awaited<ReturnType<typeof createHarness>>;
type Answer = { type: number; data?: { content?: string; flags?: number; components?: unknown[] } };

const V3 = "/v2/image/generate/ideogram-3";
const V3_CHARACTER = "/v2/image/generate/ideogram-3-character";
const V3_REMIX = "/v2/image/remix/ideogram-3";
const V4 = "/v2/image/generate/ideogram-4";
const V4_REMIX = "/v2/image/remix/ideogram-4";
const V45 = "/v2/image/generate/ideogram-4-5";
const UPLOADS = "https://cdn.discordapp.com/ephemeral-attachments/1/2/";

/** Serves an upload at its CDN URL; returns its bytes. */
function serveUpload(h: Harness, name: string): { attachment: Attachment; bytes: Uint8Array } {
  const bytes = fakePng(`upload-${name}`);
  const url = `${UPLOADS}${name}?ex=1&is=2&hm=3`;
  h.network.on("GET", url, () => pngResponse(bytes));
  return { attachment: { url, filename: name }, bytes };
}

async function send(h: Harness, interaction: { token: string }) {
  const answer = await (await h.interact(interaction)).json<Answer>();
  await h.drain();
  const last = h.network.callsTo("PATCH", originalMessageOf(interaction)).at(-1);
  return { answer, final: last ? await readEdit(last.request) : undefined };
}

/** An /imagine the rules refuse: its private answer says `message`, and nothing reached the network. */
async function expectRefused(options: Record<string, string | number | boolean>, message: string) {
  const h = await harnessWithFakes();
  const { answer } = await send(h, imagine(options));
  expect(answer.data?.content).toContain(message);
  expect(h.network.calls).toHaveLength(0);
}

const calls = (h: Harness, path: string) =>
  Promise.all(sentTo(h.network, path).map((c) => readCall(c.request)));

const fieldOf = (payload: EditPayload | undefined, name: string) =>
  payload?.embeds?.[0]?.fields?.find((f) => f.name === name)?.value;

/** What /usage says today: the member's images and (the member manages the server) the server's spend. */
async function usage(h: Harness): Promise<{ images: number; usd: number }> {
  const base = command("usage", {}, { token: `usage-${Math.random()}` });
  const interaction = { ...base, member: { ...base.member, permissions: "32" } };
  const answer = await (await h.interact(interaction)).json<Answer>();
  const text = answer.data?.content ?? "";
  const images = Number(/\*\*You today:\*\* (\d+) image/.exec(text)?.[1]);
  const usd = Number(/\*\*This server today:\*\*.*?about \$([\d.]+)/.exec(text)?.[1]);
  return { images, usd };
}

/** How a job changed today's usage. */
async function spentBy(h: Harness, run: () => Promise<unknown>) {
  const before = await usage(h);
  await run();
  const after = await usage(h);
  return { images: after.images - before.images, usd: Math.round((after.usd - before.usd) * 100) / 100 };
}

describe("Ideogram 3.0", () => {
  it("sends POST /v2/image/generate/ideogram-3 as a form in v2's spelling, asynchronously", async () => {
    const h = await harnessWithFakes();
    const interaction = imagine(
      {
        prompt: "a lighthouse at dusk",
        model: "V_3",
        speed: "QUALITY",
        aspect_ratio: "ASPECT_16_9",
        style: "REALISTIC",
        magic_prompt: "OFF",
        negative_prompt: "people",
        count: 2,
        seed: 42,
        palette: "ember",
      },
      { token: "v3-token" },
    );
    let sent: Awaited<ReturnType<typeof send>> | undefined;
    const spent = await spentBy(h, async () => (sent = await send(h, interaction)));
    const { answer, final } = sent ?? {};
    expect(answer).toEqual({ type: 5 });
    // 3.0 Quality: $0.09 an image.
    expect(spent).toEqual({ images: 2, usd: 0.18 });
    const [call] = await calls(h, V3);
    expect(call?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(call?.fields).toEqual({
      prompt: "a lighthouse at dusk",
      aspect_ratio: "16x9",
      rendering_speed: "quality",
      style_type: "realistic",
      magic_prompt: "off",
      negative_prompt: "people",
      num_images: "2",
      seed: "42",
      // A JSON part (encoding.color_palette.contentType: application/json).
      color_palette: { name: "ember" },
      ...ASYNC_FORM,
    });
    expect(h.network.callsTo("POST", `${IDEOGRAM}/generate`)).toHaveLength(0);
    expect(final?.files.map((f) => f.bytes)).toEqual([
      bytesAt("https://x/v3-generate-1-0.png"),
      bytesAt("https://x/v3-generate-1-1.png"),
    ]);
    expect(fieldOf(final?.payload, "Model")).toBe("Ideogram 3.0 · Quality (`V_3`)");
    expect(fieldOf(final?.payload, "Style")).toBe("Realistic");
    expect(fieldOf(final?.payload, "Negative prompt")).toBe("people");
  });

  it("sends a style preset in words and style codes as repeated parts, and names them under the result", async () => {
    const h = await harnessWithFakes();
    await send(
      h,
      imagine({ prompt: "a poster", model: "V_3", style_preset: "Art Deco" }, { token: "preset" }),
    );
    await send(
      h,
      imagine({ prompt: "a poster", model: "V_3", style_code: "aaff5733, 0011AABB" }, { token: "codes" }),
    );
    const [preset, codes] = await calls(h, V3);
    expect(preset?.fields).toEqual({ prompt: "a poster", style_preset: "art_deco", ...ASYNC_FORM });
    expect(codes?.fields).toEqual({
      prompt: "a poster",
      style_codes: ["AAFF5733", "0011AABB"],
      ...ASYNC_FORM,
    });
    const last = await readEdit(
      h.network.callsTo("PATCH", originalMessageOf({ token: "preset" })).at(-1)!.request,
    );
    expect(fieldOf(last.payload, "Style preset")).toBe("Art Deco");
  });

  it("sends an attached style reference and character reference to 3.0's character model, priced as such", async () => {
    const h = await harnessWithFakes();
    const style = serveUpload(h, "style.png");
    const character = serveUpload(h, "me.png");
    const interaction = imagineWith(
      { prompt: "a knight", model: "V_3" },
      { style_ref: style.attachment, character_ref: character.attachment },
    );
    let final: Awaited<ReturnType<typeof send>>["final"];
    // 3.0 with a character reference at the Default speed: $0.15 an image.
    expect(await spentBy(h, async () => ({ final } = await send(h, interaction)))).toEqual({
      images: 1,
      usd: 0.15,
    });
    expect(await calls(h, V3)).toEqual([]);
    const [call] = await calls(h, V3_CHARACTER);
    expect(call?.fields).toEqual({ prompt: "a knight", ...ASYNC_FORM });
    expect(call?.files.style_reference_images?.map((f) => f.bytes)).toEqual([style.bytes]);
    expect(call?.files.character_reference_images?.map((f) => f.bytes)).toEqual([character.bytes]);
    expect(fieldOf(final?.payload, "References")).toBe("style: style.png · character: me.png");
  });

  it("refuses Flash on 3.0 (its v2 endpoints have none) before anything is spent", async () => {
    const h = await harnessWithFakes();
    const { answer } = await send(h, imagine({ prompt: "a knight", model: "V_3", speed: "FLASH" }));
    expect(answer.data?.flags).toBe(64);
    expect(answer.data?.content).toContain(
      "`speed` Flash isn't available on Ideogram 3.0 (`V_3`): it has Turbo, Default, Quality.",
    );
    expect(h.network.calls).toHaveLength(0);
  });

  it("refuses a style 3.0's character model does not take, with a character reference, before anything is spent", async () => {
    const h = await harnessWithFakes();
    const character = serveUpload(h, "me.png");
    const { answer } = await send(
      h,
      imagineWith(
        { prompt: "a knight", model: "V_3", style: "DESIGN" },
        { character_ref: character.attachment },
      ),
    );
    expect(answer.data?.flags).toBe(64);
    expect(answer.data?.content).toContain(
      "`style` Design can't be used with a character reference on Ideogram 3.0 (`V_3`): it takes Auto, Realistic, Fiction.",
    );
    expect(h.network.calls.filter((c) => c.url.startsWith(IDEOGRAM))).toHaveLength(0);
  });

  it("remixes an attached image prompt through 3.0's remix, with its weight", async () => {
    const h = await harnessWithFakes();
    const upload = serveUpload(h, "sketch.png");
    const { final } = await send(
      h,
      imagineWith({ prompt: "a castle", model: "V_3", image_weight: 80 }, { image: upload.attachment }),
    );
    const [call] = await calls(h, V3_REMIX);
    expect(call?.fields).toEqual({ prompt: "a castle", image_weight: "80", ...ASYNC_FORM });
    expect(call?.files.image?.[0]?.bytes).toEqual(upload.bytes);
    expect(final?.payload.embeds?.[0]?.footer?.text).toBe("Image prompt: sketch.png");
  });

  it("varies a 3.0 image with 3.0's remix, keeping its request and its style reference", async () => {
    const h = await harnessWithFakes();
    const style = serveUpload(h, "style.png");
    const first = imagineWith(
      { prompt: "a knight", model: "V_3", speed: "TURBO", count: 2, seed: 7 },
      { style_ref: style.attachment },
    );
    const { final } = await send(h, first);
    // Discord's link has expired by the time anyone clicks: the bot kept its own copy.
    h.network.onFirst("GET", style.attachment.url, () => new Response("gone", { status: 404 }));
    const vary = await send(h, click(`vary:${first.id}:1`));
    expect(vary.answer).toEqual({ type: 5 });
    const [remix] = await calls(h, V3_REMIX);
    expect(remix?.fields).toEqual({
      prompt: "a knight",
      rendering_speed: "turbo",
      num_images: "2",
      image_weight: "50",
      ...ASYNC_FORM,
    });
    expect(remix?.files.image?.[0]?.bytes).toEqual(final?.files[1]?.bytes);
    expect(remix?.files.style_reference_images?.map((f) => f.bytes)).toEqual([style.bytes]);
    // Re-roll asks 3.0's generate again, without the seed, with the kept reference.
    await send(h, click(`reroll:${first.id}`));
    const [, again] = await calls(h, V3);
    expect(again?.fields).toEqual({
      prompt: "a knight",
      rendering_speed: "turbo",
      num_images: "2",
      ...ASYNC_FORM,
    });
    expect(again?.files.style_reference_images?.map((f) => f.bytes)).toEqual([style.bytes]);
  });
});

describe("Ideogram 4.0", () => {
  it("sends POST /v2/image/generate/ideogram-4 as lowercase JSON, an aspect ratio as its 1K size", async () => {
    const h = await harnessWithFakes();
    const { final } = await send(
      h,
      imagine({
        prompt: "a city",
        model: "V_4",
        speed: "QUALITY",
        aspect_ratio: "ASPECT_16_9",
        magic_prompt: "ON",
      }),
    );
    const [call] = await calls(h, V4);
    expect(call?.contentType).toMatch(/^application\/json/);
    // v2, asynchronously: Ideogram posts the finished generation to the Worker's events route.
    expect(call?.fields).toEqual({
      prompt: "a city",
      magic_prompt: "on",
      rendering_speed: "quality",
      resolution: "1280x720",
      ...ASYNC_FIELDS,
    });
    expect(fieldOf(final?.payload, "Model")).toBe("Ideogram 4.0 · Quality (`V_4`)");
    expect(fieldOf(final?.payload, "Style")).toBeUndefined();
    expect(final?.files.map((f) => f.bytes)).toEqual([bytesAt("https://x/v4-generate-1-0.png")]);
  });

  it("varies a 4.0 image with 4.0's remix, which takes no magic prompt or seed", async () => {
    const h = await harnessWithFakes();
    const first = imagine({
      prompt: "a city",
      model: "V_4",
      magic_prompt: "ON",
      seed: 9,
      resolution: "2048x2048",
    });
    const { final } = await send(h, first);
    await send(h, click(`subtle:${first.id}:0`));
    const [remix] = await calls(h, V4_REMIX);
    expect(remix?.contentType).toMatch(/^multipart\/form-data/);
    expect(remix?.fields).toEqual({
      prompt: "a city",
      resolution: "2048x2048",
      image_weight: "75",
      async: "true",
      webhook_url: ASYNC_FIELDS.webhook_url,
    });
    expect(remix?.files.image?.[0]?.bytes).toEqual(final?.files[0]?.bytes);
  });

  it("offers a 4.0 result's edit form without a negative prompt", async () => {
    const h = await harnessWithFakes();
    const first = imagine({ prompt: "a city", model: "V_4" });
    await send(h, first);
    const form = await (await h.interact(click(`edit:${first.id}`))).json<{
      type: number;
      data: { components: { component: { custom_id: string } }[] };
    }>();
    expect(form.type).toBe(9);
    expect(form.data.components.map((c) => c.component.custom_id)).toEqual(["prompt", "seed"]);
    const edited = submitForm(`edit:${first.id}`, { prompt: "a city at night", seed: "" });
    await send(h, edited);
    const [, again] = await calls(h, V4);
    expect(again?.fields).toEqual({ prompt: "a city at night", ...ASYNC_FIELDS });
  });

  it.each([
    [{ speed: "FLASH" }, "`speed` Flash isn't available on Ideogram 4.0 (`V_4`)"],
    [{ style: "GENERAL" }, "`style` can't be used with Ideogram 4.0 (`V_4`)"],
    [{ palette: "ember" }, "`palette` can't be used with Ideogram 4.0 (`V_4`)"],
    [{ resolution: "1312x736" }, "`resolution` 1312x736 isn't one of Ideogram 4.0 (`V_4`)'s sizes"],
  ])("refuses %o on 4.0 before anything is spent", (options, message) =>
    expectRefused({ prompt: "a city", model: "V_4", ...options }, message),
  );
});

describe("Ideogram 4.5", () => {
  it("sends POST /v2/image/generate/ideogram-4-5 with quality High and an aspect ratio as its size, and names both", async () => {
    const h = await harnessWithFakes();
    const { final } = await send(
      h,
      imagine({ prompt: "a harbour", model: "V_4_5", aspect_ratio: "ASPECT_16_9", seed: 5 }),
    );
    const [call] = await calls(h, V45);
    expect(call?.contentType).toMatch(/^multipart\/form-data/);
    // No speed asked: 4.5's own default without sources (high), sent so price and label agree.
    expect(call?.fields).toEqual({
      prompt: "a harbour",
      seed: "5",
      size: "1280x720",
      quality: "high",
      async: "true",
      webhook_url: EVENTS_URL,
    });
    expect(fieldOf(final?.payload, "Model")).toBe("Ideogram 4.5 · High (`V_4_5`)");
    expect(fieldOf(final?.payload, "Resolution")).toBe("1280x720 · 1K");
    expect(final?.files).toHaveLength(1);
  });

  it.each([
    ["TURBO", "low", 0.03],
    ["DEFAULT", "medium", 0.06],
    ["QUALITY", "high", 0.1],
  ])("maps speed %s to quality %s and counts $%s an image", async (speed, quality, usd) => {
    const h = await harnessWithFakes();
    const spent = await spentBy(h, () =>
      send(h, imagine({ prompt: "a harbour", model: "V_4_5", speed, count: 2 })),
    );
    const [call] = await calls(h, V45);
    expect(call?.fields.quality).toBe(quality);
    expect(call?.fields.rendering_speed).toBeUndefined();
    expect(spent).toEqual({ images: 2, usd: Math.round(usd * 2 * 100) / 100 });
  });

  it("takes a 2K size from its own list as `size`, and says its tier under the result", async () => {
    const h = await harnessWithFakes();
    const { final } = await send(
      h,
      imagine({ prompt: "a harbour", model: "V_4_5", resolution: "2560x1440" }),
    );
    const [call] = await calls(h, V45);
    expect(call?.fields.size).toBe("2560x1440");
    expect(fieldOf(final?.payload, "Resolution")).toBe("2560x1440 · 2K");
  });

  it("varies a 4.5 image through 4.5's generate with the image as its first `images` part, and no weight", async () => {
    const h = await harnessWithFakes();
    const first = imagine({ prompt: "a harbour", model: "V_4_5", speed: "DEFAULT" });
    const { final } = await send(h, first);
    await send(h, click(`subtle:${first.id}:0`));
    const [, vary] = await calls(h, V45);
    expect(vary?.fields).toMatchObject({ prompt: "a harbour", quality: "medium" });
    expect(vary?.fields.image_weight).toBeUndefined();
    expect(vary?.files.images?.[0]?.bytes).toEqual(final?.files[0]?.bytes);
  });

  it.each([
    [{ speed: "FLASH" }, "`speed` Flash isn't available on Ideogram 4.5 (`V_4_5`)"],
    [{ style: "GENERAL" }, "`style` can't be used with Ideogram 4.5 (`V_4_5`)"],
    [{ palette: "ember" }, "`palette` can't be used with Ideogram 4.5 (`V_4_5`)"],
    [{ negative_prompt: "boats" }, "can't be used with Ideogram 4.5 (`V_4_5`)"],
    [{ resolution: "512x1536" }, "`resolution` 512x1536 isn't one of Ideogram 4.5 (`V_4_5`)'s sizes"],
  ])("refuses %o on 4.5 before anything is spent", (options, message) =>
    expectRefused({ prompt: "a harbour", model: "V_4_5", ...options }, message),
  );
});

describe("transparent images", () => {
  const V3_TRANSPARENT = "/v2/image/generate/ideogram-3-transparent";
  const V4_TRANSPARENT = "/v2/image/generate/ideogram-4-transparent";

  it("makes a 3.0 transparent image with JSON, and posts Ideogram's PNG with its alpha unchanged", async () => {
    const h = await harnessWithFakes();
    const spent = await spentBy(h, async () => {
      const { final } = await send(
        h,
        imagine({ prompt: "a paper crane", model: "V_3", transparent: true, aspect_ratio: "ASPECT_16_9" }),
      );
      const [call] = await calls(h, V3_TRANSPARENT);
      expect(call?.contentType).toMatch(/^application\/json/);
      expect(call?.fields).toEqual({ prompt: "a paper crane", aspect_ratio: "16x9", ...ASYNC_FIELDS });
      expect(sentTo(h.network, V3)).toHaveLength(0);
      // The posted file is Ideogram's PNG byte for byte: RGBA (colour type 6), clear and opaque pixels.
      const posted = final?.files[0];
      expect(posted?.name).toMatch(/\.png$/);
      expect(posted?.type).toBe("image/png");
      const served = await transparentAt(`https://x/v3-generate-transparent-1-0.png`);
      expect(posted?.bytes).toEqual(served);
      const png = await decodePng(posted?.bytes ?? new Uint8Array());
      expect(png.type).toBe(6);
      const alphas = new Set(png.pixels.filter((_, i) => i % 4 === 3));
      expect([...alphas].sort((a, b) => a - b)).toEqual([0, 255]);
      expect(fieldOf(final?.payload, "Background")).toBe("Transparent (PNG)");
      // The transparent model takes no style: the result names none.
      expect(fieldOf(final?.payload, "Style")).toBeUndefined();
    });
    // 3.0 transparent at Default: $0.07 (quoted exactly first).
    expect(spent).toEqual({ images: 1, usd: 0.07 });
  });

  it("makes a 4.0 transparent image with its own aspect ratio (not 4.0's sizes), and `--transparent` asks it", async () => {
    const h = await harnessWithFakes();
    await send(h, imagine({ prompt: "a paper crane --v 4 --ar 9:16 --transparent --turbo" }));
    const [call] = await calls(h, V4_TRANSPARENT);
    expect(call?.fields).toEqual({
      prompt: "a paper crane",
      aspect_ratio: "9x16",
      rendering_speed: "turbo",
      ...ASYNC_FIELDS,
    });
    expect(sentTo(h.network, V4)).toHaveLength(0);
  });

  it("re-rolls a transparent image as a transparent image", async () => {
    const h = await harnessWithFakes();
    const first = imagine({ prompt: "a paper crane", model: "V_3", transparent: true });
    await send(h, first);
    await send(h, click(`reroll:${first.id}`));
    expect(await calls(h, V3_TRANSPARENT)).toHaveLength(2);
  });

  it("varies a transparent image with 3.0's remix, which makes an opaque one (it has no transparent twin)", async () => {
    const h = await harnessWithFakes();
    const first = imagine({ prompt: "a paper crane", model: "V_3", transparent: true });
    await send(h, first);
    const { answer } = await send(h, click(`subtle:${first.id}:0`));
    expect(answer.type).toBe(5);
    const [vary] = await calls(h, V3_REMIX);
    expect(vary?.fields).toMatchObject({ prompt: "a paper crane", image_weight: "75" });
    expect(vary?.fields.transparent).toBeUndefined();
  });

  it.each([
    [
      { model: "V_2" },
      "`transparent` can't be used with Ideogram 2.0 (`V_2`). Pick `V_3`, `V_4` as `model`, or leave `transparent` out.",
    ],
    [
      { model: "V_4_5" },
      "`transparent` can't be used with Ideogram 4.5 (`V_4_5`). Pick `V_3`, `V_4` as `model`, or leave `transparent` out.",
    ],
    [
      { model: "V_3", style_preset: "Watercolor" },
      "`style_preset` can't be used with Ideogram 3.0 (`V_3`) for a transparent image. Leave `style_preset` out.",
    ],
    [
      { model: "V_4", resolution: "1280x720" },
      "`resolution` can't be used with Ideogram 4.0 (`V_4`) for a transparent image. Leave `resolution` out.",
    ],
  ])("refuses %o with transparent before anything is spent", (options, message) =>
    expectRefused({ prompt: "a crane", transparent: true, ...options }, message),
  );

  it("refuses transparent with an image prompt (it makes a new image)", async () => {
    const h = await harnessWithFakes();
    const { attachment } = serveUpload(h, "crane.png");
    const { answer } = await send(
      h,
      imagineWith({ prompt: "a crane", model: "V_3", transparent: true }, { image: attachment }),
    );
    expect(answer.data?.content).toContain(
      "`transparent` can't be used with Ideogram 3.0 (`V_3`) with an image prompt.",
    );
    expect(sentTo(h.network, V3_REMIX)).toHaveLength(0);
  });
});

describe("estimated prices", () => {
  it("counts an upscale at its estimate, and /usage says how much of the day is estimated", async () => {
    const h = await harnessWithFakes();
    const first = imagine({ prompt: "a fox", model: "V_2_TURBO" });
    await send(h, first);
    const before = await usage(h);
    await send(h, click(`upscale:${first.id}:0`));
    const interaction = command("usage", {}, { token: `usage-${Math.random()}` });
    const answer = await (
      await h.interact({ ...interaction, member: { ...interaction.member, permissions: "32" } })
    ).json<Answer>();
    expect(answer.data?.content).toMatch(
      /≈ \$0\.\d\d of it estimated \(no published price, or no exact quote from Ideogram yet\)/,
    );
    expect((await usage(h)).usd - before.usd).toBeCloseTo(0.06, 5);
  });
});

describe("the legacy models", () => {
  it("turn speed Turbo into their Turbo model on POST /generate", async () => {
    const h = await harnessWithFakes();
    await send(h, imagine({ prompt: "a fox", model: "V_2A", speed: "TURBO" }));
    const [call] = await calls(h, "/generate");
    expect(call?.fields).toEqual({ prompt: "a fox", model: "V_2A_TURBO" });
  });
});

describe("attachments", () => {
  it.each([
    [
      { content_type: "image/gif", filename: "cat.gif" },
      "`image`: `cat.gif` is image/gif; Ideogram reads PNG, JPEG and WebP images.",
    ],
    [{ size: 12 * 1024 * 1024 }, "`image`: `photo.png` is 12.0 MB; Ideogram takes at most 10 MB."],
  ])("refuses %o privately, queueing nothing", async (upload, message) => {
    const h = await harnessWithFakes();
    const answer = await (
      await h.interact(
        imagineWith({ prompt: "x", model: "V_3" }, { image: { url: `${UPLOADS}x.png`, ...upload } }),
      )
    ).json<Answer>();
    expect(answer.data?.content).toBe(`Nothing was generated:\n• ${message}`);
    expect(h.network.calls).toHaveLength(0);
  });

  it("ends a job whose attachment can't be downloaded with a plain message, and charges nothing", async () => {
    const h = await harnessWithFakes();
    const url = `${UPLOADS}gone.png?ex=1`;
    h.network.on("GET", url, () => new Response("gone", { status: 404 }));
    const interaction = imagineWith(
      { prompt: "x", model: "V_3" },
      { style_ref: { url, filename: "gone.png" } },
    );
    let final: Awaited<ReturnType<typeof send>>["final"];
    expect(await spentBy(h, async () => ({ final } = await send(h, interaction)))).toEqual({
      images: 0,
      usd: 0,
    });
    expect(final?.payload.content).toContain("I couldn't download `gone.png` from Discord (HTTP 404)");
    expect(h.network.callsTo("POST", IDEOGRAM)).toHaveLength(0);
  });
});

describe("a deployment's DEFAULT_MODEL", () => {
  it("is the model autocomplete offers sizes for when none is chosen", async () => {
    const h = await harnessWithFakes({ DEFAULT_MODEL: "V_4" });
    const autocomplete = {
      ...imagine({ prompt: "x" }),
      type: 4,
      data: { name: "imagine", options: [{ name: "resolution", type: 3, value: "2048", focused: true }] },
    };
    const answer = await (await h.interact(autocomplete)).json<{ data: { choices: { value: string }[] } }>();
    expect(answer.data.choices.map((c) => c.value)).toContain("RESOLUTION_2048_2048");
  });
});

describe("Ideogram's refusals on the new endpoints", () => {
  it("tells the user the account is out of credit (402) and the owner in an error log", async () => {
    const h = await createHarness();
    acceptAllEdits(h.network);
    h.network.on("POST", `${IDEOGRAM}${V3}`, () =>
      json({ error: "Insufficient funds", reject_reason: "insufficient_funds" }, 402),
    );
    let final: Awaited<ReturnType<typeof send>>["final"];
    const interaction = imagine({ prompt: "a fox", model: "V_3" });
    expect(await spentBy(h, async () => ({ final } = await send(h, interaction)))).toEqual({
      images: 0,
      usd: 0,
    });
    expect(final?.payload.content).toContain("out of credit");
    expect(h.logs.find((l) => l.includes("ideogram_failed"))).toContain('"level":"error"');
  });

  it("waits out a 429 inflight_limit on 4.0 and tries again", async () => {
    const inflight = () =>
      json({ error: "Too many requests", reject_reason: "inflight_limit" }, 429, { "Retry-After": "0" });
    const h = await harnessWithFakes(
      {},
      { refuse: (path, call) => (path === V4 && call === 1 ? inflight() : undefined) },
    );
    const { final } = await send(h, imagine({ prompt: "a fox", model: "V_4" }));
    expect(h.network.callsTo("POST", `${IDEOGRAM}${V4}`)).toHaveLength(2);
    expect(final?.files).toHaveLength(1);
  });
});

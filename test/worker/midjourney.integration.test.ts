// Midjourney's prompt language through signed /interactions → scheduler → the fake Ideogram strict to
// the reference → fake Discord: the exact fields each mapped parameter produces on a legacy model and
// on 3.0, the prompt Ideogram receives, what the result says ran, and refusals that call no one.
import { describe, expect, it } from "vitest";
import { type createHarness, type EditPayload, readEdit } from "../support/harness.ts";
import { ASYNC_FORM, harnessWithFakes, IDEOGRAM, readCall, sentTo } from "../support/ideogram.ts";
import { fakePng, pngResponse } from "../support/images.ts";
import { click, imagine, originalMessageOf } from "../support/interactions.ts";

type Harness = Awaited<ReturnType<typeof createHarness>>;
type Answer = { type: number; data?: { content?: string; flags?: number } };

async function send(h: Harness, interaction: { token: string }) {
  const answer = await (await h.interact(interaction)).json<Answer>();
  await h.drain();
  const last = h.network.callsTo("PATCH", originalMessageOf(interaction)).at(-1);
  return { answer, final: last ? await readEdit(last.request) : undefined };
}

const ideogramCalls = (h: Harness) => h.network.calls.filter((c) => c.url.startsWith(IDEOGRAM));
const lastCall = async (h: Harness, path: string) => {
  const call = sentTo(h.network, path).at(-1);
  return call && (await readCall(call.request)).fields;
};
const fieldOf = (payload: EditPayload | undefined, name: string) =>
  payload?.embeds?.[0]?.fields?.find((f) => f.name === name)?.value;

describe("Midjourney's parameters in /imagine", () => {
  it("sends a legacy model the fields they mean, and the prompt without them", async () => {
    const h = await harnessWithFakes();
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
    const h = await harnessWithFakes();
    await send(h, imagine({ prompt: "a fox —ar 3:2 —draft —v 3 —sref aaff5733" }));
    expect(await lastCall(h, "/v2/image/generate/ideogram-3")).toEqual({
      prompt: "a fox",
      aspect_ratio: "3x2",
      // The fastest 3.0 has on v2.
      rendering_speed: "turbo",
      style_codes: ["AAFF5733"],
      ...ASYNC_FORM,
    });
  });

  it("maps --turbo on a legacy model onto its Turbo model, and says so", async () => {
    const h = await harnessWithFakes();
    const { final } = await send(h, imagine({ prompt: "a fox --v 2a --turbo" }));
    expect(await lastCall(h, "/generate")).toEqual({ prompt: "a fox", model: "V_2A_TURBO" });
    expect(fieldOf(final?.payload, "Parameters")).toBe("--v 2a --turbo");
  });

  it("keeps saying what ran after a re-roll, which drops the seed", async () => {
    const h = await harnessWithFakes();
    const grid = imagine({ prompt: "a fox --seed 7 --ar 1:1 --tile" });
    await send(h, grid);
    const { final } = await send(h, click(`reroll:${grid.id}`));
    expect(await lastCall(h, "/generate")).toEqual({ prompt: "a fox", aspect_ratio: "ASPECT_1_1" });
    expect(fieldOf(final?.payload, "Parameters")).toBe("--ar 1:1\nignored: --tile (no Ideogram equivalent)");
  });

  it("takes an option and a parameter that agree, and says nothing new for a plain prompt", async () => {
    const h = await harnessWithFakes();
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
    const h = await harnessWithFakes();
    const { answer } = await send(h, imagine(options));
    expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answer.data?.content).toContain(message);
    expect(ideogramCalls(h)).toEqual([]);
  });

  it("refuses a ratio the chosen model lacks, from the one rules table", async () => {
    const h = await harnessWithFakes();
    const { answer } = await send(h, imagine({ prompt: "a fox --ar 4:5 --v 1" }));
    expect(answer.data?.content).toContain("isn't available on Ideogram 1.0");
    expect(ideogramCalls(h)).toEqual([]);
  });
});

describe("image links in /imagine", () => {
  const png = fakePng("linked-image");
  const serve = (h: Harness, url: string) => h.network.on("GET", url, () => pngResponse(png));

  it("remixes the image a link at the front points to, fetched by the job", async () => {
    const h = await harnessWithFakes();
    serve(h, "https://images.example.com/fox.png");
    const { final } = await send(
      h,
      imagine({ prompt: "https://images.example.com/fox.png a fox in snow --iw 2" }),
    );
    const call = h.network.callsTo("POST", `${IDEOGRAM}/remix`).at(-1);
    const read = call && (await readCall(call.request));
    expect(read?.fields).toEqual({ prompt: "a fox in snow", image_weight: 75 });
    expect(read?.files.image_file?.[0]?.bytes).toEqual(png);
    expect(final?.files.length).toBe(1);
  });

  it("sends 3.0 an --sref link as a style reference and a --cref link as the character", async () => {
    const h = await harnessWithFakes();
    serve(h, "https://images.example.com/style.png");
    serve(h, "https://images.example.com/me.png");
    await send(
      h,
      imagine({
        prompt:
          "a fox --v 3 --sref https://images.example.com/style.png --cref https://images.example.com/me.png",
      }),
    );
    // A character reference goes to 3.0's character model.
    const call = sentTo(h.network, "/v2/image/generate/ideogram-3-character").at(-1);
    const read = call && (await readCall(call.request));
    expect(Object.keys(read?.files ?? {}).sort()).toEqual([
      "character_reference_images",
      "style_reference_images",
    ]);
  });

  it("serves a link from an allowed origin (PROMPT_URL_ALLOW_ORIGINS), plain http and a port", async () => {
    const h = await harnessWithFakes();
    serve(h, "http://127.0.0.1:8123/fox.png");
    const { final } = await send(h, imagine({ prompt: "http://127.0.0.1:8123/fox.png a fox" }));
    expect(h.network.callsTo("POST", `${IDEOGRAM}/remix`)).toHaveLength(1);
    expect(final?.files.length).toBe(1);
  });

  it.each([
    ["http://images.example.com/fox.png", "must be an https link"],
    ["https://127.0.0.1/fox.png", "must name a host, not an IP address"],
    ["https://localhost/fox.png", "must point to a public host"],
    ["https://images.example.com:8443/fox.png", "must use the standard https port"],
    ["http://127.0.0.1:8124/fox.png", "must be an https link"],
  ])("refuses %s before anything is fetched or spent", async (link, problem) => {
    const h = await harnessWithFakes();
    const { answer } = await send(h, imagine({ prompt: `${link} a fox` }));
    expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answer.data?.content).toContain(problem);
    expect(h.network.calls.filter((c) => c.method === "GET" || c.url.startsWith(IDEOGRAM))).toEqual([]);
  });

  it("ends the job with a plain message, and no Ideogram call, when a link redirects somewhere refused", async () => {
    const h = await harnessWithFakes();
    h.network.on(
      "GET",
      "https://images.example.com/moved.png",
      () => new Response(null, { status: 302, headers: { Location: "https://169.254.169.254/latest" } }),
    );
    const { answer, final } = await send(
      h,
      imagine({ prompt: "https://images.example.com/moved.png a fox" }),
    );
    expect(answer.type).toBe(5);
    expect(JSON.stringify(final?.payload)).toContain(
      "redirects to a link that must name a host, not an IP address",
    );
    expect(ideogramCalls(h)).toEqual([]);
    expect(h.network.calls.filter((c) => c.url.includes("169.254"))).toEqual([]);
  });

  it("refuses an image given twice, by option and by link", async () => {
    const h = await harnessWithFakes();
    const { answer } = await send(
      h,
      imagine({ prompt: "https://images.example.com/a.png https://images.example.com/b.png a fox" }),
    );
    expect(answer.data?.content).toContain("Ideogram remixes one image");
    expect(h.network.calls).toEqual([]);
  });
});

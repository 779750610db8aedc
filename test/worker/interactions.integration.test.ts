import { describe, expect, it } from "vitest";
import { json } from "../support/fake-network.ts";
import {
  createHarness,
  fakeHappyPath,
  IDEOGRAM_GENERATE,
  ORIGINAL_MESSAGE,
  readEdit,
} from "../support/harness.ts";
import { command, INTERACTION_TOKEN, imagine, ping } from "../support/interactions.ts";
import { createSigner, signedHeaders } from "../support/signing.ts";

const post = (body: string, headers: Record<string, string>) => ({ method: "POST", headers, body });

describe("POST /interactions: verification", () => {
  it("answers a valid PING with {type:1} as JSON", async () => {
    const h = await createHarness();
    const response = await h.interact(ping());
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ type: 1 });
  });

  it.each([
    ["no signature headers", async () => ({ "Content-Type": "application/json" })],
    [
      "a garbage signature",
      async () => ({ "X-Signature-Ed25519": "zz-not-a-signature", "X-Signature-Timestamp": "1700000000" }),
    ],
    ["a signature by another key", async (body: string) => signedHeaders(await createSigner(), body)],
  ])("refuses %s with 401", async (_case, makeHeaders) => {
    const h = await createHarness();
    const body = JSON.stringify(ping());
    const response = await h.request("/interactions", post(body, await makeHeaders(body)));
    expect(response.status).toBe(401);
    expect(h.network.calls).toHaveLength(0);
  });

  it("refuses a tampered body with 401", async () => {
    const h = await createHarness();
    const body = JSON.stringify(ping());
    const headers = await signedHeaders(h.signer, body);
    const response = await h.request("/interactions", post(body.replace('"type":1', '"type":2'), headers));
    expect(response.status).toBe(401);
  });

  it("refuses a tampered timestamp with 401", async () => {
    const h = await createHarness();
    const body = JSON.stringify(ping());
    const headers = await signedHeaders(h.signer, body, "1700000000");
    const response = await h.request(
      "/interactions",
      post(body, { ...headers, "X-Signature-Timestamp": "1700000001" }),
    );
    expect(response.status).toBe(401);
  });

  it("answers signed but malformed JSON with 400", async () => {
    const h = await createHarness();
    const body = '{"type":1,';
    const response = await h.request("/interactions", post(body, await signedHeaders(h.signer, body)));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "request body is not valid JSON" });
  });

  it("answers an unknown interaction type with 400", async () => {
    const h = await createHarness();
    const response = await h.interact({ ...ping(), type: 99 });
    expect(response.status).toBe(400);
  });

  it("answers an unknown command with an ephemeral message", async () => {
    const h = await createHarness();
    const response = await h.interact(command("dance"));
    expect(response.status).toBe(200);
    const body = await response.json<{ type: number; data: { flags: number; content: string } }>();
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toContain("unknown");
    expect(h.network.calls).toHaveLength(0);
  });
});

describe("POST /interactions: configuration", () => {
  it.each(["DISCORD_PUBLIC_KEY", "IDEOGRAM_API_KEY", "DISCORD_APPLICATION_ID"])(
    "answers 500 and logs the variable's name when %s is missing",
    async (variable) => {
      const h = await createHarness({ [variable]: undefined });
      const response = await h.interact(ping());
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain("test-ideogram-key");
      expect(h.logs.join("\n")).toContain(`${variable} is not set`);
    },
  );

  it("names an invalid value without echoing it", async () => {
    const h = await createHarness({ IDEOGRAM_TIMEOUT_MS: "soon" });
    expect((await h.interact(ping())).status).toBe(500);
    expect(h.logs.join("\n")).toContain("IDEOGRAM_TIMEOUT_MS must be a number");
    expect(h.logs.join("\n")).not.toContain("soon");
  });
});

describe("/imagine", () => {
  it("defers at once, then replaces the deferred message with the generated images", async () => {
    const h = await createHarness();
    const { bytes } = fakeHappyPath(h.network, [{ seed: 7 }, { seed: 8 }]);
    const response = await h.interact(imagine({ prompt: "a lighthouse", count: 2 }));
    expect(await response.json()).toEqual({ type: 5 });
    await h.drain();

    // Ideogram answered at once, so the message went straight from "thinking…" to the result.
    const edits = h.network.callsTo("PATCH", ORIGINAL_MESSAGE);
    expect(edits).toHaveLength(1);
    const { payload, files } = await readEdit(edits[0]!.request);
    expect(files.map((f) => f.field)).toEqual(["files[0]", "files[1]"]);
    expect(files.map((f) => f.bytes)).toEqual(bytes);
    expect(payload.attachments?.map((a) => a.filename)).toEqual(["ideogram-1-7.png", "ideogram-2-8.png"]);
  });

  it("sends the Ideogram key in the Api-Key header and nothing else from the config", async () => {
    const h = await createHarness();
    fakeHappyPath(h.network);
    await h.interact(imagine({ prompt: "a lighthouse" }));
    await h.drain();
    const [call] = h.network.callsTo("POST", IDEOGRAM_GENERATE);
    expect(call?.headers.get("Api-Key")).toBe("test-ideogram-key-0123456789");
    expect(await call?.request.json()).toEqual({ image_request: { prompt: "a lighthouse" } });
  });

  it.each([
    ["aspect_ratio", "ASPECT_16_9", "aspect_ratio"],
    ["model", "V_2_TURBO", "model"],
    ["style", "RENDER_3D", "style_type"],
    ["magic_prompt", "OFF", "magic_prompt_option"],
    ["negative_prompt", "blurry, text", "negative_prompt"],
    ["seed", 2147483647, "seed"],
    ["seed", 0, "seed"],
    ["count", 8, "num_images"],
  ])("passes option %s=%s into image_request.%s unchanged", async (option, value, field) => {
    const h = await createHarness();
    fakeHappyPath(h.network);
    await h.interact(imagine({ prompt: "a lighthouse", [option]: value }));
    await h.drain();
    const [call] = h.network.callsTo("POST", IDEOGRAM_GENERATE);
    expect(await call?.request.json()).toEqual({ image_request: { prompt: "a lighthouse", [field]: value } });
  });

  it.each([
    [{ seed: -1 }, "`seed` must be a whole number from 0 to 2147483647"],
    [{ seed: 2147483648 }, "`seed` must be a whole number from 0 to 2147483647"],
    [{ count: 9 }, "`count` must be a whole number from 1 to 8"],
    [{ count: 1.5 }, "`count` must be a whole number from 1 to 8"],
    [{ model: "V_5" }, "`model` must be one of V_1, V_1_TURBO, V_2, V_2_TURBO, V_2A, V_2A_TURBO, V_3, V_4"],
    [{ aspect_ratio: "ASPECT_7_4" }, "`aspect_ratio` must be one of"],
    [
      { aspect_ratio: "ASPECT_2_1" },
      "`aspect_ratio` 2:1 isn't available on Ideogram 2.0 (`V_2`). 2:1 is on `V_3`, `V_4`, `V_4_5`.",
    ],
    [
      { model: "V_4", speed: "FLASH" },
      "`speed` Flash isn't available on Ideogram 4.0 (`V_4`): it has Turbo, Default, Quality.",
    ],
    [
      { model: "V_4", negative_prompt: "text" },
      "`negative_prompt` can't be used with Ideogram 4.0 (`V_4`). Pick `V_1`, `V_1_TURBO`, `V_2`, `V_2_TURBO`, `V_3` as `model`",
    ],
    [
      { style_preset: "ART_DECO" },
      "`style_preset` can't be used with Ideogram 2.0 (`V_2`). Pick `V_3` as `model`",
    ],
    [
      { model: "V_3", style: "ANIME" },
      "`style` Anime isn't available on Ideogram 3.0 (`V_3`): it has Auto, General, Realistic, Design, Fiction. Anime is on `V_2`",
    ],
    [
      { model: "V_2", speed: "QUALITY" },
      "`speed` Quality can't be used with Ideogram 2.0 (`V_2`). Pick `V_3`, `V_4`, `V_4_5` as `model`, or leave `speed` out. (On the legacy models, `speed` Turbo picks their Turbo model.)",
    ],
    [
      { model: "V_3", style: "DESIGN", style_code: "AAFF5733" },
      "`style_code` and `style` can't be used together: style codes are a style of their own. Keep one of them.",
    ],
    [{ model: "V_3", style_code: "AAFF573" }, "`style_code` has `AAFF573`, which is not a style code"],
    [
      { style_preset: "Sunset Glow" },
      "`style_preset` `Sunset Glow` is not one of Ideogram 3.0's style presets",
    ],
    [{ image_weight: 40 }, "`image_weight` says how closely a remix follows `image`"],
    [{ prompt: "   " }, "`prompt` can't be empty"],
    [{ steps: 30 }, "unknown option `steps`"],
  ])("refuses %o with an ephemeral explanation and no Ideogram call", async (options, message) => {
    const h = await createHarness();
    const response = await h.interact(imagine({ prompt: "a lighthouse", ...options }));
    const body = await response.json<{ type: number; data: { flags: number; content: string } }>();
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    // One header, whether the Worker or the model's rules refused it.
    expect(body.data.content).toMatch(/^Nothing was generated:\n• /);
    expect(body.data.content).toContain(message);
    expect(h.network.calls).toHaveLength(0);
  });

  it.each([
    [{ model: "V_1", style: "ANIME" }, "`style` can't be used with Ideogram 1.0 (`V_1`)"],
    [{ model: "V_1_TURBO", style: "AUTO" }, "`style` can't be used with Ideogram 1.0 Turbo (`V_1_TURBO`)"],
    [{ model: "V_2A", negative_prompt: "text" }, "`negative_prompt` can't be used with Ideogram 2a (`V_2A`)"],
    [{ model: "V_2A_TURBO", negative_prompt: "x" }, "`negative_prompt` can't be used with Ideogram 2a Turbo"],
    [{ model: "V_2A", resolution: "1280x720" }, "`resolution` can't be used with Ideogram 2a (`V_2A`)"],
    [{ model: "V_1_TURBO", palette: "ember" }, "`palette` can't be used with Ideogram 1.0 Turbo"],
    [
      { aspect_ratio: "ASPECT_16_9", resolution: "RESOLUTION_1280_720" },
      "`aspect_ratio` and `resolution` can't be used together",
    ],
  ])("explains a combination Ideogram rejects (%o) before spending anything", async (options, message) => {
    const h = await createHarness();
    const response = await h.interact(imagine({ prompt: "a lighthouse", ...options }));
    const body = await response.json<{ type: number; data: { flags: number; content: string } }>();
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toContain(message);
    expect(h.network.calls).toHaveLength(0);
  });

  it("keeps the interaction token and the Ideogram key out of every log line", async () => {
    const h = await createHarness();
    h.network.on("POST", IDEOGRAM_GENERATE, () =>
      json({ error: "bad key test-ideogram-key-0123456789" }, 401),
    );
    h.network.on("PATCH", ORIGINAL_MESSAGE, () => json({}, 200));
    await h.interact(imagine({ prompt: "a lighthouse" }));
    await h.drain();
    const logs = h.logs.join("\n");
    expect(logs).toContain("ideogram_failed");
    expect(logs).not.toContain(INTERACTION_TOKEN);
    expect(logs).not.toContain("test-ideogram-key-0123456789");
  });
});

describe("autocomplete", () => {
  const typing = (option: string, value: string, others: Record<string, string> = {}) => {
    const base = imagine(others);
    return {
      ...base,
      type: 4,
      data: {
        ...base.data,
        options: [...base.data.options, { type: 3, name: option, value, focused: true }],
      },
    };
  };

  it("answers type 8 with at most 25 resolutions matching what is typed", async () => {
    const h = await createHarness();
    const answer = await (await h.interact(typing("resolution", "16:9"))).json<{
      type: number;
      data: { choices: { name: string; value: string }[] };
    }>();
    expect(answer.type).toBe(8);
    expect(answer.data.choices.length).toBeGreaterThan(0);
    expect(answer.data.choices.length).toBeLessThanOrEqual(25);
    expect(answer.data.choices[0]).toEqual({ name: "1280×720 (16:9)", value: "RESOLUTION_1280_720" });
    const everything = await (await h.interact(typing("resolution", ""))).json<typeof answer>();
    expect(everything.data.choices).toHaveLength(25);
    expect(h.network.calls).toHaveLength(0);
  });

  it("offers no resolution for a model that has none", async () => {
    const h = await createHarness();
    const answer = await (await h.interact(typing("resolution", "1024", { model: "V_2A" }))).json();
    expect(answer).toEqual({ type: 8, data: { choices: [] } });
  });
});

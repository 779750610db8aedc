// The playground in a real browser: Debian's Chromium, driven by playwright-core. The page, the
// real Worker (wrangler dev) and the emulators are started the way `npm start` starts them.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LATENCY_MS } from "../../playground/ideogram-emulator.ts";
import { type Launched, launchPlayground } from "../../playground/launch.ts";
import { placeholderImage } from "../../playground/png.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `Skipping the browser test: no Chromium at ${CHROMIUM} (install Debian's chromium, or set CHROMIUM_PATH).`,
  );
}

let launched: Launched | undefined;
const state = mkdtempSync(join(tmpdir(), "playground-"));
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  if (!available) return;
  launched = await launchPlayground({
    port: 0,
    logFile: join(state, "worker.log"),
    persistTo: join(state, "state"),
    ideogramLatencyMs: 300,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  page = await browser.newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await launched?.stop();
  rmSync(state, { recursive: true, force: true });
});

const images = () => page.locator(".message[data-state=shown] img.attachment");

describe.skipIf(!available)("the playground in Chromium", () => {
  it("generates images from the form, re-rolls them, and edits the prompt through the form", async () => {
    await page.goto(launched?.playground.url ?? "");
    await expect(page.locator("#source").textContent()).resolves.toContain("local Ideogram emulator");
    await page.fill("#option-prompt", "a lighthouse in a storm");
    await page.selectOption("#option-aspect_ratio", "ASPECT_16_9");
    await page.fill("#option-count", "2");
    await page.click("#send");

    await page.locator(".message[data-state=thinking]").first().waitFor({ timeout: 10_000 });
    await images().nth(1).waitFor({ timeout: 20_000 });
    expect(await images().count()).toBe(2);
    const first = await images().evaluateAll((els) =>
      els.map((el) => ({ alt: el.getAttribute("alt"), width: (el as HTMLImageElement).naturalWidth })),
    );
    expect(first.map((i) => i.width)).toEqual([1312, 1312]);
    await expect(page.locator(".embed .title").first().textContent()).resolves.toBe(
      "a lighthouse in a storm",
    );

    await page.locator('button[data-custom-id^="reroll:"]').first().click();
    await images().nth(3).waitFor({ timeout: 20_000 });
    const all = await images().evaluateAll((els) => els.map((el) => el.getAttribute("alt")));
    expect(all).toHaveLength(4);
    // New images: the re-roll asked Ideogram for new seeds, so the files differ.
    expect(all.slice(2)).not.toEqual(all.slice(0, 2));
    expect(await page.locator(".message").count()).toBe(2);

    // ✏️ Edit opens Discord's form, prefilled; what is submitted runs as a new request.
    await page.locator('button[data-custom-id^="edit:"]').first().click();
    const prompt = page.locator("#modal-form textarea[name=prompt]");
    await prompt.waitFor({ timeout: 10_000 });
    await expect(prompt.inputValue()).resolves.toBe("a lighthouse in a storm");
    await prompt.fill("a lighthouse at dawn");
    await page.click("#modal-submit");
    await page.locator(".embed .title", { hasText: "a lighthouse at dawn" }).waitFor({ timeout: 20_000 });
    expect(await images().count()).toBe(6);
  }, 60_000);

  it("picks one image of a grid, then uses each tool on it", async () => {
    const sizes = () =>
      images().evaluateAll((els) =>
        els.map((el) => [(el as HTMLImageElement).naturalWidth, (el as HTMLImageElement).naturalHeight]),
      );
    const shown = async (count: number) => {
      await images()
        .nth(count - 1)
        .waitFor({ timeout: 20_000 });
      await page.waitForFunction(
        (n) =>
          [...document.querySelectorAll(".message[data-state=shown] img.attachment")]
            .slice(0, n)
            .every((i) => (i as HTMLImageElement).naturalWidth > 0),
        count,
      );
    };
    const before = await images().count();
    // 📌 Pick 2 posts that image alone, with the single-image tools under it.
    await page.locator('button[data-custom-id^="pick:"][data-custom-id$=":1"]').first().click();
    await shown(before + 1);
    const picked = page.locator(".message", { hasText: "picked by" }).last();
    await expect(
      picked.locator("button[data-custom-id]").evaluateAll((els) => els.map((el) => el.textContent?.trim())),
    ).resolves.toEqual([
      "⬆️ Upscale",
      "🔀 Vary (Subtle)",
      "🌀 Vary (Strong)",
      "🖌️ Vary (Region)",
      "✂️ Remove background",
      "🖼️ Replace background",
      "✏️ Edit with words",
    ]);
    // ✂️ Remove background, 🔲 Reframe to 1:1, 🖼️ Replace background (through its form).
    await picked.locator('button[data-custom-id^="cutout:"]').click();
    await shown(before + 2);
    await picked.locator('select[data-custom-id^="reframe:"]').selectOption("1:1");
    await shown(before + 3);
    await picked.locator('button[data-custom-id^="background:"]').click();
    const background = page.locator("#modal-form textarea[name=background]");
    await background.waitFor({ timeout: 10_000 });
    await background.fill("a beach at sunset");
    await page.click("#modal-submit");
    await shown(before + 4);
    // ✏️ Edit with words: the instruction and a quality from the form's select; the image keeps its size.
    await picked.locator('button[data-custom-id^="words:"]').click();
    const instruction = page.locator("#modal-form textarea[name=instruction]");
    await instruction.waitFor({ timeout: 10_000 });
    await instruction.fill("add a red kite in the sky");
    await page.locator("#modal-form select[name=quality]").selectOption("TURBO");
    await page.click("#modal-submit");
    await shown(before + 5);
    const all = await sizes();
    expect(all.slice(before)).toEqual([
      [1312, 736],
      [1312, 736],
      [1024, 1024],
      [1312, 736],
      [1312, 736],
    ]);
    await expect(page.locator(".embed .title", { hasText: "a beach at sunset" }).count()).resolves.toBe(1);
    await expect(page.locator(".embed .title", { hasText: "add a red kite" }).count()).resolves.toBe(1);
  }, 90_000);

  it("generates a 3.0 image with a style preset, and one with an attached style reference (v2 takes one or the other)", async () => {
    const before = await images().count();
    await page.fill("#option-prompt", "a lighthouse, art deco");
    await page.selectOption("#option-model", "V_3");
    await page.selectOption("#option-aspect_ratio", "ASPECT_1_1");
    await page.fill("#option-count", "");
    // The preset in words, from autocomplete's suggestions.
    await page.fill("#option-style_preset", "deco");
    // The suggestions come from the Worker: on a loaded machine that takes more than poll's default second.
    await expect
      .poll(
        () =>
          page
            .locator("#choices-style_preset option")
            .evaluateAll((els) => els.map((e) => e.getAttribute("value"))),
        { timeout: 10_000 },
      )
      .toEqual(["ART_DECO"]);
    await page.fill("#option-style_preset", "ART_DECO");
    await page.click("#send");
    await images().nth(before).waitFor({ timeout: 20_000 });
    const result = page.locator(".message", { has: page.locator("img.attachment") }).last();
    await expect(result.locator(".field", { hasText: "Model" }).textContent()).resolves.toContain(
      "Ideogram 3.0 · Default",
    );
    await expect(result.locator(".field", { hasText: "Style preset" }).textContent()).resolves.toContain(
      "Art Deco",
    );
    expect(launched?.playground.ideogram?.requests.at(-1)).toMatchObject({
      endpoint: "v2/image/generate/ideogram-3",
      body: {
        image_request: {
          prompt: "a lighthouse, art deco",
          aspect_ratio: "1x1",
          style_preset: "art_deco",
          // The emulator posts the finished generation to the Worker (PUBLIC_URL).
          webhook_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/ideogram\/events$/),
        },
      },
    });
    // v2 takes a preset or a style reference, not both: this one sends the reference as a file.
    await page.fill("#option-style_preset", "");
    await page.setInputFiles("#option-style_ref", {
      name: "style.png",
      mimeType: "image/png",
      buffer: placeholderImage(256, 256, "a style", 3, "STYLE"),
    });
    // (Sending empties the prompt, as Discord does.)
    await page.fill("#option-prompt", "a lighthouse, in style");
    await page.click("#send");
    const referenced = page.locator(".message", {
      has: page.locator("img.attachment"),
      hasText: "style.png",
    });
    await referenced.last().waitFor({ timeout: 20_000 });
    await expect(
      referenced.last().locator(".field", { hasText: "References" }).textContent(),
    ).resolves.toContain("style: style.png");
    const call = launched?.playground.ideogram?.requests.at(-1);
    expect(Object.keys(call?.files ?? {})).toEqual(["style_reference_images"]);
    await page.setInputFiles("#option-style_ref", []);
    await page.selectOption("#option-model", "");
    await page.selectOption("#option-aspect_ratio", "ASPECT_16_9");
  }, 90_000);

  it("makes a transparent 4.0 image: a PNG with alpha reaches the channel, shown on a checkerboard", async () => {
    const before = await images().count();
    await page.fill("#option-prompt", "a paper crane");
    await page.selectOption("#option-model", "V_4");
    await page.selectOption("#option-aspect_ratio", "ASPECT_1_1");
    await page.selectOption("#option-transparent", "true");
    await page.click("#send");
    await images().nth(before).waitFor({ timeout: 20_000 });
    const result = page.locator(".message", { has: page.locator("img.attachment") }).last();
    await expect(result.locator(".field", { hasText: "Background" }).textContent()).resolves.toContain(
      "Transparent (PNG)",
    );
    expect(launched?.playground.ideogram?.requests.at(-1)).toMatchObject({
      endpoint: "v2/image/generate/ideogram-4-transparent",
      body: { image_request: { prompt: "a paper crane", aspect_ratio: "1x1" } },
    });
    // The file posted is an RGBA PNG (IHDR colour type 6) with clear pixels, and the page shows the
    // checkerboard behind it, as it does for no opaque image.
    const image = result.locator("img.attachment").first();
    await expect.poll(() => image.evaluate((img) => img.classList.contains("transparent"))).toBe(true);
    const src = (await image.getAttribute("src")) ?? "";
    const bytes = new Uint8Array(await (await fetch(new URL(src, page.url()))).arrayBuffer());
    expect(bytes[25]).toBe(6);
    const opaque = page.locator(".message img.attachment").nth(before - 1);
    await expect(opaque.evaluate((img) => img.classList.contains("transparent"))).resolves.toBe(false);
    await page.selectOption("#option-transparent", "");
    await page.selectOption("#option-model", "");
    await page.selectOption("#option-aspect_ratio", "ASPECT_16_9");
  }, 60_000);

  it("shows the bot's own validation message, privately, as Discord styles it", async () => {
    await page.fill("#option-prompt", "a fox");
    await page.selectOption("#option-model", "V_1");
    await page.selectOption("#option-style", "ANIME");
    await page.fill("#option-count", "");
    await page.selectOption("#option-aspect_ratio", "");
    await page.click("#send");
    const note = page.locator(".message[data-state=ephemeral]").last();
    await note.waitFor({ timeout: 10_000 });
    await expect(note.locator(".body").textContent()).resolves.toContain(
      "`style` can't be used with Ideogram 1.0 (`V_1`)".replaceAll("`", ""),
    );
    await expect(note.locator(".body code").first().textContent()).resolves.toBe("style");
    await expect(note.locator(".ephemeral-note").textContent()).resolves.toContain("Only you can see this");
    await expect(note.locator(".author .app-tag").textContent()).resolves.toBe("APP");
    await expect(note.locator(".reply").textContent()).resolves.toBe("You used /imagine");
  }, 30_000);

  it("shows the queue with a slow Ideogram: the place in line, quoted prompt, and Cancel", async () => {
    await page.selectOption("#latency", "8000");
    await page.selectOption("#option-model", "");
    await page.selectOption("#option-style", "");
    await page.fill("#option-count", "4");
    for (const n of [1, 2, 3]) {
      await page.fill("#option-prompt", `slow ${n}`);
      await page.click("#send");
    }
    // 4 + 4 images fill 8 of Ideogram's 10 places: the third request waits its turn.
    const queued = page.locator(".message", { hasText: "Queued" });
    await queued.waitFor({ timeout: 15_000 });
    await expect(queued.locator(".body").textContent()).resolves.toContain("#1 in line");
    await expect(queued.locator("blockquote").textContent()).resolves.toBe("slow 3");
    await queued.locator('button[data-custom-id^="cancel:"]').click();
    await page.locator(".message", { hasText: "Cancelled" }).waitFor({ timeout: 10_000 });
    await page.selectOption("#latency", String(DEFAULT_LATENCY_MS));
  }, 60_000);

  it("delivers with the bot's own message once the interaction token is gone (the page's switch)", async () => {
    const posted = launched?.playground.discord.channelPosts.length ?? 0;
    const before = await images().count();
    await page.selectOption("#tokens", "expired");
    await page.selectOption("#option-model", "");
    await page.fill("#option-count", "");
    await page.fill("#option-prompt", "a lighthouse after the token");
    await page.click("#send");
    await images().nth(before).waitFor({ timeout: 30_000 });
    const posts = launched?.playground.discord.channelPosts.slice(posted) ?? [];
    expect(posts).toHaveLength(1);
    const [post] = posts;
    // The requester, and nobody else, is mentioned; the job's id is the post's enforced nonce.
    expect(post?.payload.content).toMatch(/^<@\d+>/);
    expect(post?.payload.allowed_mentions).toEqual({ parse: [], users: [expect.stringMatching(/^\d+$/)] });
    expect(post?.payload).toMatchObject({ enforce_nonce: true, nonce: expect.any(String) });
    await page.selectOption("#tokens", "live");
  }, 60_000);

  it("renders /usage as Discord would, with a relative timestamp", async () => {
    await page.selectOption("#command", "usage");
    await page.click("#send");
    const answer = page.locator(".message[data-state=ephemeral]", { hasText: "You today" }).last();
    await answer.waitFor({ timeout: 10_000 });
    await expect(answer.locator("strong").first().textContent()).resolves.toBe("You today:");
    await expect(answer.locator("time.timestamp").textContent()).resolves.toMatch(
      /^in \d+ (hours?|minutes?)$/,
    );
    await expect(page.locator("#usage time.timestamp").textContent()).resolves.toMatch(/^in \d+/);
    // The emulator bills nothing, so the playground's daily limits are out of the way.
    await expect(page.locator("#usage").textContent()).resolves.toContain("of 10000");
  }, 30_000);

  it("reaches /settings as a server manager; a member may read them, not change them", async () => {
    await page.selectOption("#command", "settings");
    await page.selectOption("#subcommand", "show");
    await page.click("#send");
    await page.locator(".message", { hasText: "This server's settings" }).waitFor({ timeout: 10_000 });
    await page.uncheck("#manager");
    await page.click("#send");
    await expect
      .poll(() => page.locator(".message", { hasText: "This server's settings" }).count(), {
        timeout: 10_000,
      })
      .toBe(2);
    await page.selectOption("#subcommand", "defaults");
    await page.click("#send");
    await page.locator(".message", { hasText: "Only members with the Manage Server permission" }).waitFor({
      timeout: 10_000,
    });
    await page.check("#manager");
  }, 30_000);

  it("describes an attached image, and a result through its Apps menu", async () => {
    await page.selectOption("#command", "describe");
    await page.setInputFiles("#option-image", {
      name: "sketch.png",
      mimeType: "image/png",
      buffer: placeholderImage(320, 200, "a sketch", 7, "ATTACHED"),
    });
    await page.click("#send");
    await page.locator(".message", { hasText: "320x200 image" }).waitFor({ timeout: 15_000 });
    const result = page.locator(".message", { has: page.locator("img.attachment") }).first();
    await result.hover();
    await result.locator('button[data-app="Describe image"]').click();
    await page
      .locator(".message .reply", { hasText: "You used Describe image" })
      .waitFor({ timeout: 10_000 });
    // A grid: the bot asks which of its images, then describes that one from the copy it keeps.
    const ask = page.locator(".message[data-state=ephemeral]", {
      hasText: "Which image should Ideogram describe?",
    });
    await ask.waitFor({ timeout: 10_000 });
    await ask.locator('select[data-custom-id^="describe:"]').selectOption("1");
    await page
      .locator(".embed .title", { hasText: "Ideogram describes image 2 as" })
      .waitFor({ timeout: 15_000 });
    await page.locator(".message", { hasText: "1312x736 image" }).first().waitFor({ timeout: 15_000 });
  }, 40_000);

  it("redraws, removes and changes with words a painted region in the editor, on a phone-sized screen", async () => {
    await page.selectOption("#command", "imagine");
    await page.fill("#option-prompt", "a fox in the snow");
    await page.selectOption("#option-aspect_ratio", "ASPECT_16_9");
    await page.fill("#option-count", "1");
    const before = await images().count();
    await page.click("#send");
    await images().nth(before).waitFor({ timeout: 20_000 });
    const result = page
      .locator(".message", { has: page.locator("img.attachment"), hasText: "a fox in the snow" })
      .last();
    await result.waitFor({ timeout: 20_000 });
    const emulator = launched!.playground.ideogram!;

    /** Opens a new editor link from the result, paints a stroke, chooses `mode` and sends. */
    const paintAndSend = async (mode: string, fill: (phone: Page) => Promise<void>) => {
      const links = page.locator(".message[data-state=ephemeral] a.link-button");
      const count = await links.count();
      await result.locator('button[data-custom-id^="region:"]').click();
      await links.nth(count).waitFor({ timeout: 10_000 });
      const url = (await links.nth(count).getAttribute("href")) ?? "";
      expect(url).toMatch(/\/editor#\d+\.\d+\.[\w-]+$/);
      const phone = await browser!.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
      await phone.goto(url);
      await phone.locator("#editor").waitFor({ state: "visible", timeout: 10_000 });
      // Each mode with its price, before anything is sent.
      await expect(phone.locator("#modes label").allTextContents()).resolves.toEqual([
        "Redraw $0.06",
        "Remove ≈ $0.03",
        "Change with words $0.06",
      ]);
      const widths = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
      // Paint a stroke across the middle of the image with the brush.
      const box = (await phone.locator("#paint").boundingBox())!;
      const y = box.y + box.height / 2;
      await phone.mouse.move(box.x + box.width * 0.3, y);
      await phone.mouse.down();
      await phone.mouse.move(box.x + box.width * 0.5, y, { steps: 8 });
      await phone.mouse.up();
      await phone.check(`input[name=mode][value=${mode}]`);
      await fill(phone);
      const sent = emulator.requests.length;
      await phone.click("#send");
      await phone.locator("#status.done").waitFor({ timeout: 10_000 });
      await expect.poll(() => emulator.requests.length, { timeout: 10_000 }).toBeGreaterThan(sent);
      return { phone, call: emulator.requests.at(-1)! };
    };

    /** The mask's colour where painted, in a corner, and below the stroke; and its size. */
    const maskPixels = (phone: Page, png: Uint8Array) =>
      phone.evaluate(async (base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext("2d")!;
        context.drawImage(bitmap, 0, 0);
        const at = (x: number, y: number) => context.getImageData(Math.round(x), Math.round(y), 1, 1).data[0];
        const { width, height } = bitmap;
        return {
          width,
          height,
          painted: at(width * 0.4, height / 2),
          corner: at(5, 5),
          below: at(width * 0.4, height * 0.95),
        };
      }, Buffer.from(png).toString("base64"));
    const webhook = expect.stringMatching(/\/ideogram\/events$/);

    // Redraw (3.0's inpaint): the image's prompt is offered; the mask is black where painted.
    const redraw = await paintAndSend("redraw", async (phone) => {
      await expect(phone.locator("#prompt").inputValue()).resolves.toBe("a fox in the snow");
      await phone.fill("#prompt", "a red scarf");
    });
    expect(redraw.call.endpoint).toBe("v2/image/inpaint/ideogram-3");
    expect(redraw.call.body.image_request).toEqual({
      prompt: "a red scarf",
      async: "true",
      webhook_url: webhook,
    });
    await expect(maskPixels(redraw.phone, redraw.call.files.mask![0]!.bytes)).resolves.toEqual({
      width: 1312,
      height: 736,
      painted: 0,
      corner: 255,
      below: 255,
    });
    await page
      .locator(".embed-footer", { hasText: "Region repainted in image 1" })
      .waitFor({ timeout: 20_000 });
    // The link is used.
    await redraw.phone.reload();
    await redraw.phone.locator("#status.error", { hasText: "used" }).waitFor({ timeout: 10_000 });
    await redraw.phone.close();

    // Remove (remove-object): no prompt asked; the mask is inverted, white where painted; no webhook.
    const removal = await paintAndSend("remove", async (phone) => {
      await expect(phone.locator("#asking").isHidden()).resolves.toBe(true);
    });
    expect(removal.call.endpoint).toBe("v2/image/remove-object/ideogram-1");
    expect(removal.call.body.image_request).toEqual({});
    await expect(maskPixels(removal.phone, removal.call.files.mask![0]!.bytes)).resolves.toEqual({
      width: 1312,
      height: 736,
      painted: 255,
      corner: 0,
      below: 0,
    });
    await removal.phone.close();
    await page
      .locator(".embed-footer", { hasText: "Painted region removed from image 1" })
      .waitFor({ timeout: 30_000 });

    // Change with words (4.5 with the mask): an instruction, a quality from the page's list.
    const words = await paintAndSend("words", async (phone) => {
      await expect(phone.locator("#quality option").allTextContents()).resolves.toEqual([
        "Medium · $0.06",
        "Low · $0.03",
        "High · $0.10",
      ]);
      await phone.fill("#prompt", "make the snow pink");
      await phone.selectOption("#quality", "TURBO");
    });
    expect(words.call.endpoint).toBe("v2/image/generate/ideogram-4-5");
    expect(words.call.body.image_request).toEqual({
      prompt: "make the snow pink",
      quality: "low",
      async: "true",
      webhook_url: webhook,
    });
    expect(words.call.files.images).toHaveLength(1);
    await expect(maskPixels(words.phone, words.call.files.mask![0]!.bytes)).resolves.toMatchObject({
      painted: 0,
      corner: 255,
    });
    await words.phone.close();
    await page
      .locator(".embed-footer", { hasText: "Region changed in image 1" })
      .waitFor({ timeout: 20_000 });
  }, 120_000);

  it("asks before several jobs, then each arrives as its own message; Remix mode opens Re-roll's form", async () => {
    await page.selectOption("#command", "imagine");
    await page.fill("#option-prompt", "a {red, blue} kite --v 3 --turbo --s 250");
    await page.selectOption("#option-model", "");
    await page.selectOption("#option-aspect_ratio", "");
    await page.fill("#option-count", "1");
    const before = await images().count();
    await page.click("#send");
    const ask = page.locator(".message[data-state=ephemeral]", { hasText: "This makes 2 jobs" });
    await ask.waitFor({ timeout: 10_000 });
    await expect(ask.locator(".body").textContent()).resolves.toContain("2 jobs · 2 images · ≈ $0.06");
    await ask.locator('button[data-custom-id^="confirm:"]').click();
    await page
      .locator(".message[data-state=ephemeral]", { hasText: "Started 2 jobs" })
      .waitFor({ timeout: 10_000 });
    await images()
      .nth(before + 1)
      .waitFor({ timeout: 20_000 });
    const titles = page.locator(".embed .title", { hasText: /^a (red|blue) kite$/ });
    await expect(titles.allTextContents()).resolves.toEqual(["a red kite", "a blue kite"]);
    // The result says what ran, in Midjourney's notation, and what was ignored.
    await expect(page.locator(".field", { hasText: "Parameters" }).last().textContent()).resolves.toContain(
      "--v 3 --turbo",
    );

    await page.selectOption("#command", "prefer");
    await page.selectOption("#subcommand", "remix");
    await page.selectOption("#option-value", "on");
    await page.click("#send");
    await page
      .locator(".message[data-state=ephemeral]", { hasText: "Remix mode is on" })
      .waitFor({ timeout: 10_000 });
    const blue = page.locator(".message", { has: page.locator(".embed .title", { hasText: "a blue kite" }) });
    await blue.locator('button[data-custom-id^="reroll:"]').click();
    const prompt = page.locator("#modal-form textarea[name=prompt]");
    await prompt.waitFor({ timeout: 10_000 });
    await expect(prompt.inputValue()).resolves.toBe("a blue kite --v 3 --turbo");
    await prompt.fill("a green kite --v 3 --turbo --ar 16:9");
    await page.click("#modal-submit");
    const green = page.locator(".message", {
      has: page.locator(".embed .title", { hasText: "a green kite" }),
    });
    await green.locator("img.attachment").waitFor({ timeout: 20_000 });
    await expect(green.locator(".field", { hasText: "Parameters" }).textContent()).resolves.toContain(
      "--ar 16:9",
    );
    await page.selectOption("#option-value", "off");
    await page.click("#send");
    await page
      .locator(".message[data-state=ephemeral]", { hasText: "Remix mode is off" })
      .waitFor({ timeout: 10_000 });
    await page.selectOption("#command", "imagine");
  }, 60_000);

  it("fits a 390-pixel-wide phone screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
    await expect(page.locator("#channel").boundingBox()).resolves.toMatchObject({ width: 390 });
  }, 20_000);

  it("works on a phone: Enter sends, the result comes into view, Apps and menus are within reach", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.selectOption("#command", "imagine");
    await page.selectOption("#option-aspect_ratio", "ASPECT_1_1");
    await page.fill("#option-count", "1");
    await page.fill("#option-prompt", "a phone-sized fox");
    const before = await images().count();
    await page.press("#option-prompt", "Enter");
    // Sent, as Discord does: the prompt box empties, and the channel scrolls to what the command made.
    await expect(page.locator("#option-prompt").inputValue()).resolves.toBe("");
    await images().nth(before).waitFor({ timeout: 20_000 });
    const result = page.locator(".message", { has: page.locator("img.attachment") }).last();
    await expect
      .poll(() =>
        result.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top < window.innerHeight && box.bottom > 0;
        }),
      )
      .toBe(true);
    // The channel is part of the page, not a scrolling box inside it.
    await expect(
      page.locator("#channel").evaluate((el) => el.scrollHeight - el.clientHeight),
    ).resolves.toBeLessThanOrEqual(1);
    // Apps › Describe image is there without hovering (a touch screen has no hover).
    await expect(result.locator('button[data-app="Describe image"]').isVisible()).resolves.toBe(true);
    // A menu's choice is named in the "You used" line.
    await result.locator('select[data-custom-id^="reframe:"]').selectOption("16:9");
    await page
      .locator(".message .reply", { hasText: "Reframe to another shape… › 16:9" })
      .waitFor({ timeout: 10_000 });
    // A form dims the page behind it.
    await result.locator('button[data-custom-id^="background:"]').click();
    await page.locator("#modal[open]").waitFor({ timeout: 10_000 });
    const backdrop = await page
      .locator("#modal")
      .evaluate((el) => getComputedStyle(el, "::backdrop").backgroundColor);
    expect(backdrop).toBe("rgba(0, 0, 0, 0.7)");
    await page.keyboard.press("Escape");
  }, 60_000);
});

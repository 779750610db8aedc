// The playground in a real browser: Debian's Chromium, driven by playwright-core. The page, the
// real Worker (wrangler dev) and the emulators are started the way `npm start` starts them.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Launched, launchPlayground } from "../../playground/launch.ts";

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

  it("shows the bot's own validation message, privately, for an option that doesn't fit", async () => {
    await page.fill("#option-prompt", "a fox");
    await page.selectOption("#option-model", "V_1");
    await page.selectOption("#option-style", "ANIME");
    await page.fill("#option-count", "");
    await page.selectOption("#option-aspect_ratio", "");
    await page.click("#send");
    const note = page.locator(".message[data-state=ephemeral]").last();
    await note.waitFor({ timeout: 10_000 });
    await expect(note.textContent()).resolves.toContain(
      "`style` can't be used with Ideogram 1.0 (`V_1`)".replaceAll("`", ""),
    );
  }, 30_000);
});

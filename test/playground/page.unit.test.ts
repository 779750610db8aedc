// The playground page says plainly whose Ideogram makes its images, and when they are billed.
import { describe, expect, it } from "vitest";
import { renderPage } from "../../playground/page.ts";

describe("the playground page", () => {
  it("warns, where no one can miss it, that a real key bills every image", () => {
    const page = renderPage(true);
    expect(page).toContain('<div id="source" class="billed" role="alert">');
    expect(page).toContain("This playground uses your real Ideogram API key.");
    expect(page).toContain("billed to your account");
  });

  it("says the emulator bills nothing", () => {
    const page = renderPage(false);
    expect(page).toContain("a local Ideogram emulator");
    expect(page).toContain("nothing billed");
    expect(page).not.toContain('class="billed"');
  });
});

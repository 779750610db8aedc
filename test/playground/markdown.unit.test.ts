// The playground renders Discord's markdown as Discord does, not as raw text.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../playground/markdown.ts";

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

describe("renderMarkdown", () => {
  it.each([
    ["**bold**", "<strong>bold</strong>"],
    ["*italics* and _italics_", "<em>italics</em> and <em>italics</em>"],
    ["__underline__ ~~gone~~ ||secret||", '<u>underline</u> <s>gone</s> <span class="spoiler">secret</span>'],
    ["`a <b>` kept", "<code>a &#60;b&#62;</code> kept"],
    ["```\n**not bold**\n```", "<pre><code>**not bold**\n</code></pre>"],
    ["> a quote\n> two lines\nafter", "<blockquote>a quote<br>two lines</blockquote>after"],
    [">>> all\nof it", "<blockquote>all<br>of it</blockquote>"],
    ["## Heading", '<h2 class="md-heading">Heading</h2>'],
    ["-# small print", '<small class="subtext">small print</small>'],
    ["- one\n- two", "<ul><li>one</li></ul><ul><li>two</li></ul>"],
    [
      "[docs](https://example.com/a)",
      '<a href="https://example.com/a" target="_blank" rel="noreferrer">docs</a>',
    ],
    ["<script>alert(1)</script>", "&#60;script&#62;alert(1)&#60;/script&#62;"],
    ["snake_case_name stays", "snake_case_name stays"],
  ])("renders %j", (text, html) => {
    expect(renderMarkdown(text, NOW)).toBe(html);
  });

  it.each([
    ["R", NOW / 1000 + 5 * 3600, "in 5 hours"],
    ["R", NOW / 1000 - 120, "2 minutes ago"],
    ["D", NOW / 1000, "November 30, 2026"],
  ])("renders <t:…:%s> timestamps as words", (style, seconds, words) => {
    const html = renderMarkdown(`resets <t:${seconds}:${style}>.`, NOW);
    expect(html).toMatch(
      new RegExp(`^resets <time class="timestamp" datetime="[^"]+" title="[^"]+">${words}</time>\\.$`),
    );
  });

  it("runs as the page runs it: from its own source, with nothing from outside", () => {
    const standalone = new Function(`return (${renderMarkdown.toString()})`)() as typeof renderMarkdown;
    expect(standalone("**a** <t:0:D>", NOW)).toContain("<strong>a</strong>");
  });
});

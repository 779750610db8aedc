// Discord's message markdown as HTML, for the playground page: bold, italics, underline,
// strikethrough, spoilers, inline code and code blocks, quotes, headings, lists, links, mentions
// and <t:…> timestamps. Self-contained (no imports, nothing from outside the function), because the
// page runs this very function: page.ts embeds its source.
// Docs: https://support.discord.com/hc/en-us/articles/210298617 and
// https://discord.com/developers/docs/reference#message-formatting

export function renderMarkdown(text: string, now: number = Date.now()): string {
  const held: string[] = [];
  /** Keeps `html` out of the steps below; it comes back at the end. */
  const hold = (html: string) => `\u0000${held.push(html) - 1}\u0000`;
  const html = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

  const stamp = (seconds: number, style: string) => {
    const date = new Date(seconds * 1000);
    const shown: Record<string, Intl.DateTimeFormatOptions> = {
      t: { hour: "numeric", minute: "2-digit" },
      T: { hour: "numeric", minute: "2-digit", second: "2-digit" },
      d: { year: "numeric", month: "2-digit", day: "2-digit" },
      D: { year: "numeric", month: "long", day: "numeric" },
      f: { dateStyle: "long", timeStyle: "short" },
      F: { dateStyle: "full", timeStyle: "short" },
    };
    let label: string;
    if (style === "R") {
      const units: [Intl.RelativeTimeFormatUnit, number][] = [
        ["year", 31_536_000],
        ["month", 2_592_000],
        ["day", 86_400],
        ["hour", 3_600],
        ["minute", 60],
        ["second", 1],
      ];
      const delta = seconds - now / 1000;
      const [unit, size] = units.find(([, s]) => Math.abs(delta) >= s) ?? ["second", 1];
      label = new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(Math.round(delta / size), unit);
    } else {
      label = date.toLocaleString("en-US", shown[style] ?? shown.f);
    }
    return hold(
      `<time class="timestamp" datetime="${date.toISOString()}" title="${html(date.toUTCString())}">${html(label)}</time>`,
    );
  };

  let out = text
    .replace(/```(?:[\w+-]*\n)?([\s\S]*?)```/g, (_, code: string) =>
      hold(`<pre><code>${html(code)}</code></pre>`),
    )
    .replace(/`([^`\n]+)`/g, (_, code: string) => hold(`<code>${html(code)}</code>`))
    .replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_, s: string, style = "f") => stamp(Number(s), style))
    .replace(/<@!?(\d+)>/g, () => hold('<span class="mention">@someone</span>'))
    .replace(/<#(\d+)>/g, () => hold('<span class="mention">#channel</span>'))
    .replace(/<a?:(\w+):\d+>/g, (_, name: string) => hold(`:${html(name)}:`));
  out = html(out);

  // Line-level blocks: quotes (">>> " quotes the rest), headings, subtext, list items.
  const lines = out.split("\n");
  const blocks: string[] = [];
  let quote: string[] | undefined;
  const flush = () => {
    if (quote) blocks.push(`<blockquote>${quote.join("<br>")}</blockquote>`);
    quote = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.startsWith("&#62;&#62;&#62; ")) {
      flush();
      blocks.push(`<blockquote>${[line.slice(16), ...lines.slice(i + 1)].join("<br>")}</blockquote>`);
      break;
    }
    const quoted = /^&#62; ?(.*)$/.exec(line);
    if (quoted) {
      quote = [...(quote ?? []), quoted[1] ?? ""];
      continue;
    }
    flush();
    const heading = /^(#{1,3}) (.+)$/.exec(line);
    const subtext = /^-# (.+)$/.exec(line);
    const item = /^\s*[-*] (.+)$/.exec(line);
    if (heading)
      blocks.push(`<h${heading[1]?.length} class="md-heading">${heading[2]}</h${heading[1]?.length}>`);
    else if (subtext) blocks.push(`<small class="subtext">${subtext[1]}</small>`);
    else if (item) blocks.push(`<ul><li>${item[1]}</li></ul>`);
    else blocks.push(`${line}<br>`);
  }
  flush();
  out = blocks.join("").replace(/(<br>)+$/, "");

  out = out
    .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/__(.+?)__/g, "<u>$1</u>")
    .replace(/\*([^*\s](?:[^*]*[^*\s])?)\*/g, "<em>$1</em>")
    .replace(/(^|[^\w])_([^_\s](?:[^_]*[^_\s])?)_(?!\w)/g, "$1<em>$2</em>")
    .replace(/~~(.+?)~~/g, "<s>$1</s>")
    .replace(/\|\|(.+?)\|\|/g, '<span class="spoiler">$1</span>')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '<a href="$2" target="_blank" rel="noreferrer">$1</a>');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the placeholders made above.
  return out.replace(/\u0000(\d+)\u0000/g, (_, n: string) => held[Number(n)] ?? "");
}

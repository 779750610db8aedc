// Midjourney's permutation prompts: `a {red, blue} car --ar {1:1, 16:9}` is four prompts, one per
// choice of each `{…}`, left to right; braces nest (`{a {b, c}, d}` is "a b", "a c", "d"), and `\,`
// is a comma inside a choice. The count is known before anything is expanded, so a prompt that would
// make thousands is refused without making them. Pure: no I/O, no Discord.
// Reference: ../shared/reference/midjourney-syntax.md §3.
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.

/** A prompt as text and choices: each `{…}` is a list of alternatives, each itself parts. */
type Part = string | Part[][];

export type Expanded = { ok: true; prompts: string[] } | { ok: false; problem: string };

/** Every prompt `prompt` stands for (itself alone when it has no braces), or why not. */
export function expandPermutations(prompt: string, max: number): Expanded {
  const parsed = parse(prompt);
  if (!parsed.ok) return parsed;
  const count = countOf(parsed.parts);
  if (count > max) {
    return {
      ok: false,
      problem: `The prompt's \`{…}\` choices make ${count.toLocaleString("en-US")} prompts; at most ${max} jobs per command`,
    };
  }
  return { ok: true, prompts: expand(parsed.parts).map((p) => p.replace(/\s+/g, " ").trim()) };
}

function parse(text: string): { ok: true; parts: Part[] } | { ok: false; problem: string } {
  // A stack of open groups: each holds its alternatives, the last one being filled.
  const top: Part[] = [];
  const open: Part[][][] = [];
  const current = () => open.at(-1)?.at(-1) ?? top;
  let literal = "";
  const flush = () => {
    if (literal) current().push(literal);
    literal = "";
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\\" && text[i + 1] === ",") {
      literal += ",";
      i++;
    } else if (char === "{") {
      flush();
      const group: Part[][] = [[]];
      current().push(group);
      open.push(group);
    } else if (char === "}") {
      if (open.length === 0) return { ok: false, problem: "The prompt has a `}` with no `{` before it" };
      flush();
      open.pop();
    } else if (char === "," && open.length > 0) {
      flush();
      open.at(-1)?.push([]);
    } else literal += char;
  }
  if (open.length > 0) {
    return { ok: false, problem: "The prompt has a `{` with no `}` after it: choices go like `{red, blue}`" };
  }
  flush();
  return { ok: true, parts: top };
}

/** How many prompts `parts` make (growing no further once past any sensible limit). */
function countOf(parts: readonly Part[]): number {
  let count = 1;
  for (const part of parts) {
    if (typeof part === "string") continue;
    count *= part.reduce((sum, alternative) => sum + countOf(alternative), 0);
    if (count > Number.MAX_SAFE_INTEGER / 1e6) return Number.MAX_SAFE_INTEGER;
  }
  return count;
}

function expand(parts: readonly Part[]): string[] {
  let prompts = [""];
  for (const part of parts) {
    const endings =
      typeof part === "string"
        ? [part]
        : part.flatMap((alternative) => expand(alternative).map((t) => t.trim()));
    prompts = prompts.flatMap((start) => endings.map((end) => start + end));
  }
  return prompts;
}

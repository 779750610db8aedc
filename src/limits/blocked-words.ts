// Whether a prompt contains a word or phrase a server blocked, however it is disguised: other
// letter forms (NFKD: full-width, ligatures, accents), invisible characters (zero-width spaces,
// joiners), Cyrillic or Greek letters that look Latin, or a single separator between letters.
// Layer 4 (limits/): imports only layers 0–3.

/** Lowercase Cyrillic and Greek letters that look like (upper- or lowercase) Latin ones, in order. */
const LOOKALIKE = "авеёіїјкмнопрстухѕԁԛԝɡαβεηικμνορτυχζ";
const LATIN = "abeeiijkmhonpctyxsdqwgabenikuvoptuxz";

/** The text as it reads: compatibility forms unfolded, accents and invisible characters dropped. */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\p{Mn}\p{Cf}]/gu, "")
    .toLowerCase()
    .replace(/\P{ASCII}/gu, (ch) => LATIN[LOOKALIKE.indexOf(ch)] ?? ch);
}

const SEPARATOR = "[^\\p{L}\\p{N}]";

/** A pattern for one blocked word or phrase: letters may be split by one separator each. */
function patternFor(word: string): RegExp {
  const tokens = foldText(word).split(/\s+/).filter(Boolean);
  const literal = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const body = tokens.map((t) => [...t].map(literal).join(`${SEPARATOR}?`)).join(`${SEPARATOR}+`);
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, "u");
}

/** The first blocked word or phrase the text contains as a whole word, ignoring case and disguises. */
export function findBlockedWord(text: string, words: readonly string[]): string | undefined {
  const folded = foldText(text);
  return words.find((word) => patternFor(word).test(folded));
}

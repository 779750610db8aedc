// Midjourney's prompt language, read once: `[image URLs] text --param value --flag …`. Everything
// from the first ` --name` (or ` —name`, ` –name`: phones turn `--` into a dash) is parameters, as in
// Midjourney, where text after them is an error; a parameter's value is the words up to the next one.
// Each known parameter is one row of PARAMETERS: mapped onto the request's own fields (or, for
// `--repeat`, the number of jobs), or ignored (no Ideogram meaning: the result says so). Permutations
// (`{a, b}`) are expanded before this reads each prompt (permutations.ts). Pure: no I/O, no Discord.
// Reference: ../shared/reference/midjourney-syntax.md §1, §2, §6.
// Layer 6 (interactions/): imports only layers 0–5, never webhook/.
import {
  ASPECT_RATIOS,
  type AspectRatio,
  IMAGE_WEIGHT_MAX,
  IMAGE_WEIGHT_MIN,
  type Model,
  SEED_MAX,
  type Speed,
} from "../ideogram/enums.ts";
import { familyOf, MODEL_FACTS, VERSION_PARAMETERS } from "../ideogram/models.ts";
import type { ImageRequest } from "../ideogram/schema.ts";

/** The request fields a parameter can set. */
export type ParameterFields = Pick<
  ImageRequest,
  | "aspect_ratio"
  | "negative_prompt"
  | "seed"
  | "model"
  | "magic_prompt_option"
  | "rendering_speed"
  | "style_codes"
  | "transparent"
>;

export interface ParsedPrompt {
  /** What Ideogram is asked to draw: the text with no parameters left in it. */
  text: string;
  fields: ParameterFields;
  /** `--iw`, on the request's own scale (1–100), for a remix. */
  imageWeight?: number;
  /** `--repeat`/`--r`: this many jobs of the prompt. */
  repeat?: number;
  /** Each parameter that took effect, in Midjourney's notation ("--ar 16:9"), and the field it set. */
  applied: { notation: string; field: keyof ParameterFields | "image_weight" }[];
  /** Parameters with no Ideogram meaning, as typed ("--s 250"): the job runs without them. */
  ignored: string[];
  /** What else the result should say (`::` sent as text). */
  notes: string[];
  /** Links typed as images: the image prompt (at the front), `--sref` styles, a `--cref`/`--oref` character. */
  links: { image: string[]; style: string[]; character: string[] };
}

export type PromptParse =
  | { ok: true; prompt: ParsedPrompt }
  /** `unknownNames`: it named a parameter no row has (perhaps a custom option not known here). */
  | { ok: false; problems: string[]; unknownNames?: true };

/** What a row does with its value; `model` is the model named so far (an option, `--v`), if any. */
type Apply = (value: string, into: Draft) => string | undefined;

interface Draft {
  fields: ParameterFields;
  links: ParsedPrompt["links"];
  imageWeight?: number;
  repeat?: number;
  model: Model | undefined;
  /** `--draft` asks for the model's fastest speed, known only once `--v` (anywhere) is read. */
  draft?: boolean;
}

interface Row {
  names: readonly string[];
  /** The field it sets, for an option that might set it too; absent for links and ignored parameters. */
  field?: keyof ParameterFields | "image_weight";
  /** A flag takes no value. */
  flag?: boolean;
  apply?: Apply;
}

const VERSIONS = new Map(VERSION_PARAMETERS);

/** `--q` values: Midjourney's lower qualities are Ideogram's faster speeds, its higher ones Quality. */
const QUALITIES: Record<string, Speed> = {
  ".25": "TURBO",
  "0.25": "TURBO",
  ".5": "TURBO",
  "0.5": "TURBO",
  "1": "DEFAULT",
  "2": "QUALITY",
  "4": "QUALITY",
};

/** Midjourney's own bound for `--repeat`; the jobs per command are capped by MAX_JOBS_PER_COMMAND. */
const REPEAT_MAX = 40;

const whole = (text: string, min: number, max: number) =>
  /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max ? Number(text) : undefined;

/** `--iw` 0–3 onto image_weight 1–100: 0 ↦ 1, 1 ↦ 50 (both sides' defaults), 3 ↦ 100, linear between. */
export function imageWeightOf(iw: number): number {
  const weight = iw <= 1 ? 1 + 49 * iw : 50 + 25 * (iw - 1);
  return Math.min(IMAGE_WEIGHT_MAX, Math.max(IMAGE_WEIGHT_MIN, Math.round(weight)));
}

const speed = (value: Speed) => (_text: string, into: Draft) => {
  into.fields.rendering_speed = value;
  return undefined;
};

const RATIO_VALUES = Object.entries(ASPECT_RATIOS).map(([value, label]) => {
  const [w, h] = label.split(":").map(Number);
  return { value: value as AspectRatio, label, ratio: (w ?? 1) / (h ?? 1) };
});

/** The two ratios any model has that are nearest to `ratio` (by how much wider or taller). */
export function nearestRatios(ratio: number, among = RATIO_VALUES): string[] {
  return [...among]
    .sort((a, b) => Math.abs(Math.log(a.ratio / ratio)) - Math.abs(Math.log(b.ratio / ratio)))
    .slice(0, 2)
    .map((r) => r.label);
}

const PARAMETERS: readonly Row[] = [
  {
    names: ["ar", "aspect"],
    field: "aspect_ratio",
    apply: (text, into) => {
      const match = /^(\d+):(\d+)$/.exec(text);
      const [w, h] = [Number(match?.[1]), Number(match?.[2])];
      if (!match || w === 0 || h === 0) return "takes a ratio of whole numbers, like `--ar 16:9`";
      const found = RATIO_VALUES.find((r) => Math.abs(r.ratio - w / h) < 1e-9);
      if (!found) return `${text} is not a ratio Ideogram has; try ${nearestRatios(w / h).join(" or ")}`;
      into.fields.aspect_ratio = found.value;
      return undefined;
    },
  },
  {
    names: ["no"],
    field: "negative_prompt",
    apply: (text, into) => {
      const words = text
        .split(",")
        .map((w) => w.trim())
        .filter(Boolean);
      if (words.length === 0) return "takes what to leave out, like `--no people, cars`";
      const before = into.fields.negative_prompt;
      into.fields.negative_prompt = [before, ...words].filter(Boolean).join(", ");
      return undefined;
    },
  },
  {
    names: ["seed"],
    field: "seed",
    apply: (text, into) => {
      const seed = whole(text, 0, SEED_MAX);
      if (seed === undefined) return `takes a whole number from 0 to ${SEED_MAX}`;
      into.fields.seed = seed;
      return undefined;
    },
  },
  {
    names: ["v", "version"],
    field: "model",
    apply: (text, into) => {
      const model = VERSIONS.get(text.toLowerCase());
      if (!model) return `takes one of ${[...VERSIONS.keys()].join(", ")} (Ideogram's models)`;
      into.fields.model = model;
      into.model = model;
      return undefined;
    },
  },
  {
    names: ["raw"],
    field: "magic_prompt_option",
    flag: true,
    apply: (_text, into) => {
      into.fields.magic_prompt_option = "OFF";
      return undefined;
    },
  },
  {
    names: ["style"],
    field: "magic_prompt_option",
    apply: (text, into) => {
      if (text.toLowerCase() !== "raw") return "takes only `raw` here (`--style raw`: Magic Prompt off)";
      into.fields.magic_prompt_option = "OFF";
      return undefined;
    },
  },
  // Ours, not Midjourney's (which makes no transparent images): `transparent:true` in the prompt.
  {
    names: ["transparent"],
    field: "transparent",
    flag: true,
    apply: (_text, into) => {
      into.fields.transparent = true;
      return undefined;
    },
  },
  { names: ["turbo"], field: "rendering_speed", flag: true, apply: speed("TURBO") },
  { names: ["fast"], field: "rendering_speed", flag: true, apply: speed("DEFAULT") },
  { names: ["hd"], field: "rendering_speed", flag: true, apply: speed("QUALITY") },
  {
    names: ["draft"],
    field: "rendering_speed",
    flag: true,
    apply: (_text, into) => {
      into.draft = true;
      return undefined;
    },
  },
  {
    names: ["q", "quality"],
    field: "rendering_speed",
    apply: (text, into) => {
      const value = QUALITIES[text];
      if (!value) return "takes .25, .5, 1, 2 or 4";
      into.fields.rendering_speed = value;
      return undefined;
    },
  },
  {
    names: ["sref"],
    field: "style_codes",
    apply: (text, into) => {
      const words = text.split(/\s+/).filter(Boolean);
      // Image links and codes may be mixed, as in Midjourney.
      const links = words.filter(isLink).map(unwrap);
      const codes = words.filter((w) => !isLink(w));
      into.links.style.push(...links);
      if (codes.length === 0 && links.length > 0) return undefined;
      if (codes.some((c) => !/^[0-9a-f]{8}$/i.test(c))) {
        return "takes Ideogram style codes, 8 hexadecimal digits each (like `--sref AAFF5733`); Midjourney's numeric codes don't carry over";
      }
      into.fields.style_codes = [...(into.fields.style_codes ?? []), ...codes.map((c) => c.toUpperCase())];
      return undefined;
    },
  },
  {
    names: ["iw"],
    field: "image_weight",
    apply: (text, into) => {
      const iw = /^(\d+(\.\d+)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
      if (!(iw >= 0 && iw <= 3)) return "takes a number from 0 to 3, like `--iw 1.5`";
      into.imageWeight = imageWeightOf(iw);
      return undefined;
    },
  },
  {
    names: ["cref", "oref"],
    apply: (text, into) => {
      const words = text.split(/\s+/).filter(Boolean);
      if (words.length !== 1 || !isLink(words[0] ?? ""))
        return "takes one image link (Ideogram keeps one character)";
      into.links.character.push(unwrap(words[0] ?? ""));
      return undefined;
    },
  },
  {
    names: ["repeat", "r"],
    apply: (text, into) => {
      const repeat = whole(text, 1, REPEAT_MAX);
      if (repeat === undefined) return `takes a whole number of jobs from 1 to ${REPEAT_MAX}`;
      into.repeat = repeat;
      return undefined;
    },
  },
  // Midjourney's, with no Ideogram meaning: the job runs without them, and the result says so.
  ...[
    ["chaos", "c"],
    ["stylize", "s"],
    ["weird", "w"],
    ["tile"],
    ["exp"],
    ["p", "profile"],
    ["sw"],
    ["sv"],
    ["cw"],
    ["ow"],
    ["stop"],
    ["niji"],
    ["relax"],
    ["stealth"],
    ["public"],
    ["video"],
    ["edit"],
    ["sd"],
  ].map((names) => ({ names })),
];

const BY_NAME = new Map(PARAMETERS.flatMap((row) => row.names.map((name) => [name, row] as const)));

/** Every name a parameter goes by, for "Did you mean". */
export const PARAMETER_NAMES = [...BY_NAME.keys()];

/** A parameter's start: a space (or the start) then `--`, `—` or `–` and a letter. */
const PARAMETER = /(?:^|\s)(?:--|—|–)(?=[a-z{])/i;
/** Midjourney's permutations, `{red, blue}`: expanded before a prompt is read, refused anywhere else. */
const PERMUTATION = /\{[^{}]*\}/;

/** Whether `name` is one of Midjourney's parameters (a custom option may not shadow one). */
export const isParameterName = (name: string) => BY_NAME.has(name.toLowerCase());

/**
 * The prompt's text and parameters; a prompt with no ` --` is all text. `custom` are the user's own
 * options (`/prefer option set`): `--name` stands for its parameters.
 */
export function parsePromptParameters(
  prompt: string,
  model?: Model,
  custom: Readonly<Record<string, string>> = {},
): PromptParse {
  if (PERMUTATION.test(prompt)) {
    return {
      ok: false,
      problems: ["Permutations (`{a, b}`) work in a prompt, not in a preference"],
    };
  }
  const start = PARAMETER.exec(prompt);
  const words = (start ? prompt.slice(0, start.index) : prompt).trim().split(/\s+/);
  // Image prompts: the links at the front.
  const leading = words.findIndex((word) => !isLink(word));
  const image = (leading < 0 ? words : words.slice(0, leading)).filter(Boolean).map(unwrap);
  const text = (leading < 0 ? [] : words.slice(leading)).join(" ");
  const draft: Draft = { fields: {}, links: { image, style: [], character: [] }, model };
  const applied: ParsedPrompt["applied"] = [];
  const ignored: string[] = [];
  const problems: string[] = [];
  let unknownNames: true | undefined;
  const given = start ? prompt.slice(start.index).split(PARAMETER) : [];
  const parts = given
    .map((p) => p.trim())
    .filter(Boolean)
    .flatMap((part) => {
      const name = part.toLowerCase();
      const expansion = !BY_NAME.has(name) && Object.hasOwn(custom, name) ? custom[name] : undefined;
      return expansion === undefined ? [part] : splitParameters(expansion);
    });
  for (const part of parts) {
    const [rawName = "", ...rest] = part.split(/\s+/);
    const name = rawName.toLowerCase();
    const value = rest.join(" ");
    const row = BY_NAME.get(name);
    const typed = `--${rawName}${value ? ` ${value}` : ""}`;
    if (!row) {
      problems.push(unknown(rawName));
      unknownNames = true;
      continue;
    }
    if (!row.apply) {
      ignored.push(typed);
      continue;
    }
    if (row.flag && value) {
      problems.push(
        `\`--${name}\` takes no value, but has \`${value}\` after it (text goes before the parameters)`,
      );
      continue;
    }
    if (!row.flag && !value) {
      problems.push(`\`--${name}\` needs a value after it`);
      continue;
    }
    const problem = row.apply(value, draft);
    if (problem) problems.push(`\`--${name}\` ${problem}`);
    else if (row.field && isSet(draft, row.field)) {
      applied.push({ notation: `--${row.names[0]}${value ? ` ${value}` : ""}`, field: row.field });
    }
  }
  if (draft.draft) draft.fields.rendering_speed = fastestOf(draft.model);
  if (problems.length > 0) return { ok: false, problems, ...(unknownNames ? { unknownNames } : {}) };
  const notes = text.includes("::")
    ? ["`::` was sent as text: multi-prompt weights are not in Midjourney's V7 and later, nor in Ideogram."]
    : [];
  const result: ParsedPrompt = { text, fields: draft.fields, applied, ignored, notes, links: draft.links };
  if (draft.imageWeight !== undefined) result.imageWeight = draft.imageWeight;
  if (draft.repeat !== undefined) result.repeat = draft.repeat;
  return { ok: true, prompt: result };
}

/** `--a 1 --b` as its parameters, each without its dashes: ["a 1", "b"]. */
const splitParameters = (text: string) =>
  ` ${text}`
    .split(PARAMETER)
    .map((p) => p.trim())
    .filter(Boolean);

/** Whether `text` is parameters only, each known and well-formed (a /prefer value); else why not. */
export function checkParametersOnly(text: string): string | undefined {
  if (!/^(?:--|—|–)[a-z]/i.test(text.trim())) return "must be parameters only, like `--ar 16:9 --raw`";
  const read = parsePromptParameters(text);
  if (!read.ok) return read.problems.join("; ");
  if (read.prompt.text !== "") return "must be parameters only, like `--ar 16:9 --raw`";
  return undefined;
}

const isSet = (draft: Draft, field: keyof ParameterFields | "image_weight") =>
  (field === "image_weight" ? draft.imageWeight : draft.fields[field]) !== undefined;

/** A link as people paste it (Discord users wrap one in <…> to hide its preview). */
const isLink = (word: string) => /^<?https?:\/\/\S+$/i.test(word);
const unwrap = (word: string) => word.replace(/^<(.*)>$/, "$1");

/** `--draft`: Flash where the model has it (3.0), Turbo otherwise (the legacy models' Turbo model). */
function fastestOf(model: Model | undefined): Speed {
  return model && familyOf(model) !== "legacy" && MODEL_FACTS[model].speeds.includes("FLASH")
    ? "FLASH"
    : "TURBO";
}

/** "Unrecognized parameter: --arr. Did you mean --ar?" */
function unknown(name: string): string {
  const lower = name.toLowerCase();
  const close = PARAMETER_NAMES.filter((known) => known.length > 1 && editDistance(lower, known) <= 1);
  const hint = close.length > 0 ? ` Did you mean ${close.map((c) => `\`--${c}\``).join(" or ")}?` : "";
  return `Unrecognized parameter: \`--${name}\`.${hint}`;
}

/** Levenshtein distance, for names a letter off. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

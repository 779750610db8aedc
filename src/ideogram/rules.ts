// Which request fields and values each model takes on generate and remix, checked before anything is
// spent: every answer comes from the one table (models.ts), plus the combinations Ideogram refuses.
// Layer 1 (ideogram/): imports only layer 0, never discord/.
import { ASPECT_RATIOS, MODELS, type Model, SPEEDS, type Speed, STYLES, type Style } from "./enums.ts";
import {
  type Field,
  familyOf,
  fieldsFor,
  IDEOGRAM_DEFAULT_MODEL,
  MODEL_FACTS,
  modelsTaking,
  operationOf,
  priceOf,
  type RequestOperation,
  requestOperation,
} from "./models.ts";
import { resolutionsOf, toWxH } from "./resolution.ts";
import type { ImageRequest } from "./schema.ts";

/** What a request asks: its fields, whether it remixes an image, and the reference images it sends. */
export interface RuleInput {
  request: ImageRequest;
  operation: "generate" | "remix";
  references?: { style?: number; character?: number } | undefined;
  /** The models the caller may pick from, for "Pick … as `model`" (default: every model). */
  choices?: readonly Model[];
}

/**
 * What a message calls each field: the command layer passes the option a Discord user typed
 * (interactions/options.ts); HTTP callers read `detail`, which names the field itself.
 */
export type FieldNames = (field: Field) => string;
const fieldName: FieldNames = (field) => field;

/** aspect_ratio: "Cannot be used in conjunction with resolution" (every API); the rest per operation. */
const SHAPE_EXCLUDES = ["aspect_ratio", "resolution", "a resolution already fixes the shape"] as const;

export interface RuleViolation {
  field: Field;
  /** For people, naming each field as `names` calls it (for Discord users: the option). */
  message: string;
  /** For HTTP callers, naming the field (after "image_request.<field>: "). */
  detail: string;
}

const code = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(", ");
const named = (model: Model) => `${MODELS[model]} (\`${model}\`)`;

/** The fields a request uses, by the table's names (`accepted`: those its endpoint takes). */
function usedFields({ request, operation, references }: RuleInput, accepted: readonly Field[]): Field[] {
  const fields = Object.entries(request)
    .filter(([key, value]) => key !== "prompt" && key !== "model" && value !== undefined)
    .map(([key]) => key as Field);
  if (references?.style) fields.push("style_reference_images");
  if (references?.character) fields.push("character_reference_images");
  // A remix always has a weight (Ideogram's default 50), sent where the endpoint takes one.
  if (operation === "remix" && accepted.includes("image_weight")) fields.push("image_weight");
  return fields;
}

/** Every field and value of the request that its model does not take, and fields that exclude each other. */
export function findRuleViolations(input: RuleInput, names: FieldNames = fieldName): RuleViolation[] {
  const model = input.request.model ?? IDEOGRAM_DEFAULT_MODEL;
  const operation = requestOperation(model, input.operation, input.request);
  const accepted = fieldsFor(model, operation);
  const used = usedFields(input, accepted);
  const violations = used
    .filter((f) => !accepted.includes(f))
    .map((f) => unsupported(f, model, input, operation, names));
  violations.push(...valueViolations(input.request, model, accepted, names));
  const op = operationOf(familyOf(model), operation);
  for (const [a, b, why] of [SHAPE_EXCLUDES, ...(op.excludes ?? [])]) {
    if (!used.includes(a) || !used.includes(b)) continue;
    violations.push({
      field: a,
      message: `\`${names(a)}\` and \`${names(b)}\` can't be used together: ${why}. Keep one of them.`,
      detail: `cannot be used together with ${b}`,
    });
  }
  const character = characterStyleViolation(input, model, names);
  if (character) violations.push(character);
  const price = priceViolation(input, model, operation, names);
  if (price) violations.push(price);
  return violations;
}

/** A style the model's character twin does not take, with a character reference (3.0, §5). */
function characterStyleViolation(
  input: RuleInput,
  model: Model,
  names: FieldNames,
): RuleViolation | undefined {
  const style = input.request.style_type;
  const allowed = MODEL_FACTS[model].characterStyles;
  if (!input.references?.character || !style || !allowed || allowed.includes(style)) return undefined;
  return {
    field: "style_type",
    message: `\`${names("style_type")}\` ${STYLES[style]} can't be used with a character reference on ${named(model)}: it takes ${allowed.map((s) => STYLES[s]).join(", ")}.`,
    detail: `${style} is not available with a character reference on model ${model}`,
  };
}

/** A field the model's endpoint does not take, naming the option and the models whose endpoint does. */
function unsupported(
  field: Field,
  model: Model,
  input: RuleInput,
  operation: RequestOperation,
  names: FieldNames,
): RuleViolation {
  const option = names(field);
  const others = modelsTaking(field, operation).filter((m) => input.choices?.includes(m) ?? true);
  const pick = others.length > 0 ? `Pick ${code(others)} as \`model\`, or leave` : "Leave";
  const speed = input.request.rendering_speed;
  const value = field === "rendering_speed" && speed ? ` ${SPEEDS[speed]}` : "";
  const withImage = { generate: "", remix: " with an image prompt", transparent: " for a transparent image" }[
    operation
  ];
  // A legacy model's only speed is its Turbo model, which applySpeed has already chosen.
  const hint =
    field === "rendering_speed" && familyOf(model) === "legacy"
      ? ` (On the legacy models, \`${option}\` Turbo picks their Turbo model.)`
      : "";
  const defaulted = input.request.model ? "" : " (the default)";
  return {
    field,
    message: `\`${option}\`${value} can't be used with ${named(model)}${withImage}. ${pick} \`${option}\` out.${hint}`,
    detail: `not supported by model ${model}${defaulted}; only by ${others.join(", ") || "no model"}`,
  };
}

/** Values of fields the model takes, but not with that value (a ratio, size, style or speed it hasn't). */
function valueViolations(
  request: ImageRequest,
  model: Model,
  accepted: readonly Field[],
  names: FieldNames,
): RuleViolation[] {
  const facts = MODEL_FACTS[model];
  const found: RuleViolation[] = [];
  const check = <V extends string>(
    field: Field,
    value: V | undefined,
    allowed: readonly V[],
    label: (v: V) => string,
    elsewhere: (m: Model) => readonly V[],
  ) => {
    if (value === undefined || !accepted.includes(field) || allowed.includes(value)) return;
    const option = names(field);
    const others = (Object.keys(MODEL_FACTS) as Model[]).filter((m) => elsewhere(m).includes(value));
    const has = allowed.length > 0 && allowed.length <= 8 ? `: it has ${allowed.map(label).join(", ")}` : "";
    const where = others.length > 0 ? ` ${label(value)} is on ${code(others)}.` : "";
    found.push({
      field,
      message: `\`${option}\` ${label(value)} isn't available on ${named(model)}${has}.${where}`,
      detail: `${value} is not available on model ${model}`,
    });
  };
  check(
    "aspect_ratio",
    request.aspect_ratio,
    facts.aspectRatios,
    (v) => ASPECT_RATIOS[v],
    (m) => MODEL_FACTS[m].aspectRatios,
  );
  check(
    "style_type",
    request.style_type,
    facts.styles,
    (v: Style) => STYLES[v],
    (m) => MODEL_FACTS[m].styles,
  );
  check(
    "rendering_speed",
    request.rendering_speed,
    facts.speeds,
    (v: Speed) => SPEEDS[v],
    (m) => MODEL_FACTS[m].speeds,
  );
  const sizes = resolutionsOf(model).map((r) => r.value as string);
  if (
    request.resolution !== undefined &&
    accepted.includes("resolution") &&
    !sizes.includes(request.resolution)
  ) {
    found.push({
      field: "resolution",
      message: `\`${names("resolution")}\` ${toWxH(request.resolution)} isn't one of ${named(model)}'s sizes: pick one from the list (type a size like 1024 or a ratio like 16:9 to search it).`,
      detail: `${request.resolution} is not one of model ${model}'s resolutions`,
    });
  }
  return found;
}

/** A speed with no published price for what is asked (say, with a character reference). */
function priceViolation(
  input: RuleInput,
  model: Model,
  operation: RequestOperation,
  names: FieldNames,
): RuleViolation | undefined {
  const character = (input.references?.character ?? 0) > 0;
  const speed = input.request.rendering_speed;
  const op = operationOf(familyOf(model), operation);
  if (priceOf(op, model, speed, character) !== undefined) return undefined;
  const what = character ? " with a character reference" : "";
  return {
    field: "rendering_speed",
    message: `\`${names("rendering_speed")}\` ${SPEEDS[speed ?? "DEFAULT"]} can't be used${what} on ${named(model)}: Ideogram publishes no price for it. Pick another \`${names("rendering_speed")}\`.`,
    detail: `${speed ?? "DEFAULT"} has no price${what}`,
  };
}

/**
 * Speed Turbo on a legacy model is its _TURBO model (Ideogram has no rendering_speed there): the
 * request with the model it means. Any other speed stays, and is refused by the rules.
 */
export function applySpeed(request: ImageRequest): ImageRequest {
  const model = request.model ?? IDEOGRAM_DEFAULT_MODEL;
  if (familyOf(model) !== "legacy" || request.rendering_speed !== "TURBO") return request;
  const { rendering_speed: _speed, ...rest } = request;
  return { ...rest, model: MODEL_FACTS[model].turbo ?? model };
}

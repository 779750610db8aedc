// Which request fields each Ideogram model accepts, checked before anything is spent. The one
// place these rules live. Source: the ImageRequest field descriptions in Ideogram's OpenAPI spec.
import { DEFAULT_MODEL, MODELS, type Model } from "./enums.ts";
import type { ImageRequest } from "./schema.ts";

type Field = "style_type" | "negative_prompt" | "resolution" | "color_palette" | "aspect_ratio";

/** The models that accept a field. */
const SUPPORTED: Partial<Record<Field, readonly Model[]>> = {
  // "only applicable for models V_2 and above and should not be specified for model versions V_1"
  style_type: ["V_2", "V_2_TURBO", "V_2A", "V_2A_TURBO"],
  // "Only available for model versions V_1, V_1_TURBO, V_2 and V_2_TURBO"
  negative_prompt: ["V_1", "V_1_TURBO", "V_2", "V_2_TURBO"],
  // "For model_version for 2.0 only, cannot be used in conjunction with aspect_ratio"
  resolution: ["V_2", "V_2_TURBO"],
  // "Only available for model version V_2 and V_2_TURBO" (later: "Not supported by V_1, V_1_TURBO,
  // V_2A and V_2A_TURBO")
  color_palette: ["V_2", "V_2_TURBO"],
};

/** The option each field is set by, as users know it. */
export const FIELD_OPTION_NAMES: Record<Field, string> = {
  style_type: "style",
  negative_prompt: "negative_prompt",
  resolution: "resolution",
  color_palette: "palette",
  aspect_ratio: "aspect_ratio",
};

export interface RuleViolation {
  field: Field;
  /** For Discord users, naming the option. */
  message: string;
  /** For HTTP callers, naming the field (after "image_request.<field>: "). */
  detail: string;
}

/** True if `model` (Ideogram's default when unset) accepts `field`. */
export function modelSupports(model: Model | undefined, field: Field): boolean {
  return SUPPORTED[field]?.includes(model ?? DEFAULT_MODEL) ?? true;
}

/** Every field of `request` that its model does not accept, and fields that exclude each other. */
export function findRuleViolations(request: ImageRequest): RuleViolation[] {
  const model = request.model ?? DEFAULT_MODEL;
  const violations: RuleViolation[] = [];
  for (const [field, supported] of Object.entries(SUPPORTED) as [Field, readonly Model[]][]) {
    if (request[field] === undefined || supported.includes(model)) continue;
    const option = FIELD_OPTION_NAMES[field];
    const models = supported.map((m) => `\`${m}\``).join(", ");
    violations.push({
      field,
      message: `\`${option}\` can't be used with ${MODELS[model]} (\`${model}\`). Pick ${models} as \`model\`, or leave \`${option}\` out.`,
      detail: `not supported by model ${model}${request.model ? "" : " (the default)"}; only by ${supported.join(", ")}`,
    });
  }
  // "Cannot be used in conjunction with resolution"
  if (request.aspect_ratio !== undefined && request.resolution !== undefined) {
    violations.push({
      field: "aspect_ratio",
      message:
        "`aspect_ratio` and `resolution` can't be used together: a resolution already fixes the shape. Keep one of them.",
      detail: "cannot be used together with resolution",
    });
  }
  return violations;
}

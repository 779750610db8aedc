// Which request fields each Ideogram model accepts, checked before anything is spent.
// Source: the ImageRequest field descriptions in Ideogram's OpenAPI spec.
import { DEFAULT_MODEL, MODELS, type Model } from "./enums.ts";
import type { ImageRequest } from "./schema.ts";

type Field = "style_type" | "negative_prompt";

/** Models that reject a field, and how to name the field to a Discord user. */
const UNSUPPORTED: Record<Field, { option: string; models: readonly Model[] }> = {
  // "only applicable for models V_2 and above and should not be specified for model versions V_1"
  style_type: { option: "style", models: ["V_1", "V_1_TURBO"] },
  // "Only available for model versions V_1, V_1_TURBO, V_2 and V_2_TURBO"
  negative_prompt: { option: "negative_prompt", models: ["V_2A", "V_2A_TURBO"] },
};

export interface RuleViolation {
  field: Field;
  option: string;
  model: Model;
  message: string;
}

/** Every field of `request` that its model (or Ideogram's default model) does not accept. */
export function findRuleViolations(request: ImageRequest): RuleViolation[] {
  const model = request.model ?? DEFAULT_MODEL;
  const violations: RuleViolation[] = [];
  for (const [field, rule] of Object.entries(UNSUPPORTED) as [Field, (typeof UNSUPPORTED)[Field]][]) {
    if (request[field] === undefined || !rule.models.includes(model)) continue;
    const supported = (Object.keys(MODELS) as Model[]).filter((m) => !rule.models.includes(m));
    violations.push({
      field,
      option: rule.option,
      model,
      message: `\`${rule.option}\` can't be used with ${MODELS[model]} (\`${model}\`). Pick one of ${supported
        .map((m) => `\`${m}\``)
        .join(", ")}, or leave \`${rule.option}\` out.`,
    });
  }
  return violations;
}

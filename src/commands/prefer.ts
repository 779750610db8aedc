// /prefer: a member's own preferences, as in Midjourney. `option set name value` makes `--name` in any of
// their prompts stand for those parameters (never a real parameter's name; an empty value deletes it),
// `option list` shows them, `suffix value` adds parameters to the end of every prompt of theirs (empty:
// none), `remix value:on|off` is Remix mode (Re-roll and Vary open a form first, actions/remix.ts). Typed
// parameters and options come first; the suffix loses to both, silently.
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.
import type {
  APIApplicationCommandInteractionDataOption,
  APIChatInputApplicationCommandInteraction,
  APIInteractionResponse,
} from "discord-api-types/v10";
import { OPTION } from "../discord/numbers.ts";
import { ephemeral } from "../discord/responses.ts";
import type { CommandContext } from "../interactions/context.ts";
import { checkParametersOnly, isParameterName } from "../interactions/prompt-parameters.ts";
import { CUSTOM_OPTIONS_MAX, type Preferences } from "../limits/preferences.ts";

type Option = APIApplicationCommandInteractionDataOption;

/** The subcommand's path ("option set", "suffix") and its values, trimmed. */
function readSubcommand(options: readonly Option[] | undefined): {
  path: string;
  values: Map<string, string>;
} {
  const [first] = options ?? [];
  const group = first?.type === OPTION.SUBCOMMAND_GROUP ? first.options[0] : undefined;
  const sub = group ?? first;
  const given = sub && "options" in sub ? ((sub.options ?? []) as Option[]) : [];
  const values = new Map(
    given.flatMap((o) => ("value" in o ? [[o.name, String(o.value).trim()] as const] : [])),
  );
  const path = group ? `${first?.name} ${group.name}` : (first?.name ?? "");
  return { path, values };
}

const listOf = (preferences: Preferences) => {
  const entries = Object.entries(preferences.options);
  const options =
    entries.length > 0 ? entries.map(([name, value]) => `\`--${name}\` = \`${value}\``).join("\n") : "none";
  const suffix = preferences.suffix ? `\`${preferences.suffix}\`` : "none";
  return `**Your custom options:**\n${options}\n**Your suffix:** ${suffix}\n**Remix mode:** ${preferences.remix ? "on" : "off"}`;
};

export async function handlePrefer(
  interaction: APIChatInputApplicationCommandInteraction,
  context: CommandContext,
): Promise<APIInteractionResponse> {
  const user = interaction.member?.user ?? interaction.user;
  if (!user) return ephemeral("Preferences belong to a user; this request names none.");
  const { path, values } = readSubcommand(interaction.data.options);
  const { preferences: current } = await context.limits.preferences(user.id);
  const save = async (next: Preferences, said: string) => {
    await context.limits.savePreferences(user.id, next);
    return ephemeral(said);
  };
  const value = values.get("value") ?? "";
  switch (path) {
    case "option list":
      return ephemeral(listOf(current));
    case "option set": {
      const name = (values.get("name") ?? "").replace(/^(--|—|–)/, "").toLowerCase();
      if (!/^[a-z][a-z0-9_-]{0,19}$/.test(name)) {
        return ephemeral(
          "A custom option's name is a word of letters, digits, `-` or `_` (at most 20), like `mine`.",
        );
      }
      if (isParameterName(name))
        return ephemeral(`\`--${name}\` is one of Midjourney's parameters: pick another name.`);
      const { [name]: _old, ...others } = current.options;
      if (!value) return save({ ...current, options: others }, `\`--${name}\` is deleted.`);
      const problem = checkParametersOnly(value);
      if (problem) return ephemeral(`\`--${name}\` was not set: its value ${problem}.`);
      if (!Object.hasOwn(current.options, name) && Object.keys(others).length >= CUSTOM_OPTIONS_MAX) {
        return ephemeral(
          `You have ${CUSTOM_OPTIONS_MAX} custom options, the most there may be: delete one first.`,
        );
      }
      return save(
        { ...current, options: { ...others, [name]: value } },
        `\`--${name}\` now stands for \`${value}\`.`,
      );
    }
    case "suffix": {
      const { suffix: _old, ...rest } = current;
      if (!value) return save(rest, "Your prompts get no suffix now.");
      const problem = checkParametersOnly(value);
      if (problem) return ephemeral(`The suffix was not set: it ${problem}.`);
      return save(
        { ...current, suffix: value },
        `Every prompt of yours now ends with \`${value}\` (what you type comes first).`,
      );
    }
    case "remix": {
      if (value !== "on" && value !== "off") return ephemeral("Remix mode is `on` or `off`.");
      const remix = value === "on";
      return save(
        { ...current, remix },
        remix
          ? "Remix mode is on: 🔄 Re-roll and 🔀 Vary first open a form with the prompt and its parameters, to change before it runs."
          : "Remix mode is off: 🔄 Re-roll and 🔀 Vary run at once.",
      );
    }
    default:
      return ephemeral(
        "This /prefer command is unknown to the bot: ask its owner to run `npm run register`.",
      );
  }
}

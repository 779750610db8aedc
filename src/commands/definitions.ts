// Every command, declared once as data: the Worker dispatches on these names and
// `npm run register` uploads exactly this list (the Worker itself only needs the names, as types).
// No runtime imports beyond plain data.
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.
import type {
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
  RESTPutAPIApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { STRING_OPTION_MAX } from "../discord/bounds.ts";
import { COMMAND, CONTEXT, INSTALL, OPTION, PERMISSION } from "../discord/numbers.ts";
import {
  ASPECT_RATIOS,
  IMAGE_WEIGHT_MAX,
  IMAGE_WEIGHT_MIN,
  MAGIC_PROMPT_OPTIONS,
  MODELS,
  NUM_IMAGES_MAX,
  SEED_MAX,
  SPEEDS,
  STYLES,
} from "../ideogram/enums.ts";

const choices = (labels: Record<string, string>, describe = (_value: string, label: string) => label) =>
  Object.entries(labels).map(([value, label]) => ({
    name: describe(value, label),
    value,
  }));

/** Installed to servers and to users, usable in servers, the bot's DMs and private channels. */
const EVERYWHERE = {
  integration_types: [INSTALL.GUILD, INSTALL.USER],
  contexts: [CONTEXT.GUILD, CONTEXT.BOT_DM, CONTEXT.PRIVATE_CHANNEL],
};

const imagine = {
  name: "imagine" as const,
  type: COMMAND.CHAT_INPUT,
  description: "Generate images with Ideogram",
  ...EVERYWHERE,
  options: [
    {
      type: OPTION.STRING,
      name: "prompt",
      description: "What to draw",
      required: true,
      min_length: 1,
      max_length: STRING_OPTION_MAX,
    },
    {
      type: OPTION.STRING,
      name: "aspect_ratio",
      description: "Width:height of the image (default 1:1; 4:5, 5:4, 2:1 and 1:2 on 3.0 and 4.0)",
      choices: choices(ASPECT_RATIOS),
    },
    {
      type: OPTION.STRING,
      name: "model",
      description: "Ideogram model (default: the server's, else the bot's, else 2.0)",
      choices: choices(MODELS, (value, label) => `${label} (${value})`),
    },
    {
      type: OPTION.STRING,
      name: "speed",
      description:
        "Speed (3.0, 4.0: no Flash; 4.5: Low, Medium, High; 1.0–2a: Turbo picks their Turbo model)",
      choices: choices(SPEEDS),
    },
    {
      type: OPTION.STRING,
      name: "style",
      description: "Style (2.0, 2a and 3.0; Fiction on 3.0, 3D render and Anime on 2.0 and 2a)",
      choices: choices(STYLES),
    },
    {
      type: OPTION.STRING,
      name: "style_preset",
      description: "One of 3.0's 62 style presets, e.g. Art Deco (type to search)",
      autocomplete: true,
      max_length: 40,
    },
    {
      type: OPTION.STRING,
      name: "style_code",
      description: "3.0 style codes: 8 hex digits each, e.g. AAFF5733 (several: separate with commas)",
      max_length: 200,
    },
    {
      type: OPTION.STRING,
      name: "magic_prompt",
      description: "Let Ideogram rewrite the prompt for better results",
      choices: choices(MAGIC_PROMPT_OPTIONS),
    },
    {
      type: OPTION.STRING,
      name: "negative_prompt",
      description: "What to leave out (1.0, 2.0 and 3.0)",
      max_length: STRING_OPTION_MAX,
    },
    {
      type: OPTION.INTEGER,
      name: "seed",
      description: "Random seed, for repeatable results",
      min_value: 0,
      max_value: SEED_MAX,
    },
    {
      type: OPTION.INTEGER,
      name: "count",
      description: `How many images (1–${NUM_IMAGES_MAX}, default 1)`,
      min_value: 1,
      max_value: NUM_IMAGES_MAX,
    },
    {
      type: OPTION.STRING,
      name: "resolution",
      description: "Exact size, e.g. 1280x720 or 16:9 to search (2.0, 3.0, 4.0; instead of aspect_ratio)",
      autocomplete: true,
      max_length: 40,
    },
    {
      type: OPTION.BOOLEAN,
      name: "transparent",
      description: "A transparent background: a PNG with alpha (3.0 and 4.0)",
    },
    {
      type: OPTION.STRING,
      name: "palette",
      description: "Colours: a preset (Ember, Pastel…) or #ff8800:0.6, #223344 (2.0 and 3.0)",
      autocomplete: true,
      max_length: 200,
    },
    {
      type: OPTION.ATTACHMENT,
      name: "image",
      description: "An image prompt: the picture is remixed with your prompt (PNG, JPEG or WebP, ≤ 10 MB)",
    },
    {
      type: OPTION.INTEGER,
      name: "image_weight",
      description: `How closely the result follows image (${IMAGE_WEIGHT_MIN}–${IMAGE_WEIGHT_MAX}, default 50)`,
      min_value: IMAGE_WEIGHT_MIN,
      max_value: IMAGE_WEIGHT_MAX,
    },
    {
      type: OPTION.ATTACHMENT,
      name: "style_ref",
      description: "A style reference image (3.0), like Midjourney's --sref",
    },
    {
      type: OPTION.ATTACHMENT,
      name: "character_ref",
      description: "A character reference image (3.0, priced higher), like Midjourney's --cref",
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Type 11 = ATTACHMENT. */
const describe = {
  name: "describe" as const,
  type: COMMAND.CHAT_INPUT,
  description: "Ask Ideogram to describe an image as prompts you can imagine",
  ...EVERYWHERE,
  options: [
    {
      type: OPTION.ATTACHMENT,
      name: "image",
      description: "A PNG, JPEG or WebP image (at most 10 MB)",
      required: true,
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** A message context-menu command (type 3): right-click a message → Apps → Describe image. */
const describeMessage = {
  name: "Describe image" as const,
  type: COMMAND.MESSAGE,
  ...EVERYWHERE,
} satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

const usage = {
  name: "usage" as const,
  type: COMMAND.CHAT_INPUT,
  description: "Your images today and what is left (and the server's, for its managers)",
  ...EVERYWHERE,
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const settings = {
  name: "settings" as const,
  type: COMMAND.CHAT_INPUT,
  description: "This server's defaults, allowed models, daily limit and blocked words",
  integration_types: [INSTALL.GUILD],
  contexts: [CONTEXT.GUILD],
  // The portal hides /settings from members without Manage Server; the Worker checks again.
  default_member_permissions: String(PERMISSION.MANAGE_GUILD),
  options: [
    { type: OPTION.SUBCOMMAND, name: "show", description: "Show this server's settings" },
    {
      type: OPTION.SUBCOMMAND,
      name: "defaults",
      description: "Values /imagine uses when a member leaves an option out",
      options: [
        {
          type: OPTION.STRING,
          name: "model",
          description: "Default model",
          choices: choices(MODELS, (v, l) => `${l} (${v})`),
        },
        {
          type: OPTION.STRING,
          name: "speed",
          description: "Default rendering speed",
          choices: choices(SPEEDS),
        },
        {
          type: OPTION.STRING,
          name: "style",
          description: "Default style (2.0, 2a and 3.0 models)",
          choices: choices(STYLES),
        },
        {
          type: OPTION.STRING,
          name: "style_preset",
          description: "Default 3.0 style preset, e.g. ART_DECO",
          autocomplete: true,
          max_length: 40,
        },
        {
          type: OPTION.STRING,
          name: "aspect_ratio",
          description: "Default aspect ratio",
          choices: choices(ASPECT_RATIOS),
        },
        {
          type: OPTION.STRING,
          name: "magic_prompt",
          description: "Default Magic Prompt setting",
          choices: choices(MAGIC_PROMPT_OPTIONS),
        },
        {
          type: OPTION.INTEGER,
          name: "count",
          description: "Default number of images",
          min_value: 1,
          max_value: NUM_IMAGES_MAX,
        },
        { type: OPTION.BOOLEAN, name: "clear", description: "Remove every default first" },
      ],
    },
    {
      type: OPTION.SUBCOMMAND,
      name: "models",
      description: "Which models members may use",
      options: [
        {
          type: OPTION.STRING,
          name: "allowed",
          description: '"all", or a list like "V_3, V_2_TURBO"',
          required: true,
          max_length: 200,
        },
      ],
    },
    {
      type: OPTION.SUBCOMMAND,
      name: "daily-limit",
      description: "Images this server may make per day (0 = the bot's own limit)",
      options: [
        {
          type: OPTION.INTEGER,
          name: "images",
          description: "Images per day, 0 to remove",
          required: true,
          min_value: 0,
        },
      ],
    },
    {
      type: OPTION.SUBCOMMAND,
      name: "blocked-words",
      description: "Words or phrases prompts may not contain (any case)",
      options: [
        {
          type: OPTION.STRING,
          name: "add",
          description: "Comma-separated words or phrases to block",
          max_length: 1000,
        },
        {
          type: OPTION.STRING,
          name: "remove",
          description: "Comma-separated words or phrases to allow again",
          max_length: 1000,
        },
        { type: OPTION.BOOLEAN, name: "clear", description: "Remove every blocked word" },
      ],
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Each member's own preferences, as in Midjourney's /prefer. */
const prefer = {
  name: "prefer" as const,
  type: COMMAND.CHAT_INPUT,
  description: "Your own defaults for /imagine: custom options, a suffix, Remix mode",
  ...EVERYWHERE,
  options: [
    {
      type: OPTION.SUBCOMMAND_GROUP,
      name: "option",
      description: "Custom options: --name in a prompt stands for its parameters",
      options: [
        {
          type: OPTION.SUBCOMMAND,
          name: "set",
          description: "Set (or, with no value, delete) a custom option",
          options: [
            {
              type: OPTION.STRING,
              name: "name",
              description: "The option's name, like mine",
              required: true,
              max_length: 20,
            },
            {
              type: OPTION.STRING,
              name: "value",
              description: "Its parameters, like --ar 7:4 --raw",
              max_length: 500,
            },
          ],
        },
        { type: OPTION.SUBCOMMAND, name: "list", description: "Your custom options" },
      ],
    },
    {
      type: OPTION.SUBCOMMAND,
      name: "suffix",
      description: "Parameters added to every prompt of yours (no value: none)",
      options: [
        { type: OPTION.STRING, name: "value", description: "Like --ar 16:9 --no text", max_length: 500 },
      ],
    },
    {
      type: OPTION.SUBCOMMAND,
      name: "remix",
      description: "Remix mode: Re-roll and Vary first open a form to change the prompt and parameters",
      options: [
        {
          type: OPTION.STRING,
          name: "value",
          description: "on or off",
          required: true,
          choices: [
            { name: "on", value: "on" },
            { name: "off", value: "off" },
          ],
        },
      ],
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const COMMANDS = [
  imagine,
  describe,
  describeMessage,
  usage,
  settings,
  prefer,
] satisfies RESTPutAPIApplicationCommandsJSONBody;

export type CommandName = (typeof COMMANDS)[number]["name"];

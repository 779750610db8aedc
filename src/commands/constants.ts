// Numbers both the command definitions and the Worker's handlers need. Kept apart so the Worker
// does not bundle the definitions (descriptions, choices), which only `npm run register` uploads.
// Layer 7 (commands/): imports only layers 0–6, never actions/, scheduler/.

/** Discord's own maximum for a string option. */
export const PROMPT_MAX_LENGTH = 6000;

/** Permission bit MANAGE_GUILD (1 << 5). */
export const MANAGE_GUILD = 1n << 5n;

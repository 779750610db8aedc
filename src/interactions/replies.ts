// The private answers every handler shares: a button or form whose result is no longer kept (or
// that the bot never made).
// Layer 6 (interactions/): imports only layers 0–5, never webhook/.
import { ephemeral } from "../discord/responses.ts";

/** A click on a button or menu whose result is gone, or that the bot does not know. */
export const expired = (retentionDays: number) =>
  ephemeral(
    `This button has expired: the bot keeps results for ${retentionDays} days. Use \`/imagine\` to start again.`,
  );

/** A form whose result is gone, or that the bot does not know. */
export const formExpired = (retentionDays: number) =>
  ephemeral(`This form has expired: the bot keeps results for ${retentionDays} days.`);

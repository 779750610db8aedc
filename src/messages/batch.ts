// The private confirmation of a command that makes several jobs (permutations, `--repeat`): what
// would run, what it costs, what it leaves of today's limits — price first, then Yes or No.
// Layer 3 (messages/): imports only layers 0–2.
import { CONTENT_MAX, truncate } from "../discord/bounds.ts";
import { button, type Row, row } from "../discord/components.ts";
import { BUTTON_STYLE } from "../discord/numbers.ts";
import { formatUsd } from "../ideogram/prices.ts";
import { componentId } from "../jobs/component-ids.ts";
import type { BatchTotals } from "../jobs/contract.ts";

/** One prompt of the command as it expanded, and how many jobs of it (`--repeat`). */
export interface BatchLine {
  prompt: string;
  jobs: number;
}

/** Room the list of prompts may take, so the figures and the buttons always fit in one message. */
const LIST_MAX = 1500;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The confirmation: the prompts (shortened), jobs, images, the total price and what is left after. */
export function renderBatchConfirmation(
  id: string,
  lines: readonly BatchLine[],
  totals: BatchTotals,
): { content: string; components: Row[] } {
  const jobs = lines.reduce((sum, line) => sum + line.jobs, 0);
  const width = Math.max(24, Math.floor(LIST_MAX / lines.length) - 12);
  const list = lines.map((line, i) => {
    const times = line.jobs > 1 ? ` ×${line.jobs}` : "";
    return `${i + 1}. \`${truncate(line.prompt, width).replaceAll("`", "ˋ")}\`${times}`;
  });
  const price = `${totals.estimated > 0 ? "≈ " : ""}${formatUsd(totals.cost)}`;
  const left = [
    totals.left.user === undefined ? undefined : `you ${plural(totals.left.user, "image")}`,
    totals.left.guild === undefined ? undefined : `this server ${plural(totals.left.guild, "image")}`,
    totals.left.budget === undefined ? undefined : `the bot's daily cap ${formatUsd(totals.left.budget)}`,
  ].filter(Boolean);
  const content = [
    `**This makes ${plural(jobs, "job")}:**`,
    ...list,
    "",
    `${plural(jobs, "job")} · ${plural(totals.images, "image")} · ${price} at Ideogram's prices`,
    ...(left.length > 0 ? [`Left today after them: ${left.join(", ")}.`] : []),
    "Each job gets its own message in this channel. Nothing starts until you say yes.",
  ].join("\n");
  return {
    content: truncate(content, CONTENT_MAX),
    components: [
      row([
        button(`Yes, start ${plural(jobs, "job")}`, componentId("confirm", id), "✅", BUTTON_STYLE.PRIMARY),
        button("No", componentId("decline", id)),
      ]),
    ],
  };
}

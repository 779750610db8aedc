// What a waiting job's message says of its place, and which messages to update on a heartbeat: the
// front of the line exactly, far back coarsely ("#200+"), each job at most every EDIT_INTERVAL_MS,
// and only as many as the heartbeat's share of the global edit pace allows.
// Layer 5 (queue/): imports only layers 0–4, never pipeline/, region/.
import { EDIT_SPACING_MS } from "./editor.ts";

/** Places shown exactly; beyond, the largest step passed ("#50+"). */
const EXACT_UP_TO = 20;
const STEPS = [20, 50, 100, 200, 500, 1000, 2000, 5000];

/** At most one progress edit per job this often. */
export const EDIT_INTERVAL_MS = 5_000;
/** A job that starts (or ends) this soon after arriving never shows "Queued". */
export const FIRST_EDIT_DELAY_MS = 1_000;

export function placeLabel(position: number): string {
  if (position <= EXACT_UP_TO) return `#${position}`;
  const step = STEPS.findLast((s) => s <= position) ?? EXACT_UP_TO;
  return `#${step}+`;
}

/** placeLabel as SQL over an integer expression (the same steps: one table, two spellings). */
export function placeLabelSql(position: string): string {
  const steps = [...STEPS].reverse().map((step) => `WHEN ${position} >= ${step} THEN '#${step}+'`);
  return `(CASE WHEN ${position} <= ${EXACT_UP_TO} THEN '#' || ${position} ${steps.join(" ")} END)`;
}

/** How many place edits fit in a heartbeat of `periodMs`, at the global edit pace. */
export const placeEditBudget = (periodMs: number) => Math.max(1, Math.floor(periodMs / EDIT_SPACING_MS));

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

export interface Placed {
  id: string;
  enqueued_at: number;
  quiet: number;
  token_dead: number;
  /** A job whose message is not made yet has no place to show (notices.ts makes it first). */
  message_pending: number;
  shown: string | null;
  edited_at: number | null;
}

/** The jobs (with their place and label) whose message should show a new place now, front first. */
export function placesToShow<T extends Placed>(
  order: readonly T[],
  now: number,
  periodMs: number,
): { row: T; position: number; label: string }[] {
  const budget = Math.max(1, Math.floor(periodMs / EDIT_SPACING_MS));
  const chosen: { row: T; position: number; label: string }[] = [];
  for (const [i, row] of order.entries()) {
    if (chosen.length >= budget) break;
    const label = placeLabel(i + 1);
    if (row.quiet || row.token_dead || row.message_pending || row.shown === label) continue;
    if (now - row.enqueued_at < FIRST_EDIT_DELAY_MS) continue;
    if (row.edited_at !== null && now - row.edited_at < EDIT_INTERVAL_MS) continue;
    chosen.push({ row, position: i + 1, label });
  }
  return chosen;
}

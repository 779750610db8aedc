// Money as the bot counts it: micro-dollars (integers, so sums never drift). What each operation costs
// is in the one table, models.ts.
// Layer 1 (ideogram/): imports only layer 0, never discord/.

export const MICROS_PER_USD = 1_000_000;

export function formatUsd(micros: number): string {
  return `$${(micros / MICROS_PER_USD).toFixed(2)}`;
}

// Money as the bot counts it: micro-dollars (integers, so sums never drift). What each operation costs
// is in the one table, models.ts.
// Layer 1 (ideogram/): imports only layer 0, never discord/.

export const MICROS_PER_USD = 1_000_000;

export function formatUsd(micros: number): string {
  // Cents, and a tenth of one where a price has it (4.5's Very low edit is $0.008, 2a Turbo $0.025).
  const cents = Math.round(micros / 1_000) % 10 === 0 ? 2 : 3;
  return `$${(micros / MICROS_PER_USD).toFixed(cents)}`;
}

// zod checks for whole numbers, patterns and lengths, written as refinements: the bundle then carries
// zod's one refinement check rather than a check class per rule (`z.int`, `z.regex`, `z.minLength`
// and `z.maxLength` cost about 1 KiB gzip between them, a fiftieth of the bundle's budget).
import * as z from "zod/mini";

/** A whole number from `min` to `max`, else `message`. */
export const wholeNumber = (
  min: number,
  max: number,
  message = `must be a whole number from ${min} to ${max}`,
) =>
  z.number({ error: message }).check(z.refine((n) => Number.isInteger(n) && n >= min && n <= max, message));

/** Any whole number. */
export const int = () =>
  wholeNumber(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "must be a whole number");

/** Text matching `pattern`. */
export const matching = (pattern: RegExp, message: string) =>
  z.refine<string>((text) => pattern.test(text), message);

/** At least `min` characters (or items). */
export const atLeast = (min: number, message: string) =>
  z.refine<{ length: number }>((value) => value.length >= min, message);

/** At most `max` characters (or items). */
export const atMost = (max: number, message: string) =>
  z.refine<{ length: number }>((value) => value.length <= max, message);

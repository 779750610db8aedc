// Discord ids carry their creation time. Docs: https://discord.com/developers/docs/reference#snowflakes
// Layer 1 (discord/): imports only layer 0, never ideogram/.

const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * What a Discord id looks like: a 64-bit integer in decimal. Ids from Discord's first days have 17
 * digits; 2^64 has 20.
 */
export const SNOWFLAKE = /^\d{17,20}$/;

/** When Discord created this id (epoch ms), or undefined if it is not a snowflake. */
export function snowflakeTime(id: string): number | undefined {
  if (!SNOWFLAKE.test(id)) return undefined;
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** A snowflake for `time` (for tests and local tools). */
export function snowflakeAt(time: number, increment = 0): string {
  return String(((BigInt(time) - DISCORD_EPOCH) << 22n) | BigInt(increment & 0xfff));
}

// Values built the first time they are asked for, not when the Worker starts: the isolate's startup
// stays close to a bare Worker's (`npm run bench`: startup), and what a request never needs is never
// built. The bot's zod schemas are made this way.
// Layer 0 (lazy.ts): imports nothing of the bot's.

/** `build()`'s value, made on the first call and the same on every call after it. */
export function lazy<T>(build: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: build() };
    return made.value;
  };
}

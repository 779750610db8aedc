// Structured JSON log lines with secrets and interaction tokens redacted.
// Layer 0 (log.ts): imports nothing of the bot's.

export type LogFields = Record<string, unknown>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that also redacts `secrets` and adds `fields` to every line. */
  child(fields: LogFields, secrets?: readonly string[]): Logger;
}

/** Replaces every occurrence of each secret, and any token in a webhook path, with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Short values could be ordinary words; real keys and tokens are long.
    if (secret.length >= 8) out = out.split(secret).join("***");
  }
  return out.replace(/(\/webhooks\/\d+\/)[^/?\s"]+/g, "$1***");
}

type Sink = (line: string) => void;

export function createLogger(
  secrets: readonly string[] = [],
  base: LogFields = {},
  sink: Sink = (line) => console.log(line),
): Logger {
  const write = (level: string, event: string, fields: LogFields = {}) => {
    const line = JSON.stringify({ level, event, ...base, ...fields }, (_key, value: unknown) =>
      value instanceof Error ? { name: value.name, message: value.message } : value,
    );
    sink(redact(line, secrets));
  };
  return {
    info: (event, fields) => write("info", event, fields),
    warn: (event, fields) => write("warn", event, fields),
    error: (event, fields) => write("error", event, fields),
    child: (fields, more = []) => createLogger([...secrets, ...more], { ...base, ...fields }, sink),
  };
}

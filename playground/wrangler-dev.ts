// The Worker under `wrangler dev`, configured only by what its caller gives it: a developer's
// .dev.vars, .env or environment never reaches it, and no value is ever on a command line (where
// any local user could read it with `ps`): wrangler reads them from a 0600 file it is pointed at.
// wrangler loads from such a file only the variables wrangler.toml declares ([vars] and
// secrets.required), so when an optional one is set (PUBLIC_URL, WEBHOOK_SECRET, DEFAULT_MODEL…) the
// Worker runs from a copy of the configuration that declares it too: what the caller sets is what runs.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Writable } from "node:stream";
import { configVariables } from "../src/config.ts";

/**
 * Every variable the Worker reads, set to `values` or else to "" (which the Worker reads as unset),
 * so nothing from outside fills a gap.
 */
export function isolatedConfig(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(configVariables().map((name) => [name, values[name] ?? ""]));
}

/** The parent's environment without anything wrangler would read as the Worker's configuration. */
export function isolatedEnvironment(): NodeJS.ProcessEnv {
  const config = new Set(configVariables());
  const kept = Object.entries(process.env).filter(
    ([name]) => !config.has(name) && !/^(CLOUDFLARE|WRANGLER)_/.test(name),
  );
  return { ...Object.fromEntries(kept), WRANGLER_SEND_METRICS: "false" };
}

export interface WranglerDevOptions {
  port: number;
  /** The Worker's configuration; every variable not named here is unset. */
  vars: Record<string, string>;
  /** Where Durable Object and R2 state persist (wrangler's default otherwise). */
  persistTo?: string | undefined;
  /** Where wrangler's own output goes (discarded otherwise). */
  log?: Writable | undefined;
  /** The folder with wrangler.toml (default: the current one). */
  cwd?: string | undefined;
  /** Another wrangler configuration to run instead of the folder's wrangler.toml. */
  config?: string | undefined;
  /** For a CPU profile: the DevTools inspector's port, and the bundle left unminified (named frames). */
  profiling?: { inspectorPort: number } | undefined;
}

export interface WranglerDev {
  url: string;
  process: ChildProcess;
  /** Ends wrangler and its workerd with `signal` (SIGKILL for a crash) and waits for them. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `wrangler dev` on 127.0.0.1 and resolves once the Worker answers. */
export async function startWranglerDev(options: WranglerDevOptions): Promise<WranglerDev> {
  const secrets = mkdtempSync(join(tmpdir(), "imagine-dev-"));
  const envFile = join(secrets, "worker.env");
  const lines = Object.entries(isolatedConfig(options.vars)).map(([k, v]) => `${k}=${quote(v)}`);
  writeFileSync(envFile, `${lines.join("\n")}\n`, { mode: 0o600 });
  const config = options.config ?? declaringConfig(options.cwd ?? ".", options.vars, secrets);
  const child = spawn(
    process.platform === "win32" ? "npx.cmd" : "npx",
    [
      "wrangler",
      "dev",
      ...["--port", String(options.port), "--ip", "127.0.0.1"],
      // With --env-file, wrangler reads neither .dev.vars nor .env.
      ...["--env-file", envFile],
      ...(options.persistTo ? ["--persist-to", options.persistTo] : []),
      ...(config ? ["--config", config] : []),
      ...(options.profiling
        ? ["--inspector-port", String(options.profiling.inspectorPort), "--no-minify"]
        : []),
    ],
    {
      // Its own process group, so wrangler and workerd end together.
      detached: process.platform !== "win32",
      stdio: ["ignore", options.log ? "pipe" : "ignore", options.log ? "pipe" : "ignore"],
      env: isolatedEnvironment(),
      cwd: options.cwd,
    },
  );
  if (options.log) {
    child.stdout?.pipe(options.log, { end: false });
    child.stderr?.pipe(options.log, { end: false });
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => rmSync(secrets, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(process.platform === "win32" ? child.pid : -child.pid, signal);
      } catch {
        child.kill(signal);
      }
      await exited;
    }
    rmSync(secrets, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, process: child, stop };
}

/**
 * The folder's wrangler.toml, with every variable of `vars` that it does not declare declared as a
 * secret too and its paths made absolute, written into `dir`; undefined when it declares them all.
 */
function declaringConfig(cwd: string, vars: Record<string, string>, dir: string): string | undefined {
  const source = readFileSync(join(cwd, "wrangler.toml"), "utf8");
  const declared = new Set([...declaredSecrets(source), ...declaredVars(source)]);
  const extra = Object.keys(vars).filter((name) => vars[name] && !declared.has(name));
  if (extra.length === 0) return undefined;
  const absolute = (line: string) => line.replace(/"(.*)"/, (_, path) => JSON.stringify(resolve(cwd, path)));
  const edits: [RegExp, (line: string) => string][] = [
    [
      /^required = \[(.*)\]$/m,
      () => `required = [${[...declaredSecrets(source), ...extra].map((n) => `"${n}"`).join(", ")}]`,
    ],
    [/^main = "(.*)"$/m, absolute],
    [/^directory = "(.*)"$/m, absolute],
  ];
  let config = source;
  for (const [pattern, change] of edits) {
    if (!pattern.test(config)) throw new Error(`wrangler.toml has no line matching ${pattern}`);
    config = config.replace(pattern, change);
  }
  const path = join(dir, "wrangler.toml");
  writeFileSync(path, config, { mode: 0o600 });
  return path;
}

const declaredSecrets = (toml: string) =>
  [...(/^required = \[(.*)\]$/m.exec(toml)?.[1] ?? "").matchAll(/"([A-Z0-9_]+)"/g)].map((m) => m[1] ?? "");
const declaredVars = (toml: string) =>
  [...(toml.split(/^\[vars\]$/m)[1]?.split(/^\[/m)[0] ?? "").matchAll(/^([A-Z0-9_]+) = /gm)].map(
    (m) => m[1] ?? "",
  );

/** A dotenv value: single quotes keep it literal; a value with one in it is double-quoted. */
const quote = (value: string) => (value.includes("'") ? JSON.stringify(value) : `'${value}'`);

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    const up = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the Worker did not start within 60 s");
}

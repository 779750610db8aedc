// Helpers for end-to-end tests: the real Worker against the fakes, signed requests, waiting for effects.
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createTestHarness } from "wrangler";
import { isolatedConfig } from "../../playground/wrangler-dev.ts";
import { imagine, nextInteractionId } from "../support/interactions.ts";
import { signedHeaders, type TestSigner } from "../support/signing.ts";

export async function postInteraction(base: URL, signer: TestSigner, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(new URL("/interactions", base), {
    method: "POST",
    headers: await signedHeaders(signer, body),
    body,
  });
}

type Probe<T> = () => T | undefined | false | Promise<T | undefined | false>;

/** Polls `probe` (sync or async) until it returns a value other than undefined or false. */
export async function waitFor<T>(probe: Probe<T>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** User `n`'s Discord id: a snowflake, as every id in an interaction must be. */
export const userSnowflake = (n: number) => String(10n ** 18n + BigInt(n));

/** An /imagine from user `n`, created at `createdAt`, whose token names its id (see FakeDiscord). */
export function imagineFrom(user: number, prompt: string, count: number, createdAt = Date.now()) {
  const id = nextInteractionId(createdAt);
  const payload = imagine({ prompt, count }, { id, token: `token-${id}` });
  payload.member.user = {
    ...payload.member.user,
    id: userSnowflake(user),
    username: `user${user}`,
    global_name: `User ${user}`,
  };
  return payload;
}

export const E2E_IDEOGRAM_KEY = "e2e-ideogram-key-0123456789";

const SECRETS = ["DISCORD_PUBLIC_KEY", "DISCORD_APPLICATION_ID", "IDEOGRAM_API_KEY"];

/**
 * The Worker from wrangler.toml (next to it: `configDir`), pointed at the fakes, with test secrets
 * and extra vars. Every other variable is set empty, so a .dev.vars, .env or environment variable
 * of the developer's never fills it in.
 */
export function startWorker(
  signer: TestSigner,
  urls: { ideogram: string; discord: string },
  vars: Record<string, string> = {},
  configDir = ".",
) {
  const config = isolatedConfig({
    IDEOGRAM_API_BASE: urls.ideogram,
    DISCORD_API_BASE: `${urls.discord}/api/v10`,
    DISCORD_PUBLIC_KEY: signer.publicKeyHex,
    DISCORD_APPLICATION_ID: "1234567890123456789",
    IDEOGRAM_API_KEY: E2E_IDEOGRAM_KEY,
    ...vars,
  });
  const split = (secret: boolean) =>
    Object.fromEntries(Object.entries(config).filter(([name]) => SECRETS.includes(name) === secret));
  return createTestHarness({
    root: configDir,
    workers: [{ configPath: "./wrangler.toml", vars: split(false), secrets: split(true) }],
  });
}

/**
 * The project linked into a fresh folder with `files` of its own (a .dev.vars, say), so a test can
 * run it there without touching the developer's copy. `remove()` deletes the folder.
 */
export function linkedProject(files: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "imagine-project-"));
  const linked = [
    "wrangler.toml",
    "src",
    "public",
    "scripts",
    "playground",
    "node_modules",
    "package.json",
    "tsconfig.json",
  ];
  for (const entry of linked) symlinkSync(resolve(entry), join(dir, entry));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every process descending from `pid`, from /proc (Linux). */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

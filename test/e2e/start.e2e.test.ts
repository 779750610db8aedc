// `npm start` as a newcomer runs it: it ends cleanly on every signal (nothing of wrangler or workerd
// left running), a busy port gets one line, and no secret is ever on a command line.
import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../playground/http.ts";
import { isolatedEnvironment } from "../../playground/wrangler-dev.ts";
import { descendants, linkedProject, waitFor } from "./helpers.ts";

const project = linkedProject();
/** What a configured bot's .dev.vars holds (not real credentials: the Worker is never called by Discord). */
const CONFIGURED = {
  DISCORD_PUBLIC_KEY: "ab".repeat(32),
  DISCORD_APPLICATION_ID: "1234567890123456789",
  IDEOGRAM_API_KEY: "dev-ideogram-key-0123456789",
};
afterAll(() => project.remove());

/** `node scripts/start.ts` in the linked project, configured only by `env`. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ["scripts/start.ts"], {
    cwd: project.dir,
    env: { ...isolatedEnvironment(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout?.on("data", (chunk) => {
    output.stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output.stderr += chunk;
  });
  // The exit code, or the signal that ended it, with what it printed (so a failure says why).
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) =>
      resolve(code === 0 ? "exit 0" : `${code ?? signal}\n${output.stdout}\n${output.stderr}`),
    ),
  );
  return { child, output, exited };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
};

async function running(env: Record<string, string>) {
  const started = start({ PLAYGROUND: "1", PORT: String(await freePort()), ...env });
  await waitFor(() => started.output.stdout.includes("/imagine playground: http"), 60_000);
  // wrangler and both workerd processes are up once the Worker answered.
  const tree = await waitFor(() => {
    const pids = descendants(started.child.pid ?? 0);
    return pids.filter((pid) => commandLine(pid).includes("workerd serve")).length >= 2 && pids;
  });
  return { ...started, tree };
}

describe.skipIf(process.platform !== "linux")("npm start", () => {
  it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)(
    "ends wrangler and workerd with it on %s",
    async (signal) => {
      const { child, tree, exited } = await running({});
      expect(tree.length).toBeGreaterThanOrEqual(3);
      child.kill(signal);
      expect(await exited).toBe("exit 0");
      await waitFor(() => tree.every((pid) => !alive(pid)), 10_000);
    },
    90_000,
  );

  it("ends wrangler and workerd with it on a signal that comes while they start", async () => {
    const { child, output, exited } = start({ PLAYGROUND: "1", PORT: String(await freePort()) });
    // wrangler is starting, and the playground is not up yet.
    const tree = await waitFor(() => {
      const pids = descendants(child.pid ?? 0);
      return pids.some((pid) => commandLine(pid).includes("wrangler")) && pids;
    }, 60_000);
    expect(output.stdout).not.toContain("/imagine playground: http");
    child.kill("SIGINT");
    expect(await exited).toBe("exit 0");
    const everything = [...tree, ...descendants(child.pid ?? 0)];
    await waitFor(() => everything.every((pid) => !alive(pid)), 10_000);
  }, 90_000);

  it.each(["SIGINT", "SIGTERM"] as const)(
    "ends wrangler and workerd with it on %s when it runs the Worker alone (a configured bot)",
    async (signal) => {
      const port = await freePort();
      const started = start({ ...CONFIGURED, PORT: String(port) });
      await waitFor(
        () =>
          fetch(`http://127.0.0.1:${port}/`).then(
            (r) => r.ok,
            () => false,
          ),
        60_000,
      );
      const tree = await waitFor(() => {
        const pids = descendants(started.child.pid ?? 0);
        return pids.filter((pid) => commandLine(pid).includes("workerd serve")).length >= 1 && pids;
      });
      started.child.kill(signal);
      expect(await started.exited).toBe("exit 0");
      await waitFor(() => tree.every((pid) => !alive(pid)), 10_000);
    },
    90_000,
  );

  it("runs the Worker with every variable .dev.vars sets, the optional secrets too", async () => {
    const secret = `webhook-secret-${crypto.randomUUID()}`;
    const configured = linkedProject({
      ".dev.vars": Object.entries({ ...CONFIGURED, WEBHOOK_SECRET: secret, DEFAULT_MODEL: "V_3" })
        .map(([k, v]) => `${k}=${v}`)
        .join("\n"),
    });
    const port = await freePort();
    const child = spawn(process.execPath, ["scripts/dev.ts"], {
      cwd: configured.dir,
      env: { ...isolatedEnvironment(), PORT: String(port) },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      const status = await waitFor(async () => {
        const response = await fetch(`http://127.0.0.1:${port}/`, {
          headers: { Accept: "application/json" },
        }).catch(() => undefined);
        return response?.ok && ((await response.json()) as { configured: boolean; webhook_endpoint: string });
      }, 60_000);
      expect(status).toMatchObject({
        configured: true,
        webhook_endpoint: `http://127.0.0.1:${port}/webhook`,
      });
      // The secret reached the Worker, and no command line.
      const unauthorised = await fetch(`http://127.0.0.1:${port}/webhook`, { method: "POST", body: "{}" });
      expect(unauthorised.status).toBe(401);
      const authorised = await fetch(`http://127.0.0.1:${port}/webhook`, {
        method: "POST",
        headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
        body: "{}",
      });
      expect(authorised.status).toBe(400);
      expect(
        descendants(child.pid ?? 0)
          .map(commandLine)
          .filter((line) => line.includes(secret)),
      ).toEqual([]);
    } finally {
      child.kill("SIGTERM");
      await exited;
      configured.remove();
    }
  }, 90_000);

  it("says in one line that a busy port is busy", async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { output, exited } = start({ PLAYGROUND: "1", PORT: String(port) });
      expect((await exited).split("\n")[0]).toBe("1");
      expect(output.stderr).toBe(`port ${port} is in use; try PORT=9000 npm start\n`);
    } finally {
      blocker.close();
    }
  });

  it("never puts the Ideogram key on a command line", async () => {
    const key = `secret-ideogram-key-${crypto.randomUUID()}`;
    const { child, tree, exited } = await running({ IDEOGRAM_API_KEY: key });
    try {
      expect(tree.map(commandLine).filter((line) => line.includes(key))).toEqual([]);
      expect(commandLine(child.pid ?? 0)).not.toContain(key);
      // wrangler reads it from a file only its owner can read.
      const envFile =
        tree
          .map(commandLine)
          .join(" ")
          .match(/--env-file (\S+)/)?.[1] ?? "";
      expect(readFileSync(envFile, "utf8")).toContain(key);
      expect(statSync(envFile).mode & 0o777).toBe(0o600);
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  }, 90_000);
});

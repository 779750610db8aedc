// wrangler.toml's [vars] are the defaults config.ts applies when a variable is unset: a deployment
// that deletes a line there behaves exactly as one that keeps it, and a changed default is changed in
// both places or this test fails.

import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";
import { loadConfig, loadWebhookConfig } from "../../src/config.ts";

const REQUIRED = {
  DISCORD_PUBLIC_KEY: "ab".repeat(32),
  DISCORD_APPLICATION_ID: "1234567890123456789",
  IDEOGRAM_API_KEY: "key",
};

/** What each loader makes of `env`, as one object (the required secrets left out). */
function effective(env: Record<string, string>): Record<string, unknown> {
  const worker = loadConfig({ ...REQUIRED, ...env });
  const webhook = loadWebhookConfig({ ...env });
  if (!worker.ok || !webhook.ok) throw new Error("wrangler.toml's [vars] do not load");
  const merged: Record<string, unknown> = { ...worker.config, ...webhook.config };
  for (const name of Object.keys(REQUIRED)) delete merged[name];
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}

describe("wrangler.toml [vars]", () => {
  const vars = unstable_readConfig({ config: "wrangler.toml" }).vars as Record<string, string>;

  it("sets exactly the variables config.ts has a default for", () => {
    expect(Object.keys(vars).sort()).toEqual(Object.keys(effective({})).sort());
  });

  it("sets each to config.ts's default", () => {
    expect(effective(vars)).toEqual(effective({}));
  });
});

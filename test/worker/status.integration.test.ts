import { describe, expect, it } from "vitest";
import packageJson from "../../package.json";
import { PROJECT } from "../../src/version.ts";
import { createHarness } from "../support/harness.ts";

describe("GET /", () => {
  it("reports name, version and a complete configuration as JSON", async () => {
    const h = await createHarness();
    const response = await h.request("/");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: PROJECT.name, configured: true, problems: [] });
  });

  it("names missing variables in an HTML page without showing any secret", async () => {
    const h = await createHarness({ IDEOGRAM_API_KEY: undefined });
    const response = await h.request("/", { headers: { Accept: "text/html" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("IDEOGRAM_API_KEY is not set");
    expect(html).not.toContain(h.env.DISCORD_PUBLIC_KEY);
  });

  it("says where missing variables go, locally and in production", async () => {
    const h = await createHarness({ IDEOGRAM_API_KEY: undefined });
    const status = await (await h.request("/")).json<{ how_to_fix: string }>();
    expect(status.how_to_fix).toContain(".dev.vars");
    expect(status.how_to_fix).toContain("npx wrangler secret put NAME");
    const html = await (await h.request("/", { headers: { Accept: "text/html" } })).text();
    expect(html).toContain("<code>npx wrangler secret put NAME</code>");
  });

  it("answers unknown paths with a JSON 404", async () => {
    const h = await createHarness();
    const response = await h.request("/nope");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "not found" });
  });
});

describe("version", () => {
  it("matches package.json, as sent in Discord's User-Agent", () => {
    expect(PROJECT.version).toBe(packageJson.version);
    expect(PROJECT.name).toBe(packageJson.name);
  });
});

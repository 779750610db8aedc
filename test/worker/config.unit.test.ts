import { describe, expect, it } from "vitest";
import { loadConfig, loadRegisterConfig, loadWebhookConfig } from "../../src/config.ts";

const VALID = {
  DISCORD_PUBLIC_KEY: "ab".repeat(32),
  DISCORD_APPLICATION_ID: "1234567890123456789",
  IDEOGRAM_API_KEY: "key",
};

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const result = loadConfig({ ...VALID });
    expect(result).toEqual({
      ok: true,
      config: {
        ...VALID,
        IDEOGRAM_API_BASE: "https://api.ideogram.ai",
        DISCORD_API_BASE: "https://discord.com/api/v10",
        IDEOGRAM_TIMEOUT_MS: 120000,
        IDEOGRAM_MAX_INFLIGHT: 10,
        MAX_JOBS_PER_USER: 3,
        MAX_JOBS_PER_COMMAND: 10,
        RUN_LEASE_MS: 30000,
        IMAGE_RETENTION_DAYS: 30,
        USER_DAILY_IMAGES: 50,
        GUILD_DAILY_IMAGES: 500,
      },
    });
  });

  it("treats empty strings as unset and trims a trailing slash from base URLs", () => {
    const result = loadConfig({
      ...VALID,
      IDEOGRAM_API_BASE: "http://127.0.0.1:8787/",
      IDEOGRAM_TIMEOUT_MS: "",
    });
    expect(result.ok && result.config.IDEOGRAM_API_BASE).toBe("http://127.0.0.1:8787");
    expect(result.ok && result.config.IDEOGRAM_TIMEOUT_MS).toBe(120000);
  });

  it.each([
    [{ DISCORD_PUBLIC_KEY: undefined }, "DISCORD_PUBLIC_KEY", "is not set"],
    [{ DISCORD_PUBLIC_KEY: "xyz" }, "DISCORD_PUBLIC_KEY", "64-character hex"],
    [{ DISCORD_APPLICATION_ID: "my-bot" }, "DISCORD_APPLICATION_ID", "17–20 digits"],
    [{ IDEOGRAM_API_KEY: "" }, "IDEOGRAM_API_KEY", "is not set"],
    [{ IDEOGRAM_API_BASE: "ftp://x" }, "IDEOGRAM_API_BASE", "http(s) URL"],
    [{ IDEOGRAM_TIMEOUT_MS: "50" }, "IDEOGRAM_TIMEOUT_MS", "at least 1000"],
    [{ IDEOGRAM_MAX_INFLIGHT: "0" }, "IDEOGRAM_MAX_INFLIGHT", "at least 1"],
    [{ MAX_JOBS_PER_USER: "2.5" }, "MAX_JOBS_PER_USER", "whole number"],
    [{ MAX_JOBS_PER_USER: "three" }, "MAX_JOBS_PER_USER", "must be a number"],
    [{ DAILY_BUDGET_USD: "0" }, "DAILY_BUDGET_USD", "more than 0"],
    [{ DAILY_BUDGET_USD: "five" }, "DAILY_BUDGET_USD", "like 5 or 12.50"],
    [{ DISCORD_API_BASE: "not a url" }, "DISCORD_API_BASE", "http(s) URL"],
  ])("reports %o as a problem with %s", (override, variable, message) => {
    const result = loadConfig({ ...VALID, ...override });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({ variable, message: expect.stringContaining(message) });
    expect(JSON.stringify(result.problems)).not.toContain("xyz");
  });

  it("reads numbers and secrets from their text", () => {
    const result = loadConfig({ ...VALID, DAILY_BUDGET_USD: "12.50", USER_DAILY_IMAGES: "7" });
    expect(result.ok && result.config.DAILY_BUDGET_USD).toBe(12.5);
    expect(result.ok && result.config.USER_DAILY_IMAGES).toBe(7);
    const webhook = loadWebhookConfig({ WEBHOOK_SECRET: " first-secret-0123456, second-secret-0123456 " });
    expect(webhook.ok && webhook.config.WEBHOOK_SECRET).toEqual([
      "first-secret-0123456",
      "second-secret-0123456",
    ]);
    expect(loadWebhookConfig({ WEBHOOK_SECRET: "short" }).ok).toBe(false);
  });

  it("requires only what the register script needs", () => {
    expect(loadRegisterConfig({ DISCORD_TOKEN: "t", DISCORD_APPLICATION_ID: "1234567890123456789" }).ok).toBe(
      true,
    );
    const missing = loadRegisterConfig({ DISCORD_APPLICATION_ID: "1234567890123456789" });
    expect(missing.ok ? [] : missing.problems).toEqual([
      { variable: "DISCORD_TOKEN", message: "is not set" },
    ]);
  });
});

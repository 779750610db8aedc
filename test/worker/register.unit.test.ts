import { describe, expect, it } from "vitest";
import { RegisterError, registerCommands } from "../../src/commands/register.ts";
import { loadRegisterConfig } from "../../src/config.ts";
import { FakeNetwork, json } from "../support/fake-network.ts";

const APP = "1234567890123456789";
const GUILD = "1100000000000000001";

function config(env: Record<string, string>) {
  const result = loadRegisterConfig({ DISCORD_TOKEN: "bot-token-abc", DISCORD_APPLICATION_ID: APP, ...env });
  if (!result.ok) throw new Error("bad test config");
  return result.config;
}

describe("registerCommands", () => {
  it("bulk-overwrites the global commands with /imagine for servers, DMs and user installs", async () => {
    const network = new FakeNetwork().on(
      "PUT",
      `https://discord.com/api/v10/applications/${APP}/commands`,
      () => json([]),
    );
    const result = await registerCommands(config({}), network.fetch);
    expect(result).toMatchObject({
      scope: "global",
      names: ["imagine", "describe", "Describe image", "usage", "settings", "prefer"],
    });
    const [call] = network.callsTo("PUT", "https://discord.com");
    expect(call?.headers.get("Authorization")).toBe("Bot bot-token-abc");
    expect(call?.headers.get("Content-Type")).toBe("application/json");
    const body = await call?.request.json<Record<string, unknown>[]>();
    expect(body).toHaveLength(6);
    // /settings is for servers only, and hidden from members without Manage Server by default.
    expect(body?.[4]).toMatchObject({ name: "settings", contexts: [0], default_member_permissions: "32" });
    // The message menu command (type 3) has a name and no description or options, as Discord requires.
    expect(body?.[2]).toEqual({
      name: "Describe image",
      type: 3,
      integration_types: [0, 1],
      contexts: [0, 1, 2],
    });
    expect(body?.[1]).toMatchObject({
      name: "describe",
      options: [{ type: 11, name: "image", required: true }],
    });
    expect(body?.[0]).toMatchObject({
      name: "imagine",
      type: 1,
      integration_types: [0, 1],
      contexts: [0, 1, 2],
    });
    const options = body?.[0]?.options as { name: string; required?: boolean; choices?: unknown[] }[];
    expect(options.map((o) => o.name)).toEqual([
      "prompt",
      "aspect_ratio",
      "model",
      "speed",
      "style",
      "style_preset",
      "style_code",
      "magic_prompt",
      "negative_prompt",
      "seed",
      "count",
      "resolution",
      "transparent",
      "palette",
      "image",
      "image_weight",
      "style_ref",
      "character_ref",
    ]);
    for (const name of ["resolution", "palette", "style_preset"]) {
      expect(options.find((o) => o.name === name)).toMatchObject({ type: 3, autocomplete: true });
    }
    expect(options.find((o) => o.name === "transparent")).toMatchObject({ type: 5 });
    for (const name of ["image", "style_ref", "character_ref"]) {
      expect(options.find((o) => o.name === name)).toMatchObject({ type: 11 });
    }
    expect(options.find((o) => o.name === "model")?.choices).toContainEqual({
      name: "Ideogram 3.0 (V_3)",
      value: "V_3",
    });
    expect(options[0]?.required).toBe(true);
    expect(options.find((o) => o.name === "aspect_ratio")?.choices).toContainEqual({
      name: "16:9",
      value: "ASPECT_16_9",
    });
    expect(options.find((o) => o.name === "aspect_ratio")?.choices).toHaveLength(15);
  });

  it("names the message command as people reach it, in the Apps menu", async () => {
    const network = new FakeNetwork().on("PUT", /commands$/, () => json([]));
    const result = await registerCommands(config({}), network.fetch);
    expect(result.labels).toEqual([
      "/imagine",
      "/describe",
      "Apps › Describe image",
      "/usage",
      "/settings",
      "/prefer",
    ]);
  });

  it("registers for the install types the application enables, and no other", async () => {
    const network = new FakeNetwork()
      .on("GET", "https://discord.com/api/v10/applications/@me", () =>
        json({ id: APP, integration_types_config: { "0": { oauth2_install_params: null } } }),
      )
      .on("PUT", `https://discord.com/api/v10/applications/${APP}/commands`, () => json([]));
    const result = await registerCommands(config({}), network.fetch);
    expect(result.installs).toEqual([0]);
    const body = await network
      .callsTo("PUT", "https://discord.com")[0]
      ?.request.json<Record<string, unknown>[]>();
    // Server installs only: no user install, and no group DMs (they need one).
    expect(body?.[0]).toMatchObject({ name: "imagine", integration_types: [0], contexts: [0, 1] });
    expect(body?.[4]).toMatchObject({ name: "settings", integration_types: [0], contexts: [0] });
  });

  it("registers for both install types when both are enabled", async () => {
    const network = new FakeNetwork()
      .on("GET", "https://discord.com/api/v10/applications/@me", () =>
        json({ id: APP, integration_types_config: { "0": {}, "1": {} } }),
      )
      .on("PUT", /commands$/, () => json([]));
    await registerCommands(config({}), network.fetch);
    const body = await network
      .callsTo("PUT", "https://discord.com")[0]
      ?.request.json<Record<string, unknown>[]>();
    expect(body?.[0]).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
  });

  it("registers in one guild when DISCORD_GUILD_ID is set, honouring DISCORD_API_BASE", async () => {
    const base = "http://127.0.0.1:9999/api/v10";
    const network = new FakeNetwork().on("PUT", `${base}/applications/${APP}/guilds/${GUILD}/commands`, () =>
      json([]),
    );
    const result = await registerCommands(
      config({ DISCORD_GUILD_ID: GUILD, DISCORD_API_BASE: `${base}/` }),
      network.fetch,
    );
    expect(result.scope).toBe("guild");
    const body = await network.calls[0]?.request.json<Record<string, unknown>[]>();
    // integration_types and contexts are only valid on global commands.
    expect(body?.[0]).not.toHaveProperty("integration_types");
    expect(body?.[0]).not.toHaveProperty("contexts");
    expect(body?.[0]).toHaveProperty("options");
  });

  it("surfaces Discord's error", async () => {
    const network = new FakeNetwork().on("PUT", /commands$/, () =>
      json({ message: "401: Unauthorized", code: 0 }, 401),
    );
    const error = await registerCommands(config({}), network.fetch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegisterError);
    expect((error as RegisterError).status).toBe(401);
    expect((error as RegisterError).message).toContain("401: Unauthorized");
  });
});

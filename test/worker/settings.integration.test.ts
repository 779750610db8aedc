// /settings, /usage and server rules through signed /interactions and the real scheduler object.
import { describe, expect, it } from "vitest";
import { memberOf } from "../../playground/interaction.ts";
import {
  createHarness,
  type EditPayload,
  fakeIdeogram,
  IDEOGRAM_GENERATE,
  readEdit,
} from "../support/harness.ts";
import { acceptAllEdits, harnessWithFakes, IDEOGRAM, readIdeogramRequest } from "../support/ideogram.ts";
import {
  click,
  command,
  imagine,
  nextInteractionId,
  originalMessageOf,
  submitForm,
} from "../support/interactions.ts";

type Harness = Awaited<ReturnType<typeof createHarness>>;
type Answer = { type: number; data?: { content?: string; flags?: number } };

const MANAGE_GUILD = "32";
const ADMINISTRATOR = "8";
const MEMBER = "2147483648"; // USE_APPLICATION_COMMANDS only

let guilds = 0;
/** Each test gets its own server: settings and limits are per server, and the object is shared. */
const newGuild = () => `19000000000000000${String(++guilds).padStart(2, "0")}`;

const member = (userId: string, permissions: string) =>
  memberOf({ id: userId, username: `u${userId}`, global_name: null, permissions });

function settingsCommand(
  guildId: string | undefined,
  sub: string,
  options: Record<string, string | number | boolean> = {},
  permissions = MANAGE_GUILD,
) {
  const base = command("settings", {}, { token: `settings-${nextInteractionId()}` });
  const types = { boolean: 5, number: 4, string: 3 } as const;
  return {
    ...base,
    guild_id: guildId,
    member: member("1000000000000000100", permissions),
    data: {
      ...base.data,
      options: [
        {
          type: 1,
          name: sub,
          options: Object.entries(options).map(([name, value]) => ({
            name,
            type: types[typeof value as keyof typeof types],
            value,
          })),
        },
      ],
    },
  };
}

function imagineIn(guildId: string, userId: string, options: Record<string, string | number>) {
  return {
    ...imagine(options, { token: `imagine-${nextInteractionId()}` }),
    guild_id: guildId,
    member: member(userId, MEMBER),
  };
}

async function answer(h: Harness, interaction: unknown): Promise<Answer> {
  return (await h.interact(interaction)).json<Answer>();
}

async function setUp() {
  const h = await createHarness();
  fakeIdeogram(h.network);
  acceptAllEdits(h.network);
  return h;
}

const sentToIdeogram = (h: Harness) =>
  Promise.all(
    h.network
      .callsTo("POST", IDEOGRAM_GENERATE)
      .map(async (c) => (await readIdeogramRequest(c.request)).imageRequest),
  );

describe("/settings", () => {
  it.each([
    ["Manage Server", MANAGE_GUILD],
    ["Administrator", ADMINISTRATOR],
  ])("lets a member with %s change them, and reads them back", async (_, permissions) => {
    const h = await setUp();
    const guild = newGuild();
    const changed = await answer(
      h,
      settingsCommand(guild, "defaults", { model: "V_2_TURBO", count: 2 }, permissions),
    );
    expect(changed.data?.flags).toBe(64);
    expect(changed.data?.content).toContain("**Defaults:** model Ideogram 2.0 Turbo (`V_2_TURBO`), count 2");
    const shown = await answer(h, settingsCommand(guild, "show"));
    expect(shown.data?.content).toBe(changed.data?.content);
  });

  it("refuses members without Manage Server, whatever the command's default permissions let through", async () => {
    const h = await setUp();
    const guild = newGuild();
    const refused = await answer(h, settingsCommand(guild, "blocked-words", { add: "cat" }, MEMBER));
    expect(refused).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(refused.data?.content).toBe(
      "Only members with the Manage Server permission can change these settings.",
    );
    const shown = await answer(h, settingsCommand(guild, "show"));
    expect(shown.data?.content).toContain("**Blocked words:** none");
    const nothing = await answer(h, settingsCommand(guild, "defaults", { count: 2 }, "not-a-number"));
    expect(nothing.data?.content).toContain("Only members with the Manage Server permission");
  });

  it("shows a member the settings, all but the blocked words themselves", async () => {
    const h = await setUp();
    const guild = newGuild();
    await answer(h, settingsCommand(guild, "blocked-words", { add: "dragon, red panda" }));
    await answer(h, settingsCommand(guild, "models", { allowed: "V_3" }));
    const shown = await answer(h, settingsCommand(guild, "show", {}, MEMBER));
    expect(shown).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(shown.data?.content).toContain("**Allowed models:** `V_3`");
    expect(shown.data?.content).toContain("**Blocked words:** 2 (only managers see which)");
    expect(shown.data?.content).not.toContain("dragon");
  });

  it("belongs to a server: in a DM it says so", async () => {
    const h = await setUp();
    const dm = await answer(h, settingsCommand(undefined, "show"));
    expect(dm.data?.content).toBe("Settings belong to a server: use `/settings` in one.");
  });

  it("applies the server's defaults to options a member leaves out, and only where they fit", async () => {
    const h = await setUp();
    const guild = newGuild();
    await answer(
      h,
      settingsCommand(guild, "defaults", {
        model: "V_2_TURBO",
        style: "ANIME",
        aspect_ratio: "ASPECT_16_9",
        count: 2,
      }),
    );
    expect((await answer(h, imagineIn(guild, "1000000000000000201", { prompt: "a fox" }))).type).toBe(5);
    expect(
      (await answer(h, imagineIn(guild, "1000000000000000202", { prompt: "an owl", model: "V_1", count: 1 })))
        .type,
    ).toBe(5);
    await h.drain();
    // The two run side by side: compare them in prompt order.
    const sent = (await sentToIdeogram(h)) as { prompt: string }[];
    expect(sent.sort((a, b) => a.prompt.localeCompare(b.prompt))).toEqual([
      {
        prompt: "a fox",
        model: "V_2_TURBO",
        style_type: "ANIME",
        aspect_ratio: "ASPECT_16_9",
        num_images: 2,
      },
      // V_1 takes no style, so that default is left out; the member's own values win.
      { prompt: "an owl", model: "V_1", aspect_ratio: "ASPECT_16_9", num_images: 1 },
    ]);
  });

  it("refuses models the server does not allow, and runs a request without one on an allowed one", async () => {
    const h = await setUp();
    const guild = newGuild();
    const set = await answer(h, settingsCommand(guild, "models", { allowed: "v_2_turbo, V_2A_TURBO" }));
    expect(set.data?.content).toContain("**Allowed models:** `V_2_TURBO`, `V_2A_TURBO`");
    const refused = await answer(
      h,
      imagineIn(guild, "1000000000000000203", { prompt: "a fox", model: "V_2" }),
    );
    expect(refused.data?.content).toBe(
      "This server doesn't allow Ideogram 2.0 (`V_2`). Allowed: Ideogram 2.0 Turbo (`V_2_TURBO`), Ideogram 2a Turbo (`V_2A_TURBO`). Pick one with `model`.",
    );
    // No model given: not Ideogram's default (2.0, not allowed here) but the first model allowed.
    expect((await answer(h, imagineIn(guild, "1000000000000000203", { prompt: "a fox" }))).type).toBe(5);
    await h.drain();
    const [plain] = await sentToIdeogram(h);
    expect(plain?.model).toBe("V_2_TURBO");
    expect(
      (await answer(h, imagineIn(guild, "1000000000000000203", { prompt: "a fox", model: "V_2A_TURBO" })))
        .type,
    ).toBe(5);
    const bad = await answer(h, settingsCommand(guild, "models", { allowed: "V_9" }));
    expect(bad.data?.content).toContain("Nothing changed: Unknown model `V_9`");
    await h.drain();
    expect(h.network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(2);
  });

  it("runs a request without a model on the server's default model before the first allowed one", async () => {
    const h = await setUp();
    const guild = newGuild();
    await answer(h, settingsCommand(guild, "models", { allowed: "V_2_TURBO, V_2A_TURBO" }));
    await answer(h, settingsCommand(guild, "defaults", { model: "V_2A_TURBO" }));
    expect((await answer(h, imagineIn(guild, "1000000000000000213", { prompt: "a fox" }))).type).toBe(5);
    await h.drain();
    expect((await sentToIdeogram(h)).map((r) => r.model)).toEqual(["V_2A_TURBO"]);
  });

  it("refuses prompts with a blocked word or phrase, in any case, as whole words only", async () => {
    const h = await setUp();
    const guild = newGuild();
    await answer(h, settingsCommand(guild, "blocked-words", { add: "dragon, red panda" }));
    const refusedWord = await answer(
      h,
      imagineIn(guild, "1000000000000000204", { prompt: "A DRAGON over a lake" }),
    );
    expect(refusedWord.data?.content).toBe(
      'Your prompt contains "dragon", which this server doesn\'t allow. Nothing was generated.',
    );
    const refusedPhrase = await answer(
      h,
      imagineIn(guild, "1000000000000000204", { prompt: "a Red  Panda eating" }),
    );
    expect(refusedPhrase.data?.flags).toBe(64);
    expect((await answer(h, imagineIn(guild, "1000000000000000204", { prompt: "a dragonfly" }))).type).toBe(
      5,
    );
    const removed = await answer(h, settingsCommand(guild, "blocked-words", { remove: "DRAGON" }));
    expect(removed.data?.content).toContain("**Blocked words:** `red panda`");
    expect((await answer(h, imagineIn(guild, "1000000000000000204", { prompt: "a dragon" }))).type).toBe(5);
    await h.drain();
  });

  it("takes a server limit only below the bot's own", async () => {
    const h = await setUp();
    const guild = newGuild();
    const tooHigh = await answer(h, settingsCommand(guild, "daily-limit", { images: 500 }));
    expect(tooHigh.data?.content).toContain("Nothing changed: A server's limit must be from 1 to 499 images");
    const set = await answer(h, settingsCommand(guild, "daily-limit", { images: 20 }));
    expect(set.data?.content).toContain("**Daily limit:** 20 images (the bot allows a server 500)");
  });
});

describe("server rules on every click", () => {
  /** Every endpoint answered, its webhooks posted to the Worker. */
  const withTools = () => harnessWithFakes();

  /** Runs the /imagine and returns its final message as posted. */
  async function result(h: Harness, interaction: { id: string; token: string }) {
    expect((await answer(h, interaction)).type).toBe(5);
    await h.drain();
    const last = h.network.callsTo("PATCH", originalMessageOf(interaction)).at(-1);
    return last ? (await readEdit(last.request)).payload : undefined;
  }

  const inGuild = (guildId: string, interaction: ReturnType<typeof click>) => ({
    ...interaction,
    guild_id: guildId,
  });
  const ids = (payload?: EditPayload) =>
    (payload?.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id?.split(":")[0]));
  const ideogramPaths = (h: Harness) =>
    h.network.calls.filter((c) => c.method === "POST" && c.url.startsWith(IDEOGRAM)).map((c) => c.url);

  it("refuses a tool whose model the server does not allow, says so, and offers no button for it", async () => {
    const h = await withTools();
    const guild = newGuild();
    await answer(h, settingsCommand(guild, "models", { allowed: "V_2, V_2_TURBO" }));
    const grid = imagineIn(guild, "1000000000000000221", { prompt: "a fox" });
    const single = await result(h, grid);
    // Reframe and Replace background run on 3.0, Edit with words on 4.5: never offered here. Vary
    // (Region) is, for its Remove, which runs on no model a server chooses.
    expect(ids(single)).toEqual(["reroll", "edit", "upscale", "subtle", "strong", "region", "cutout"]);
    const before = ideogramPaths(h).length;
    const region = await answer(h, { ...click(`region:${grid.id}:0`), guild_id: guild });
    const link = (region.data as { components?: { components: { url?: string }[] }[] }).components?.[0]
      ?.components[0]?.url;
    const session = await h.request("/editor/session", {
      method: "POST",
      headers: { Authorization: `Bearer ${new URL(link ?? "https://x").hash.slice(1)}` },
    });
    expect(((await session.json()) as { modes: { id: string }[] }).modes.map((m) => m.id)).toEqual([
      "remove",
    ]);
    for (const forged of [
      click(`reframe:${grid.id}:0`, { values: ["16:9"] }),
      submitForm(`background:${grid.id}:0`, { background: "a beach" }),
    ]) {
      const refused = await answer(h, { ...forged, guild_id: guild });
      expect(refused).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(refused.data?.content).toBe(
        "This server doesn't allow Ideogram 3.0 (`V_3`), which this tool runs on. Allowed: Ideogram 2.0 (`V_2`), Ideogram 2.0 Turbo (`V_2_TURBO`).",
      );
    }
    await h.drain();
    expect(ideogramPaths(h)).toHaveLength(before);
  });

  it("refuses Vary of a 3.0 image once the server allows only 2.x models", async () => {
    const h = await withTools();
    const guild = newGuild();
    const grid = imagineIn(guild, "1000000000000000222", { prompt: "a fox", model: "V_3", count: 2 });
    await result(h, grid);
    await answer(h, settingsCommand(guild, "models", { allowed: "V_2" }));
    const refused = await answer(h, inGuild(guild, click(`vary:${grid.id}:0`)));
    expect(refused.data?.content).toContain("This server doesn't allow Ideogram 3.0 (`V_3`)");
    await h.drain();
    expect(ideogramPaths(h).filter((url) => url.includes("remix"))).toEqual([]);
  });

  it("refuses a click that would reuse a prompt with a word the server blocked since", async () => {
    const h = await withTools();
    const guild = newGuild();
    const grid = imagineIn(guild, "1000000000000000223", { prompt: "a red dragon", count: 2 });
    await result(h, grid);
    await answer(h, settingsCommand(guild, "blocked-words", { add: "dragon" }));
    const before = ideogramPaths(h).length;
    for (const reuse of [
      click(`pick:${grid.id}:0`),
      click(`vary:${grid.id}:1`),
      click(`reroll:${grid.id}`),
      submitForm(`edit:${grid.id}`, { prompt: "a red dragon" }),
    ]) {
      const refused = await answer(h, { ...reuse, guild_id: guild });
      expect(refused.data?.content).toBe(
        'Your prompt contains "dragon", which this server doesn\'t allow. Nothing was generated.',
      );
    }
    await h.drain();
    expect(ideogramPaths(h)).toHaveLength(before);
  });
});

describe("server limits under concurrency, and /usage", () => {
  it("lets exactly the images left through when many members ask at once", async () => {
    const h = await setUp();
    const guild = newGuild();
    await answer(h, settingsCommand(guild, "daily-limit", { images: 5 }));
    const requests = Array.from({ length: 12 }, (_, i) =>
      imagineIn(guild, `10000000000000003${String(i).padStart(2, "0")}`, { prompt: `race ${i}` }),
    );
    const answers = await Promise.all(requests.map((r) => answer(h, r)));
    expect(answers.filter((a) => a.type === 5)).toHaveLength(5);
    const refused = answers.filter((a) => a.type === 4);
    expect(refused).toHaveLength(7);
    for (const a of refused)
      expect(a.data?.content).toContain(
        "This server doesn't have enough left today: 0 of 5 images left, this request needs 1.",
      );
    await h.drain();
    expect(h.network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(5);
  });

  it("tells members their own usage, and managers the server's and the bot's spend", async () => {
    const h = await setUp();
    const guild = newGuild();
    const userId = "1000000000000000401";
    await answer(h, imagineIn(guild, userId, { prompt: "a fox", count: 2 }));
    await h.drain();
    const usage = (permissions: string) => ({
      ...command("usage", {}, { token: `usage-${nextInteractionId()}` }),
      guild_id: guild,
      member: member(userId, permissions),
    });
    const mine = await answer(h, usage(MEMBER));
    expect(mine.data?.flags).toBe(64);
    expect(mine.data?.content).toMatch(
      /^\*\*You today:\*\* 2 images of 50, 48 images left\.\nLimits reset at 00:00 UTC \(<t:\d+:R>\)\.$/,
    );
    const managers = await answer(h, usage(MANAGE_GUILD));
    expect(managers.data?.content).toContain(
      "**This server today:** 2 images of 500, about $0.16 at Ideogram's prices.",
    );
    expect(managers.data?.content).toMatch(
      /\*\*The whole bot today:\*\* about \$\d+\.\d\d \(no daily cap\)\./,
    );
  });
});

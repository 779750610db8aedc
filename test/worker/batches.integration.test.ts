// Commands that make several jobs — Midjourney's permutations `{a, b}` and `--repeat` — through signed
// /interactions → scheduler → the fake Ideogram → fake Discord: the private confirmation with the
// price first, Yes (every job queued, each in its own new message), No, expiry, and the limits that
// refuse all of them before the buttons or cap how many run at once.
import { describe, expect, it } from "vitest";
import { snowflakeAt } from "../../src/discord/snowflake.ts";
import { json } from "../support/fake-network.ts";
import { type createHarness, readEdit } from "../support/harness.ts";
import { harnessWithFakes, IDEOGRAM, readCall, sentTo } from "../support/ideogram.ts";
import {
  APPLICATION_ID,
  click as clickBy,
  imagine,
  originalMessageOf,
  USER_ID,
} from "../support/interactions.ts";

/** A click by the user who sent the command. */
const click = (customId: string) => clickBy(customId, { userId: USER_ID });

type Harness = Awaited<ReturnType<typeof createHarness>>;
type Answer = {
  type: number;
  data?: { content?: string; flags?: number; components?: { components: { custom_id: string }[] }[] };
};

const V3_GENERATE = "/v2/image/generate/ideogram-3";
/** The follow-ups the fake Discord makes are numbered from this one. */
const FIRST_MESSAGE = 1_300_000_000_000_001_000n;

/** A harness whose Discord makes each follow-up a new message with its own id. */
async function setUp(
  env: Record<string, unknown> = {},
  ideogram: Parameters<typeof harnessWithFakes>[1] = {},
  /** How many first follow-ups Discord answers as for an interaction it has no answer of yet (404). */
  unknownFirst = 0,
) {
  const h = await harnessWithFakes(env, ideogram);
  let made = 0;
  let asked = 0;
  h.network.on("POST", /\/webhooks\/\d+\/[^/?]+$/, () =>
    ++asked <= unknownFirst
      ? json({ message: "Unknown Webhook", code: 10015 }, 404)
      : json({
          id: String(FIRST_MESSAGE + BigInt(++made)),
          channel_id: "1100000000000000002",
          attachments: [],
        }),
  );
  h.network.on("PATCH", /\/messages\/\d+$/, (request) =>
    json({ id: new URL(request.url).pathname.split("/").pop() }),
  );
  return h;
}

const answerOf = async (h: Harness, interaction: unknown) => (await h.interact(interaction)).json<Answer>();
const buttonsOf = (answer: Answer) =>
  answer.data?.components?.flatMap((r) => r.components.map((c) => c.custom_id));
const followUpsOf = (h: Harness, interaction: { token: string }) =>
  h.network.callsTo("POST", `https://discord.com/api/v10/webhooks/${APPLICATION_ID}/${interaction.token}`);
const ideogramCalls = (h: Harness) => h.network.calls.filter((c) => c.url.startsWith(IDEOGRAM));

describe("a command of several jobs", () => {
  it("asks first, privately: the prompts, jobs, images, the price and what is left; nothing is called", async () => {
    const h = await setUp();
    const command = imagine({ prompt: "a {red, blue} car --ar {1:1, 16:9} --v 3 --turbo" });
    const answer = await answerOf(h, command);
    expect(answer.type).toBe(4);
    expect(answer.data?.flags).toBe(64);
    expect(answer.data?.content).toBe(
      [
        "**This makes 4 jobs:**",
        "1. `a red car --ar 1:1 --v 3 --turbo`",
        "2. `a red car --ar 16:9 --v 3 --turbo`",
        "3. `a blue car --ar 1:1 --v 3 --turbo`",
        "4. `a blue car --ar 16:9 --v 3 --turbo`",
        "",
        // Our table's price until Ideogram quotes the requests (each job is quoted before it runs).
        "4 jobs · 4 images · ≈ $0.12 at Ideogram's prices",
        "Left today after them: you 46 images, this server 496 images.",
        "Each job gets its own message in this channel. Nothing starts until you say yes.",
      ].join("\n"),
    );
    expect(buttonsOf(answer)).toEqual([`confirm:${command.id}`, `decline:${command.id}`]);
    await h.drain();
    expect(ideogramCalls(h)).toHaveLength(0);
    expect(h.network.calls.filter((c) => c.url.includes("/webhooks/"))).toHaveLength(0);
  });

  it("on Yes queues every job, each in a new message of the click that becomes its result", async () => {
    const h = await setUp();
    const command = imagine({ prompt: "a {red, blue} car --ar {1:1, 16:9} --v 3 --turbo" });
    await answerOf(h, command);
    const yes = click(`confirm:${command.id}`);
    const answer = await answerOf(h, yes);
    expect(answer.type).toBe(7);
    expect(answer.data?.content).toContain("Started 4 jobs");
    expect(answer.data?.components).toEqual([]);
    await h.drain();
    const calls = await Promise.all(sentTo(h.network, V3_GENERATE).map((c) => readCall(c.request)));
    expect(calls.map((c) => `${c.fields.prompt} ${c.fields.aspect_ratio}`).sort()).toEqual([
      "a blue car 16x9",
      "a blue car 1x1",
      "a red car 16x9",
      "a red car 1x1",
    ]);
    expect(calls.every((c) => c.fields.rendering_speed === "turbo")).toBe(true);
    // Four new messages, each edited (progress, then the result with its image) — and never the
    // click's own answer, which is the confirmation.
    expect(followUpsOf(h, yes)).toHaveLength(4);
    for (const n of [1, 2, 3, 4]) {
      const edits = h.network.callsTo(
        "PATCH",
        `https://discord.com/api/v10/webhooks/${APPLICATION_ID}/${yes.token}/messages/${FIRST_MESSAGE + BigInt(n)}`,
      );
      const final = await readEdit(edits.at(-1)!.request);
      expect(final.files).toHaveLength(1);
    }
    expect(h.network.callsTo("PATCH", originalMessageOf(yes))).toHaveLength(0);
    // A second Yes (a replay, or a second click) starts nothing more.
    expect((await answerOf(h, click(`confirm:${command.id}`))).data?.content).toBe(
      "This was answered already.",
    );
    await h.drain();
    expect(sentTo(h.network, V3_GENERATE)).toHaveLength(4);
  });

  it("makes the messages one at a time in the listed order, even while Discord doesn't know the Yes yet", async () => {
    // Discord may take our follow-up before it has taken our answer to the click: Unknown Webhook, once.
    const h = await setUp({}, {}, 1);
    const command = imagine({ prompt: "a {red, blue, green} kite" });
    await answerOf(h, command);
    const yes = click(`confirm:${command.id}`);
    await answerOf(h, yes);
    await h.drain();
    const quoted = await Promise.all(
      followUpsOf(h, yes).map(
        async (c) => /> (.*)$/m.exec((await c.request.json<{ content: string }>()).content)?.[1],
      ),
    );
    expect(quoted).toEqual(["a red kite", "a red kite", "a blue kite", "a green kite"]);
  });

  it("makes --repeat N jobs of one prompt, without the parameter in it", async () => {
    const h = await setUp();
    const command = imagine({ prompt: "a fox --repeat 3 --v 3 --turbo" });
    const answer = await answerOf(h, command);
    expect(answer.data?.content).toContain("1. `a fox --repeat 3 --v 3 --turbo` ×3");
    expect(answer.data?.content).toContain("3 jobs · 3 images · $0.09");
    await answerOf(h, click(`confirm:${command.id}`));
    await h.drain();
    const calls = await Promise.all(sentTo(h.network, V3_GENERATE).map((c) => readCall(c.request)));
    expect(calls.map((c) => c.fields.prompt)).toEqual(["a fox", "a fox", "a fox"]);
  });

  it("on No starts nothing, and a later Yes is told it was answered", async () => {
    const h = await setUp();
    const command = imagine({ prompt: "a {red, blue} car" });
    await answerOf(h, command);
    const no = await answerOf(h, click(`decline:${command.id}`));
    expect(no).toMatchObject({ type: 7, data: { content: "Nothing was started.", components: [] } });
    expect((await answerOf(h, click(`confirm:${command.id}`))).data?.content).toBe(
      "This was answered already.",
    );
    await h.drain();
    expect(ideogramCalls(h)).toHaveLength(0);
  });

  it("starts nothing once the command's token has expired", async () => {
    const h = await setUp();
    const command = imagine({ prompt: "a {red, blue} car" }, { id: snowflakeAt(Date.now() - 16 * 60_000) });
    await answerOf(h, command);
    const late = await answerOf(h, click(`confirm:${command.id}`));
    expect(late).toMatchObject({ type: 7, data: { components: [] } });
    expect(late.data?.content).toContain("This confirmation expired, so nothing was started");
    await h.drain();
    expect(ideogramCalls(h)).toHaveLength(0);
  });

  it("refuses all of them before the buttons when a daily limit can't cover all", async () => {
    const h = await setUp();
    // USER_DAILY_IMAGES is 50 (wrangler.toml; the tests before this one used a few): 7 jobs of 8 images are 56.
    const answer = await answerOf(
      h,
      imagine({ prompt: "a {red, blue, green, gold, grey, pink, teal} car", count: 8 }),
    );
    expect(answer.data?.flags).toBe(64);
    expect(answer.data?.components).toBeUndefined();
    expect(answer.data?.content).toMatch(
      /^Nothing was generated:\n• You don't have enough left today: \d+ of 50 images left, this request needs 56\./,
    );
    await h.drain();
    expect(ideogramCalls(h)).toHaveLength(0);
  });

  it.each([
    ["a fox --r 11", "This makes 11 jobs; at most 10 per command"],
    ["a {red, blue, green} fox --r 4", "This makes 12 jobs; at most 10 per command"],
    ["{a, b, c, d} {e, f, g}", "The prompt's `{…}` choices make 12 prompts; at most 10 jobs per command"],
  ])("refuses more jobs than MAX_JOBS_PER_COMMAND: %s", async (prompt, problem) => {
    const h = await setUp();
    const answer = await answerOf(h, imagine({ prompt }));
    expect(answer.data?.content).toBe(`Nothing was generated:\n• ${problem}`);
  });

  it("names the prompts a problem is in, and a problem in all of them once", async () => {
    const h = await setUp();
    const answer = await answerOf(h, imagine({ prompt: "a fox --ar {16:9, 7:4} --sead 1" }));
    expect(answer.data?.content).toBe(
      [
        "Nothing was generated:",
        "• Unrecognized parameter: `--sead`. Did you mean `--seed`?",
        "• `a fox --ar 7:4 --sead 1`: `--ar` 7:4 is not a ratio Ideogram has; try 16:9 or 16:10",
      ].join("\n"),
    );
  });

  it("allows Discord's 5 messages per command where the bot is installed only for its user", async () => {
    const h = await setUp();
    const userInstall = { authorizing_integration_owners: { "1": "1000000000000000007" } };
    const answer = await answerOf(h, imagine({ prompt: "a fox --r 6" }, userInstall));
    expect(answer.data?.content).toContain(
      "This makes 6 jobs; at most 5 per command (here the bot is installed for you",
    );
    expect(
      (await answerOf(h, imagine({ prompt: "a fox --r 5" }, userInstall))).data?.components,
    ).toHaveLength(1);
  });

  it("runs at most MAX_JOBS_PER_USER of them at once, and never refuses one of a confirmed batch", async () => {
    let running = 0;
    let most = 0;
    // MAX_JOBS_PER_USER is 3 (wrangler.toml), and Ideogram takes 10 images at once.
    const h = await setUp(
      {},
      {
        slow: async () => {
          most = Math.max(most, ++running);
          await new Promise((resolve) => setTimeout(resolve, 600));
          running--;
        },
      },
    );
    const command = imagine({ prompt: "a fox --r 7 --v 3" });
    await answerOf(h, command);
    expect((await answerOf(h, click(`confirm:${command.id}`))).data?.content).toContain("Started 7 jobs");
    await h.drain();
    expect(sentTo(h.network, V3_GENERATE)).toHaveLength(7);
    expect(most).toBe(3);
  });
});

// Delivery after the interaction token is gone (DISCORD_BOT_TOKEN): a job whose interaction says the
// bot may post in its channel waits as long as MAX_WAIT_MINUTES, and its result, past the token, is a
// new channel message posted with the bot token, mentioning only the requester and replying to the
// command's message. Without a bot token (or the permissions) jobs expire as they always did.
import { describe, expect, it, vi } from "vitest";
import { channelPosting } from "../../src/discord/permissions.ts";
import { LATEST_START_MS } from "../../src/jobs/destination.ts";
import { TICK_MS } from "../../src/queue/coordinator.ts";
import { json } from "../support/fake-network.ts";
import { type SchedulerTest, withScheduler } from "../support/scheduler.ts";

const BOT_TOKEN = "bot-token-0123456789-secret";
const CHANNEL = "1300000000000000777";
const CHANNEL_MESSAGES = `https://discord.com/api/v10/channels/${CHANNEL}/messages`;
/** View, send, embed, attach, read history: 1024 + 2048 + 16384 + 32768 + 65536. */
const CAN_POST = String(1024 + 2048 + 16384 + 32768 + 65536);

/** Discord takes the bot's channel posts. */
function acceptChannelPosts(t: SchedulerTest) {
  t.network.on("POST", CHANNEL_MESSAGES, () =>
    json({ id: "1300000000000000999", channel_id: CHANNEL, attachments: [] }),
  );
}

/** A job of 4 images takes every place (maxInflight 4) and is held at Ideogram: the jobs behind it wait. */
async function blockEveryPlace(t: SchedulerTest, id: string) {
  t.submit(t.job(id, "ann", 4));
  await vi.waitFor(() => expect(t.ideogram.isHeld(id)).toBe(true));
}

/** Heartbeats while the clock moves on by `ms`. */
async function wait(t: SchedulerTest, ms: number) {
  for (let elapsed = 0; elapsed < ms; elapsed += TICK_MS * 10) {
    await t.advance(TICK_MS * 10);
    t.scheduler.tick();
    // Not t.idle(): the blocker's run is held at Ideogram on purpose.
    await t.scheduler.idle();
  }
}

describe("the bot's permissions in a channel", () => {
  it.each([
    ["view, send, embed, attach, history", CAN_POST, false, { post: true, reply: true }],
    [
      "without read history: no reply",
      String(1024 + 2048 + 16384 + 32768),
      false,
      { post: true, reply: false },
    ],
    ["without attach files", String(1024 + 2048 + 16384), false, { post: false, reply: false }],
    // An app without its bot gets only @everyone's attach and embed.
    ["attach and embed only", String(16384 + 32768), false, { post: false, reply: false }],
    ["send in a thread needs SEND_MESSAGES_IN_THREADS", CAN_POST, true, { post: false, reply: false }],
    ["in a thread, with it", String(BigInt(CAN_POST) + (1n << 38n)), true, { post: true, reply: true }],
    ["administrator", "8", false, { post: true, reply: true }],
    ["none given", undefined, false, { post: false, reply: false }],
  ])("%s", (_, permissions, thread, expected) => {
    expect(channelPosting(permissions, thread)).toEqual(expected);
  });
});

describe("a job that outlives its interaction token", () => {
  it("waits past the token's 15 minutes and is posted with the bot token, mentioning only its requester", async () => {
    await withScheduler({ maxInflight: 4, botToken: BOT_TOKEN, maxWaitMinutes: 120 }, async (t) => {
      acceptChannelPosts(t);
      // Both jobs behind the blocker wait.
      await blockEveryPlace(t, "blocker");
      const channel = { id: CHANNEL, reply: true };
      t.submit(
        t.job("patient", "ben", 1, { channel, guildId: "g1", originalMessageId: "1300000000000000555" }),
      );
      t.submit(t.job("bound", "cat", 1));
      await wait(t, LATEST_START_MS + 60_000);
      // Without a channel the bot may post in, a job expires as it always did.
      expect(t.store.get("bound")?.state).toBe("expired");
      expect(t.store.get("patient")?.state).toBe("waiting");
      await wait(t, 10 * 60_000);
      // Past the token's 15 minutes, still in line.
      expect(t.store.get("patient")?.state).toBe("waiting");
      // Its places go straight to the patient job (handed over to the same run).
      await t.ideogram.answer("blocker");
      await vi.waitFor(() => expect(t.ideogram.isHeld("patient")).toBe(true));
      await t.ideogram.answer("patient");
      await t.idle();
      const [post] = t.network.callsTo("POST", CHANNEL_MESSAGES);
      expect(post?.headers.get("Authorization")).toBe(`Bot ${BOT_TOKEN}`);
      const form = await post!.request.formData();
      const body = JSON.parse(String(form.get("payload_json")));
      expect(body.content).toMatch(/^<@ben>(\s|$)/);
      expect(body.allowed_mentions).toEqual({ parse: [], users: ["ben"] });
      expect(body.message_reference).toEqual({
        message_id: "1300000000000000555",
        fail_if_not_exists: false,
      });
      expect(body).toMatchObject({ nonce: "patient", enforce_nonce: true });
      expect(form.get("files[0]")).toBeInstanceOf(File);
      expect(t.store.get("patient")).toMatchObject({ state: "done" });
      // The token was never put in a URL or a log line.
      expect(t.network.calls.some((c) => c.url.includes(BOT_TOKEN))).toBe(false);
      expect(t.logs.some((l) => l.includes(BOT_TOKEN))).toBe(false);
    });
  }, 30_000);

  it("expires as today without a bot token, even where the bot may post", async () => {
    await withScheduler({ maxInflight: 4 }, async (t) => {
      await blockEveryPlace(t, "blocker-2");
      t.submit(t.job("plain", "ben", 1, { channel: { id: CHANNEL, reply: true }, guildId: "g1" }));
      await wait(t, LATEST_START_MS + 60_000);
      expect(t.store.get("plain")?.state).toBe("expired");
      expect(t.network.callsTo("POST", CHANNEL_MESSAGES)).toHaveLength(0);
      await t.ideogram.answer("blocker-2");
    });
  }, 30_000);

  it("ends with a message in the channel when even MAX_WAIT_MINUTES runs out", async () => {
    await withScheduler({ maxInflight: 4, botToken: BOT_TOKEN, maxWaitMinutes: 30 }, async (t) => {
      acceptChannelPosts(t);
      await blockEveryPlace(t, "blocker-3");
      t.submit(t.job("too-long", "ben", 1, { channel: { id: CHANNEL, reply: false }, guildId: "g1" }));
      await wait(t, 31 * 60_000);
      await vi.waitFor(() => expect(t.network.callsTo("POST", CHANNEL_MESSAGES)).toHaveLength(1));
      expect(t.store.get("too-long")?.state).toBe("expired");
      const [post] = t.network.callsTo("POST", CHANNEL_MESSAGES);
      const body = await post!.request.json<{ content: string; message_reference?: unknown }>();
      expect(body.content).toMatch(/^<@ben>(\s|$)/);
      expect(body.message_reference).toBeUndefined();
      await t.ideogram.answer("blocker-3");
    });
  }, 30_000);
});

// Exact prices (../shared/reference/ideogram-v2-4-5.md §7): a job on an operation Ideogram quotes
// (`dryRun` in the table: 4.0's v2 generate and remix) is priced with `?dry_run=true` — exactly the
// request it sends — before it takes its place; the reservation, the budget and /usage take the
// quote, kept a day per request shape; the table's price is the fallback, marked ≈; a quote the
// budget can't cover ends the job before it runs, unbilled.
import { describe, expect, it, vi } from "vitest";
import { dayOf } from "../../src/limits/ledger.ts";
import { json } from "../support/fake-network.ts";
import type { createHarness } from "../support/harness.ts";
import { harnessWithFakes, IDEOGRAM, readCall } from "../support/ideogram.ts";
import { command, imagine, nextInteractionId } from "../support/interactions.ts";
import { withScheduler } from "../support/scheduler.ts";

type Harness = Awaited<ReturnType<typeof createHarness>>;
type Answer = { type: number; data?: { content?: string } };

const V4 = `${IDEOGRAM}/v2/image/generate/ideogram-4`;
const DRY_RUN = `${V4}?dry_run=true`;

/** The manager's /usage: the server's images and spend today, and the estimated part of it. */
async function usage(h: Harness) {
  const base = command("usage", {}, { token: `usage-${nextInteractionId()}` });
  const answer = await (
    await h.interact({ ...base, member: { ...base.member, permissions: "32" } })
  ).json<Answer>();
  const text = answer.data?.content ?? "";
  return {
    usd: Number(/\*\*This server today:\*\*.*?about \$([\d.]+)/.exec(text)?.[1]),
    estimated: /\*\*This server today:\*\*[^\n]*≈/.test(text),
  };
}

async function generate(h: Harness, options: Record<string, string | number>) {
  await h.interact(
    imagine({ prompt: "a city", model: "V_4", ...options }, { token: `i-${nextInteractionId()}` }),
  );
  await h.drain();
}

const quoteOf = (usdMicros: number, quantity: number, qualifier = "exact") =>
  json({
    object: "price_quote",
    billing_identifier: "generate_ideogram_4",
    quantity,
    usd_micros: usdMicros,
    credit_millis: usdMicros / 10,
    qualifier,
  });

describe("Ideogram's quotes", () => {
  it("prices a 4.0 job with a dry run of exactly its request, and counts the quote, not the table", async () => {
    // The table says $0.10 an image at Quality; Ideogram quotes $0.08.
    const h = await harnessWithFakes({}, { quote: () => quoteOf(160_000, 2) });
    const before = await usage(h);
    await generate(h, { speed: "QUALITY", count: 2, aspect_ratio: "ASPECT_16_9" });
    const [dry] = h.network.callsTo("POST", DRY_RUN);
    const [real] = h.network.callsTo("POST", V4).filter((c) => !c.url.includes("dry_run"));
    expect(dry && real).toBeTruthy();
    expect((await readCall(dry!.request)).fields).toEqual((await readCall(real!.request)).fields);
    const after = await usage(h);
    expect(Math.round((after.usd - before.usd) * 100) / 100).toBe(0.16);
    expect(after.estimated).toBe(before.estimated);
  });

  it("keeps a day's quote for requests of the same shape: the next job sends no dry run", async () => {
    const h = await harnessWithFakes({}, { quote: () => quoteOf(40_000, 1) });
    await generate(h, { speed: "TURBO", prompt: "a harbour" });
    await generate(h, { speed: "TURBO", prompt: "a lighthouse", count: 3 });
    expect(h.network.callsTo("POST", DRY_RUN)).toHaveLength(1);
    // Another speed is another shape.
    await generate(h, { speed: "DEFAULT", prompt: "a pier" });
    expect(h.network.callsTo("POST", DRY_RUN)).toHaveLength(2);
  });
});

describe("without a quote, or over budget (each on a scheduler of its own)", () => {
  it("goes on at the table's price, marked as an estimate, when Ideogram gives no quote", async () => {
    await withScheduler({}, async (t) => {
      t.network.on("POST", DRY_RUN, () => json({ error: "unavailable" }, 503));
      t.network.on("POST", V4, () => json({ generation_id: "g", seed: 1, data: [] }));
      const job = t.job("unquoted", "ann", 1, { request: { prompt: "a quay", model: "V_4" } });
      t.submit(job);
      await vi.waitFor(() => expect(t.store.get("unquoted")?.state).toBe("done"));
      await t.idle();
      expect(t.network.callsTo("POST", V4).filter((c) => !c.url.includes("dry_run"))).toHaveLength(1);
      // The table's $0.06 for Default, all of it marked as our estimate.
      expect(t.ledger.used(dayOf(t.clock.now()), "all", "*")).toMatchObject({
        cost: 60_000,
        estimated: 60_000,
      });
      expect(t.logs.some((l) => l.includes('"ideogram_quote_failed"'))).toBe(true);
    });
  });

  it("ends the job before it runs, saying so, with nothing charged", async () => {
    // A $0.20 cap: the table's $0.06 for Default fits; Ideogram's quote of $0.50 does not.
    const daily = { userDailyImages: 100, guildDailyImages: 100, dailyBudgetMicros: 200_000 };
    await withScheduler({ daily }, async (t) => {
      t.network.on("POST", DRY_RUN, () => quoteOf(500_000, 1));
      t.network.on("POST", V4, () => json({ generation_id: "g", seed: 1, data: [] }));
      const job = t.job("quoted", "ann", 1, { request: { prompt: "a city", model: "V_4" } });
      expect(t.submit(job)).toEqual({ status: "queued" });
      expect(t.ledger.used(dayOf(t.clock.now()), "all", "*").cost).toBe(60_000);
      await vi.waitFor(() => expect(t.store.get("quoted")?.state).toBe("done"));
      await t.idle();
      expect(t.network.callsTo("POST", V4).filter((c) => !c.url.includes("dry_run"))).toHaveLength(0);
      const final = (await t.edits("quoted")).at(-1);
      expect(final?.content ?? JSON.stringify(final)).toContain(
        "Ideogram's price for this is $0.50, more than the bot's daily spending cap has left ($0.20 of $0.20)",
      );
      expect(t.ledger.used(dayOf(t.clock.now()), "all", "*").cost).toBe(0);
      expect(t.logs.some((l) => l.includes('"quote_over_budget"'))).toBe(true);
    });
  });
});

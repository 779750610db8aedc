// Who may spend what: a server's rules and defaults, then the daily limits (per user, per server,
// the deployment's dollar budget). A job's images and cost are reserved before it is queued, so
// no Ideogram call is ever made past a limit; a job Ideogram did not bill gets its reservation back.
// Layer 4 (limits/): imports only layers 0–3.

import type { PriceQuote } from "../ideogram/client.ts";
import type { Model } from "../ideogram/enums.ts";
import { toolModel } from "../ideogram/models.ts";
import { applySpeed, type FieldNames, findRuleViolations, type RuleInput } from "../ideogram/rules.ts";
import type { BatchTotals, LimitRefusal } from "../jobs/contract.ts";
import { type Job, jobCost, jobImages, quotaImages, quoteShape } from "../jobs/job.ts";
import {
  applyDefaults,
  checkServerRules,
  defaultModelFor,
  type GuildSettings,
  type RuledWork,
  type SettingsStore,
} from "./guild-settings.ts";
import { dayOf, nextReset, type Usage, type UsageLedger } from "./ledger.ts";
import type { QuoteStore } from "./quotes.ts";

export interface Limits {
  userDailyImages: number;
  guildDailyImages: number;
  /** Unset: no cap. */
  dailyBudgetMicros?: number | undefined;
  /** DEFAULT_MODEL: what a fresh /imagine without a model uses (unset: Ideogram's own default). */
  defaultModel?: Model | undefined;
}

export type Admitted<T> = { ok: true; value: T } | { ok: false; message: string };

export type Reserved = { ok: true } | { ok: false; refusal: LimitRefusal };

/** A job with its server's defaults applied, and those settings, read once for both steps. */
export interface Prepared {
  job: Job;
  settings?: GuildSettings | undefined;
}

export interface UsageReport {
  user: Usage & { limit: number };
  guild?: Usage & { limit: number };
  all: Usage & { budget?: number | undefined };
  resetsAt: number;
}

/** What the server's rules look at in a job (see checkServerRules). */
function ruled(job: Job): RuledWork {
  switch (job.kind) {
    case "generate":
    case "remix":
      return { prompt: job.request.prompt, request: job.request };
    case "upscale":
      return { prompt: job.request.prompt, tool: {} };
    case "tool":
      return { prompt: job.prompt, tool: { model: toolModel(job.tool) } };
    case "pick":
      return { prompt: job.prompt, tool: {} };
    case "describe":
      return { tool: {} };
  }
}

export class Admission {
  private readonly ledger: UsageLedger;
  private readonly settings: SettingsStore;
  private readonly limits: Limits;
  /** What each field is called to the people refused (for Discord users: the option, interactions/options.ts). */
  private readonly names: FieldNames;
  /** Ideogram's quotes, where it gives them; without, every price is the table's. */
  private readonly quotes: QuoteStore | undefined;

  constructor(
    ledger: UsageLedger,
    settings: SettingsStore,
    limits: Limits,
    names: FieldNames,
    quotes?: QuoteStore,
  ) {
    this.ledger = ledger;
    this.settings = settings;
    this.limits = limits;
    this.names = names;
    this.quotes = quotes;
  }

  /**
   * What the job will cost, in micro-dollars, and how much of it is our estimate: Ideogram's quote
   * for its shape where one was made today, else the table's price — all of it an estimate for an
   * operation Ideogram quotes (until it has), or one Ideogram publishes no price for.
   */
  costOf(job: Job, now: number): { cost: number; estimated: number } {
    const table = jobCost(job);
    const shape = quoteShape(job);
    if (!shape) return table;
    const quote = this.quotes?.fresh(shape, now);
    if (!quote) return { cost: table.cost, estimated: table.cost };
    const cost = quote.each * jobImages(job);
    return { cost, estimated: quote.exact ? 0 : cost };
  }

  /** The quote kept for the job's shape, for its run (which then sends no dry run). */
  knownQuote(job: Job, now: number): PriceQuote | undefined {
    const shape = quoteShape(job);
    const quote = shape ? this.quotes?.fresh(shape, now) : undefined;
    return quote && { usdMicros: quote.each, quantity: 1, exact: quote.exact };
  }

  /**
   * Ideogram quoted the job's request before it was sent: the quote is kept for its shape and the
   * reservation takes its price. A price above what was reserved that the daily budget can't cover
   * is refused (the job is not sent); the image limits are unchanged (the count is).
   */
  requote(job: Job, quote: PriceQuote, now: number): Reserved {
    const shape = quoteShape(job);
    if (!shape) return { ok: true };
    const each = Math.round(quote.usdMicros / Math.max(1, quote.quantity));
    // The quote kept for the shape stands its day: applying it again does not renew it.
    const kept = this.quotes?.fresh(shape, now);
    if (kept?.each !== each || kept.exact !== quote.exact)
      this.quotes?.put(shape, { each, exact: quote.exact }, now);
    const reserved = this.ledger.reservation(job.id);
    if (!reserved) return { ok: true };
    const cost = each * jobImages(job);
    const budget = this.limits.dailyBudgetMicros;
    if (budget !== undefined && cost > reserved.cost) {
      const others = this.ledger.used(reserved.day, "all", "*").cost - reserved.cost;
      if (others + cost > budget) {
        return {
          ok: false,
          refusal: { scope: "budget", used: others, limit: budget, needed: cost, resetsAt: nextReset(now) },
        };
      }
    }
    this.ledger.reprice(job.id, cost, quote.exact ? 0 : cost);
    return { ok: true };
  }

  /**
   * The job as it will run — the server's defaults for what a fresh /imagine left out, the model a
   * request without one runs on, speed Turbo as a legacy model's Turbo model — or why Ideogram's rules
   * for that model or the server's own rules refuse it.
   */
  prepare(submitted: Job): Admitted<Prepared> {
    const settings = submitted.guildId ? this.settings.get(submitted.guildId) : undefined;
    // The models the server allowed when the job was taken: its result offers no tool it can't run.
    const job = settings?.allowedModels ? { ...submitted, allowedModels: settings.allowedModels } : submitted;
    const admitted = (checked: Job): Admitted<Prepared> => {
      const problem = settings && checkServerRules(ruled(checked), settings);
      return problem ? { ok: false, message: problem } : { ok: true, value: { job: checked, settings } };
    };
    // A description sends no prompt; a pick reposts its image's, an upscale or a tool its own.
    if (job.kind === "describe" || job.kind === "pick" || job.kind === "upscale" || job.kind === "tool") {
      return admitted(job);
    }
    const input: RuleInput = {
      request: job.request,
      operation: job.kind,
      references: {
        style: job.references?.style?.length ?? 0,
        character: job.references?.character ? 1 : 0,
      },
    };
    let request =
      job.kind === "generate" && job.useServerDefaults && settings
        ? applyDefaults(input, settings.defaults)
        : job.request;
    if (request.model === undefined) {
      const model = defaultModelFor(settings, job.useServerDefaults ? this.limits.defaultModel : undefined);
      if (model) request = { ...request, model };
    }
    request = applySpeed(request);
    const violations = findRuleViolations({ ...input, request }, this.names);
    if (violations.length > 0) {
      return {
        ok: false,
        message: `Nothing was generated:\n${violations.map((v) => `• ${v.message}`).join("\n")}`,
      };
    }
    return admitted({ ...job, request });
  }

  /** Reserves the job's images and cost in every limit it counts against, or says which it would pass. */
  reserve(prepared: Prepared, now: number): Reserved {
    return this.reserveAll([prepared], now);
  }

  /**
   * Reserves all of the jobs (one user's, from one command) or none: they are weighed together
   * against each limit, and a refusal names what they need in all.
   */
  reserveAll(all: readonly Prepared[], now: number): Reserved {
    const checked = this.check(all, now);
    if (!checked.ok) return checked;
    for (const { job } of all) {
      const { cost, estimated } = this.costOf(job, now);
      const images = quotaImages(job);
      if (images === 0 && cost === 0) continue;
      const userId = job.channelWebhook ? undefined : job.user.id;
      this.ledger.reserve({
        jobId: job.id,
        day: dayOf(now),
        userId,
        guildId: job.guildId,
        images,
        cost,
        estimated,
      });
    }
    return { ok: true };
  }

  /**
   * What the jobs (one user's, in one server) would spend together, and leave of each daily limit
   * that applies, had they been reserved now; or the first limit they would pass.
   */
  check(
    all: readonly Prepared[],
    now: number,
  ): { ok: true; totals: BatchTotals } | { ok: false; refusal: LimitRefusal } {
    const [first] = all;
    const totals: BatchTotals = { images: 0, cost: 0, estimated: 0, left: {} };
    for (const { job } of all) {
      const { cost, estimated } = this.costOf(job, now);
      totals.images += quotaImages(job);
      totals.cost += cost;
      totals.estimated += estimated;
    }
    // What counts nothing and costs nothing (a pick) is never refused, whatever a limit was lowered to.
    if (!first || (totals.images === 0 && totals.cost === 0)) return { ok: true, totals };
    const { job, settings } = first;
    const refuse = (scope: LimitRefusal["scope"], used: number, limit: number, needed: number) => ({
      ok: false as const,
      refusal: { scope, used, limit, needed, resetsAt: nextReset(now) },
    });
    // Webhook jobs are not a Discord user's; the deployment's budget still applies to them.
    const userId = job.channelWebhook ? undefined : job.user.id;
    const used = this.ledger.usedBy(dayOf(now), userId, job.guildId);
    if (userId) {
      const limit = this.limits.userDailyImages;
      if (used.user.images + totals.images > limit)
        return refuse("user", used.user.images, limit, totals.images);
      totals.left.user = limit - used.user.images - totals.images;
    }
    if (job.guildId) {
      const limit = this.guildLimit(settings ?? this.settings.get(job.guildId));
      if (used.guild.images + totals.images > limit) {
        return refuse("guild", used.guild.images, limit, totals.images);
      }
      totals.left.guild = limit - used.guild.images - totals.images;
    }
    const budget = this.limits.dailyBudgetMicros;
    if (budget !== undefined) {
      if (used.all.cost + totals.cost > budget) return refuse("budget", used.all.cost, budget, totals.cost);
      totals.left.budget = budget - used.all.cost - totals.cost;
    }
    return { ok: true, totals };
  }

  /**
   * The job's call goes to Ideogram again (its run was lost during the first, which Ideogram may
   * have billed): the first stands, and the second is counted for the deployment — its budget and
   * its re-sent figures — without counting against the user or the server, whose request it is
   * not. Never refused: the job was accepted. Undone like any reservation if Ideogram bills nothing.
   */
  resend(job: Job, now: number): void {
    const { cost, estimated } = this.costOf(job, now);
    this.ledger.settle(job.id);
    this.ledger.reserve({
      jobId: job.id,
      day: dayOf(now),
      images: quotaImages(job),
      cost,
      estimated,
      resent: true,
    });
  }

  /** Today's calls sent again after a lost run: the part of the spend the requests alone don't show. */
  resentToday(now: number): Usage {
    return this.ledger.used(dayOf(now), "resent", "*");
  }

  /** Ideogram did not bill the job: its images and cost count for nothing. */
  refund(jobId: string): boolean {
    return this.ledger.refund(jobId);
  }

  /** Ideogram billed (or may have billed) the job: its reservation stands. */
  settle(jobId: string): void {
    this.ledger.settle(jobId);
  }

  usage(userId: string, guildId: string | undefined, now: number): UsageReport {
    const day = dayOf(now);
    const report: UsageReport = {
      user: { ...this.ledger.used(day, "user", userId), limit: this.limits.userDailyImages },
      all: { ...this.ledger.used(day, "all", "*"), budget: this.limits.dailyBudgetMicros },
      resetsAt: nextReset(now),
    };
    if (guildId) {
      const limit = this.guildLimit(this.settings.get(guildId));
      report.guild = { ...this.ledger.used(day, "guild", guildId), limit };
    }
    return report;
  }

  guildSettings(guildId: string): GuildSettings {
    return this.settings.get(guildId);
  }

  saveGuildSettings(guildId: string, settings: GuildSettings, now: number): void {
    this.settings.put(guildId, settings, now);
  }

  /** Forgets usage older than yesterday. */
  purge(now: number): void {
    this.ledger.purge(dayOf(now - 86_400_000));
  }

  private guildLimit(settings: GuildSettings): number {
    return Math.min(this.limits.guildDailyImages, settings.dailyImages ?? Number.POSITIVE_INFINITY);
  }
}

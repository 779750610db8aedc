// Wires a Coordinator and its stores on a SQLite storage, for the Durable Object and for the tests
// alike: only what differs (the clock, the network, how runs are started, the alarm) is passed in.
// Layer 7 (scheduler/): imports only layers 0–6, never commands/, actions/.

import { type Config, outlivingWaitMs } from "../config.ts";
import type { Clock } from "../http/retry.ts";
import { readGeneration } from "../ideogram/client.ts";
import { MICROS_PER_USD } from "../ideogram/prices.ts";
import { optionName } from "../interactions/options.ts";
import type { Dispatch } from "../jobs/contract.ts";
import { ResultExpiries, ResultStore } from "../jobs/results.ts";
import { Admission, type Limits } from "../limits/admission.ts";
import { SettingsStore } from "../limits/guild-settings.ts";
import { UsageLedger } from "../limits/ledger.ts";
import { PreferenceStore } from "../limits/preferences.ts";
import { QuoteStore } from "../limits/quotes.ts";
import type { Logger } from "../log.ts";
import { Batches } from "../queue/batches.ts";
import { Coordinator } from "../queue/coordinator.ts";
import { MessageEditor } from "../queue/editor.ts";
import { EndpointNotices } from "../queue/endpoint-notices.ts";
import { GenerationEvents } from "../queue/generation-events.ts";
import { JobStore } from "../queue/job-store.ts";
import { RegionEdits } from "../region/edits.ts";
import { jobReports } from "../webhook/report.ts";
import { WebhookStore } from "../webhook/webhook-store.ts";

export interface Wiring {
  sql: SqlStorage;
  bucket: R2Bucket;
  config: Config;
  fetch: typeof fetch;
  clock: Clock;
  log: Logger;
  dispatch: Dispatch;
  setAlarm(at: number): void;
  /** Overrides the configured daily limits (tests). */
  limits?: Limits;
  /** Shortens the wait before "Generating…" (tests). */
  firstEditDelayMs?: number;
}

export function wireCoordinator(w: Wiring) {
  const store = new JobStore(w.sql);
  const webhooks = new WebhookStore(w.sql);
  const results = new ResultStore(w.bucket, w.config.IMAGE_RETENTION_DAYS);
  const budget = w.config.DAILY_BUDGET_USD;
  const limits = w.limits ?? {
    userDailyImages: w.config.USER_DAILY_IMAGES,
    guildDailyImages: w.config.GUILD_DAILY_IMAGES,
    dailyBudgetMicros: budget === undefined ? undefined : Math.round(budget * MICROS_PER_USD),
    defaultModel: w.config.DEFAULT_MODEL,
  };
  const ledger = new UsageLedger(w.sql);
  const settings = new SettingsStore(w.sql);
  const admission = new Admission(ledger, settings, limits, optionName, new QuoteStore(w.sql));
  const discord = {
    apiBase: w.config.DISCORD_API_BASE,
    fetch: w.fetch,
    clock: w.clock,
    botToken: w.config.DISCORD_BOT_TOKEN,
  };
  const endpointNotices = new EndpointNotices(w.sql, w.log);
  // The editor tells the coordinator of the follow-ups it makes; the coordinator is made after it.
  let coordinator: Coordinator | undefined;
  const editor = new MessageEditor({
    discord,
    log: w.log,
    isTokenDead: (id) => store.get(id)?.token_dead === 1,
    markTokenDead: (id) => store.tokenDead(id),
    messageMade: (id, messageId) => coordinator?.messageMade(id, messageId),
    sawMessage: (id, messageId) => store.sawMessage(id, messageId),
  });
  coordinator = new Coordinator({
    store,
    editor,
    clock: w.clock,
    discord,
    log: w.log,
    dispatch: w.dispatch,
    maxInflight: w.config.IDEOGRAM_MAX_INFLIGHT,
    maxPerUser: w.config.MAX_JOBS_PER_USER,
    setAlarm: w.setAlarm,
    results,
    expiries: new ResultExpiries(w.sql),
    admission,
    reports: jobReports(webhooks),
    events: new GenerationEvents(w.sql),
    endpointNotices,
    readGeneration: (generationId) =>
      readGeneration(generationId, {
        apiKey: w.config.IDEOGRAM_API_KEY,
        baseUrl: w.config.IDEOGRAM_API_BASE,
        fetch: w.fetch,
        clock: w.clock,
        onNotice: (notice) => endpointNotices.record([notice], w.clock.now()),
      }),
    leaseMs: w.config.RUN_LEASE_MS,
    outliveMs: outlivingWaitMs(w.config),
    ...(w.firstEditDelayMs === undefined ? {} : { firstEditDelayMs: w.firstEditDelayMs }),
  });
  return {
    coordinator,
    store,
    webhooks,
    results,
    admission,
    ledger,
    settings,
    preferences: new PreferenceStore(w.sql),
    regions: new RegionEdits(w.sql),
    batches: new Batches(w.sql),
  };
}

// What every route sees on its context: the Worker's bindings, the dependencies every request shares,
// and what middleware has set (Hono's Env for this app).
// Layer 8 (routes/): imports only layers 0–7, never scheduler/.
import type { Config, WebhookConfig } from "../config.ts";
import type { Clock } from "../http/retry.ts";
import type { Logger } from "../log.ts";

/** What the app needs besides its bindings; tests pass a fake clock and capture the log. */
export interface AppDeps {
  clock: Clock;
  log: Logger;
}

/** What the webhook routes know once requireWebhook has let a request through. */
export interface WebhookSettings {
  config: WebhookConfig;
  /** Which configured secret the caller presented (a hash, not the secret). */
  secretId: string;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    deps: AppDeps;
    /** Set by requireConfig. */
    config: Config;
    /** Set by requireWebhook: the endpoint's settings and the secret the caller presented. */
    webhook: WebhookSettings;
  };
};

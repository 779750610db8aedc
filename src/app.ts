// The Hono app: routes, error handling, and the dependencies every request shares.
import { Hono } from "hono/tiny";
import type { Clock } from "./http/retry.ts";
import type { Logger } from "./log.ts";
import { handleInteractions } from "./routes/interactions.ts";
import { handleQueueStatus, handleStatus } from "./routes/status.ts";
import { handleWebhookPost, handleWebhookStatus } from "./routes/webhook.ts";

/** What the app needs besides its bindings; tests pass a fake clock and capture the log. */
export interface AppDeps {
  clock: Clock;
  log: Logger;
}

export type AppEnv = { Bindings: Env; Variables: { deps: AppDeps } };

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.get("/", handleStatus);
  app.get("/status", handleQueueStatus);
  app.post("/interactions", handleInteractions);
  app.post("/webhook", handleWebhookPost);
  app.get("/webhook/jobs/:id", handleWebhookStatus);
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((error, c) => {
    deps.log.error("unhandled_error", { error, path: c.req.path });
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}

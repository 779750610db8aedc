// The Hono app: routes, error handling, and the dependencies every request shares.
import { Hono } from "hono/tiny";
import type { Clock } from "./http/retry.ts";
import type { Logger } from "./log.ts";
import { handleInteractions } from "./routes/interactions.ts";
import { handleStatus } from "./routes/status.ts";

/** What the app reaches the outside world with; tests pass fakes of the network and clock. */
export interface AppDeps {
  fetch: typeof fetch;
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
  app.post("/interactions", handleInteractions);
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((error, c) => {
    deps.log.error("unhandled_error", { error, path: c.req.path });
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}

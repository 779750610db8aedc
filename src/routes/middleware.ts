// What several routes need before their handler runs: the validated configuration, and a body that
// is never read past its limit.
// Layer 8 (routes/): imports only layers 0–7, never scheduler/.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { describeProblems, loadConfig } from "../config.ts";
import type { AppEnv } from "./env.ts";

/**
 * Sets `c.var.config`, parsed once per `env`; without a valid configuration the route answers
 * `status` and the problems go to the log (never to the caller: they name the owner's variables).
 */
export const requireConfig =
  (status: 500 | 503, error: string): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const config = loadConfig(c.env);
    if (!config.ok) {
      c.var.deps.log.error("config_invalid", {
        path: c.req.path,
        problems: describeProblems(config.problems),
      });
      return c.json({ error }, status);
    }
    c.set("config", config.config);
    await next();
  };

/**
 * Stops reading the body at `maxBytes` and answers 413, whether or not Content-Length was sent
 * (a chunked body is counted as it arrives, never buffered whole first).
 */
export const limitBody = (maxBytes: number): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize: maxBytes,
    onError: (c: Context) => c.json({ error: `request body too large (at most ${maxBytes} bytes)` }, 413),
  });

// The Hono app: routes with their middleware, error handling, and the dependencies every request shares.
// Layer 9 (app.ts): imports only layers 0–8.
import { Hono } from "hono/tiny";
import {
  EDITOR_MAX_BYTES,
  handleEditorImage,
  handleEditorSession,
  handleEditorSubmit,
} from "./routes/editor.ts";
import type { AppDeps, AppEnv } from "./routes/env.ts";
import { handleIdeogramEvent, IDEOGRAM_EVENT_MAX_BYTES } from "./routes/ideogram-events.ts";
import { handleInteractions, INTERACTION_MAX_BYTES } from "./routes/interactions.ts";
import { limitBody, requireConfig } from "./routes/middleware.ts";
import { handleQueueStatus, handleStatus } from "./routes/status.ts";
import {
  handleWebhookPost,
  handleWebhookStatus,
  requireWebhook,
  WEBHOOK_MAX_BYTES,
} from "./routes/webhook.ts";

const NOT_CONFIGURED = "The bot is not fully configured; its owner can see why in the Worker's logs.";

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.get("/", handleStatus);
  app.get("/status", requireConfig(503, "not configured; see GET /"), handleQueueStatus);
  app.post(
    "/interactions",
    requireConfig(500, NOT_CONFIGURED),
    limitBody(INTERACTION_MAX_BYTES),
    handleInteractions,
  );
  app.post(
    "/ideogram/events",
    requireConfig(503, NOT_CONFIGURED),
    limitBody(IDEOGRAM_EVENT_MAX_BYTES),
    handleIdeogramEvent,
  );
  app.post("/webhook", requireWebhook, limitBody(WEBHOOK_MAX_BYTES), handleWebhookPost);
  // The region editor's API; its page, /editor, is a static asset (public/).
  const editor = requireConfig(503, NOT_CONFIGURED);
  app.post("/editor/session", editor, handleEditorSession);
  app.get("/editor/image", editor, handleEditorImage);
  app.post("/editor/submit", editor, limitBody(EDITOR_MAX_BYTES), handleEditorSubmit);
  app.get("/webhook/jobs/:id", requireWebhook, handleWebhookStatus);
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((error, c) => {
    deps.log.error("unhandled_error", { error, path: c.req.path });
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}

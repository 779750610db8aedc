// Each emulator on its own port of 127.0.0.1, as the real Worker (wrangler dev) sees Ideogram and
// Discord in the end-to-end tests and the bench: the same emulators the playground mounts, with the
// behaviours those callers set (one API key, Ideogram's in-flight limit, tokens that expire).
import { INTERACTION_TOKEN_LIFETIME_MS } from "../src/discord/bounds.ts";
import { snowflakeTime } from "../src/discord/snowflake.ts";
import { createDiscordEmulator, type DiscordEmulator } from "./discord-emulator.ts";
import { sendJson, serve } from "./http.ts";
import {
  createIdeogramEmulator,
  type IdeogramEmulator,
  type IdeogramEmulatorOptions,
  type WebhookMode,
} from "./ideogram-emulator.ts";
import { markedPng } from "./marked-png.ts";

export interface EmulatorServer {
  url: string;
  close(): Promise<void>;
}

export type IdeogramServerOptions = Omit<IdeogramEmulatorOptions, "baseUrl" | "apiKey" | "image"> & {
  /** Size of each image (marked bytes, not a picture: placeholders take far longer to make). */
  imageBytes?: number;
};

export type IdeogramServer = EmulatorServer &
  Omit<IdeogramEmulator, "handle" | "latencyMs" | "webhooks"> & {
    /** Switches what happens to webhooks (delivered, dropped, duplicated). */
    setWebhooks(mode: WebhookMode): void;
  };

/** The Ideogram emulator, accepting only `apiKey`, answering at once unless told otherwise. */
export async function startIdeogramServer(
  apiKey: string,
  options: IdeogramServerOptions = {},
): Promise<IdeogramServer> {
  let emulator: IdeogramEmulator | undefined;
  const server = await serve(async (request, body, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const handled = await emulator?.handle(request.method ?? "GET", path, request, body, response);
    if (!handled) sendJson(response, 404, { detail: "Not Found" });
  });
  emulator = createIdeogramEmulator({
    latencyMs: 0,
    ...options,
    baseUrl: server.url,
    apiKey,
    image: ({ endpoint, prompt, index, seed }) =>
      markedPng(`${endpoint}#${prompt}#${index}#${seed}`, options.imageBytes ?? 4096),
  });
  const { requests, images, stats, readLog } = emulator;
  const running = emulator;
  return {
    ...server,
    requests,
    images,
    stats,
    readLog,
    setWebhooks: (mode) => {
      running.webhooks = mode;
    },
  };
}

export type DiscordServer = EmulatorServer &
  Pick<DiscordEmulator, "edits" | "posts" | "reads" | "refused" | "uploads">;

/**
 * The Discord emulator under /api/v10. An interaction's answer starts as the deferred "thinking…"
 * message; tokens shaped `token-{interaction id}` expire 15 minutes after that id's time.
 */
export async function startDiscordServer(): Promise<DiscordServer> {
  let url = "";
  const emulator = createDiscordEmulator({
    filesBaseUrl: () => `${url}/attachments`,
    implicitAnswers: true,
    tokenExpiresAt: (token) => {
      const id = /^token-(\d+)$/.exec(token)?.[1];
      const created = id === undefined ? undefined : snowflakeTime(id);
      return created === undefined ? undefined : created + INTERACTION_TOKEN_LIFETIME_MS;
    },
  });
  const server = await serve(async (request, body, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const api = path.startsWith("/api/v10/") ? path.slice("/api/v10".length) : path;
    const handled = await emulator.handle(request.method ?? "GET", api, request, body, response);
    if (!handled) sendJson(response, 404, { message: "404: Not Found", code: 0 });
  });
  url = server.url;
  return {
    ...server,
    edits: emulator.edits,
    posts: emulator.posts,
    reads: emulator.reads,
    uploads: emulator.uploads,
    get refused() {
      return emulator.refused;
    },
  };
}

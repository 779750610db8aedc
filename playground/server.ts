// The playground: one local server with the page, a Discord API emulator (and, without a key, an
// Ideogram emulator), which signs the page's actions with a development key pair and sends them to
// the real Worker's /interactions, exactly as Discord would.
import { generateKeyPairSync, sign } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { snowflakeAt } from "../src/discord/snowflake.ts";
import { createDiscordEmulator, type DiscordEmulator } from "./discord-emulator.ts";
import { sendJson } from "./http.ts";
import { createIdeogramEmulator, type IdeogramEmulator, type WebhookMode } from "./ideogram-emulator.ts";
import { interactionFor, type PageAction } from "./interaction.ts";
import { renderPage } from "./page.ts";

export const PLAYGROUND_APPLICATION_ID = "1234567890123456789";
/** The playground bot's token (not a real one): with it, jobs outlive their interaction token. */
export const PLAYGROUND_BOT_TOKEN = "playground-bot-token-not-a-real-one";

export interface DevKeys {
  publicKeyHex: string;
  sign(message: string): string;
}

/** A fresh Ed25519 pair: the Worker verifies with the public key, as it would Discord's. */
export function generateDevKeys(): DevKeys {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" });
  return {
    publicKeyHex: Buffer.from(String(jwk.x), "base64url").toString("hex"),
    sign: (message) => sign(null, Buffer.from(message), privateKey).toString("hex"),
  };
}

export interface Playground {
  url: string;
  ideogram: IdeogramEmulator | undefined;
  /** The Discord emulator behind the page (its messages, and what the bot posted with its token). */
  discord: Pick<DiscordEmulator, "channelPosts" | "messages">;
  /** Where the Worker is; set once it runs. */
  setWorkerUrl(url: string): void;
  close(): Promise<void>;
}

export interface PlaygroundOptions {
  port: number;
  keys: DevKeys;
  /** True: the real Ideogram API is used (IDEOGRAM_API_KEY is set); the emulator stays off. */
  realIdeogram: boolean;
  ideogramLatencyMs?: number;
}

/** A file the page attached to a command, served back as Discord's CDN would serve an upload. */
interface Upload {
  bytes: Buffer;
  contentType: string;
  filename: string;
}

let sequence = 0;

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  let workerUrl = "";
  let url = "";
  // The page's switch: every interaction token expired now, as if 15 minutes had passed.
  let tokensExpired = false;
  const discord = createDiscordEmulator({
    filesBaseUrl: () => `${url}/playground/files`,
    applicationId: PLAYGROUND_APPLICATION_ID,
    botToken: PLAYGROUND_BOT_TOKEN,
    tokenExpiresAt: () => (tokensExpired ? 0 : undefined),
  });
  const uploads = new Map<string, Upload>();
  let ideogram: IdeogramEmulator | undefined;

  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of request) chunks.push(chunk as Buffer);
    } catch {
      return; // The client went away mid-request (the Worker was stopped).
    }
    const body = Buffer.concat(chunks);
    const { pathname } = new URL(request.url ?? "/", "http://x");
    const method = request.method ?? "GET";
    try {
      if (
        pathname.startsWith("/api/v10/") &&
        (await discord.handle(method, pathname.slice(8), request, body, response))
      )
        return;
      if (
        ideogram &&
        pathname.startsWith("/ideogram/") &&
        (await ideogram.handle(method, pathname.slice(9), request, body, response))
      )
        return;
      if (method === "GET" && (pathname === "/" || pathname === "/playground")) {
        response
          .writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
          .end(renderPage(options.realIdeogram));
        return;
      }
      if (method === "GET" && pathname === "/playground/state") {
        return sendJson(response, 200, {
          ideogram: options.realIdeogram ? "real" : "emulator",
          ideogramLatencyMs: ideogram?.latencyMs,
          ideogramWebhooks: ideogram?.webhooks,
          tokensExpired,
          messages: discord.messages(),
        });
      }
      if (method === "POST" && pathname === "/playground/settings") {
        const { ideogramLatencyMs, ideogramWebhooks, expireTokens } = JSON.parse(body.toString() || "{}") as {
          ideogramLatencyMs?: number;
          ideogramWebhooks?: WebhookMode;
          expireTokens?: boolean;
        };
        if (typeof expireTokens === "boolean") tokensExpired = expireTokens;
        if (ideogram && Number.isFinite(ideogramLatencyMs)) ideogram.latencyMs = Number(ideogramLatencyMs);
        if (ideogram && ideogramWebhooks) ideogram.webhooks = ideogramWebhooks;
        return sendJson(response, 200, {
          ideogramLatencyMs: ideogram?.latencyMs,
          ideogramWebhooks: ideogram?.webhooks,
          tokensExpired,
        });
      }
      const file = /^\/playground\/files\/(\d+)\/[^/]+$/.exec(pathname)?.[1];
      const found = method === "GET" && file ? discord.file(file) : undefined;
      if (file && method === "GET") return serveFile(response, found);
      if (method === "POST" && pathname === "/playground/attachments") {
        return sendJson(response, 200, upload(request, body));
      }
      const uploaded = /^\/playground\/attachments\/(\d+)\/[^/]+$/.exec(pathname)?.[1];
      if (uploaded && method === "GET") return serveFile(response, uploads.get(uploaded));
      if (method === "POST" && pathname === "/playground/interact") {
        return sendJson(response, 200, await interact(JSON.parse(body.toString() || "{}")));
      }
      await proxy(request, body, response);
    } catch (error) {
      sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  });

  /** Keeps a file the page attached, as Discord keeps an upload, and describes it as Discord would. */
  function upload(request: IncomingMessage, body: Buffer) {
    const id = snowflakeAt(Date.now(), ++sequence);
    const filename = decodeURIComponent(String(request.headers["x-filename"] ?? "image.png"));
    const contentType = String(request.headers["content-type"] ?? "application/octet-stream");
    uploads.set(id, { bytes: body, contentType, filename });
    const safeName = encodeURIComponent(filename.replace(/[^\w.-]/g, "_"));
    return {
      id,
      filename,
      size: body.length,
      content_type: contentType,
      url: `${url}/playground/attachments/${id}/${safeName}`,
      proxy_url: `${url}/playground/attachments/${id}/${safeName}`,
    };
  }

  /** Builds the interaction Discord would send for a page action, signs it, and posts it to the Worker. */
  async function interact(action: PageAction) {
    const id = snowflakeAt(Date.now(), ++sequence);
    const token = `playground-${id}-${Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url")}`;
    const payload = interactionFor(action, {
      id,
      token,
      applicationId: PLAYGROUND_APPLICATION_ID,
      message: (messageId) => discord.message(messageId, PLAYGROUND_APPLICATION_ID),
    });
    const json = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const answer = await fetch(`${workerUrl}/interactions`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Signature-Ed25519": options.keys.sign(timestamp + json),
        "X-Signature-Timestamp": timestamp,
      },
      body: json,
    });
    const result = (await answer.json()) as {
      type?: number;
      data?: { content?: string; flags?: number; components?: unknown[] };
    };
    // A silent action (the page reading /usage for its panel) leaves nothing in the channel.
    if (!action.silent) {
      if (result.type === 5) discord.deferred(id, token, action.invocation);
      if (result.type === 4) {
        discord.ephemeral(id, token, result.data?.content ?? "", action.invocation, result.data?.components);
      }
      if (result.type === 7 && action.kind === "component" && action.messageId && result.data) {
        discord.updated(id, token, action.messageId, result.data);
      }
    }
    return { status: answer.status, response: result };
  }

  async function proxy(request: IncomingMessage, body: Buffer, response: ServerResponse) {
    if (!workerUrl) return sendJson(response, 503, { error: "the Worker is starting" });
    const headers = Object.fromEntries(
      Object.entries(request.headers).flatMap(([k, v]) =>
        typeof v === "string" && k !== "host" ? [[k, v]] : [],
      ),
    );
    const forwarded = await fetch(`${workerUrl}${request.url}`, {
      method: request.method,
      headers,
      ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
    });
    // fetch has already decoded the body: its original framing headers no longer apply.
    const passed = [...forwarded.headers].filter(
      ([k]) => !["content-encoding", "content-length", "transfer-encoding"].includes(k),
    );
    response.writeHead(forwarded.status, Object.fromEntries(passed));
    response.end(Buffer.from(await forwarded.arrayBuffer()));
  }

  server.listen(options.port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (!options.realIdeogram) {
    // A long session keeps the newest 200 images and requests, not every one.
    ideogram = createIdeogramEmulator({
      baseUrl: `${url}/ideogram`,
      latencyMs: options.ideogramLatencyMs,
      maxKept: 200,
    });
  }
  return {
    url,
    ideogram,
    discord,
    setWorkerUrl: (value) => {
      workerUrl = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function serveFile(response: ServerResponse, file: { bytes: Buffer; contentType: string } | undefined) {
  if (!file) return sendJson(response, 404, { message: "404: Not Found", code: 0 });
  response
    .writeHead(200, { "Content-Type": file.contentType, "Content-Length": file.bytes.length })
    .end(file.bytes);
}

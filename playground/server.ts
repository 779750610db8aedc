// The playground: one local server with the page, a Discord API emulator (and, without a key, an
// Ideogram emulator), which signs the page's actions with a development key pair and sends them to
// the real Worker's /interactions, exactly as Discord would.
import { generateKeyPairSync, sign } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { snowflakeAt } from "../src/discord/snowflake.ts";
import { createDiscordEmulator } from "./discord-emulator.ts";
import { sendJson } from "./http.ts";
import { createIdeogramEmulator, type IdeogramEmulator } from "./ideogram-emulator.ts";
import { renderPage } from "./page.ts";

export const PLAYGROUND_APPLICATION_ID = "1234567890123456789";
const GUILD_ID = "1100000000000000001";
const CHANNEL_ID = "1100000000000000002";
/** Manage Server and friends, so the playground user may use every command. */
const PERMISSIONS = "2248473465835073";

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

let sequence = 0;

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  let workerUrl = "";
  let url = "";
  const discord = createDiscordEmulator("/playground/files");
  let ideogram: IdeogramEmulator | undefined;

  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
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
          messages: discord.messages(),
        });
      }
      const file = /^\/playground\/files\/([\w-]+)$/.exec(pathname)?.[1];
      if (method === "GET" && file) {
        const found = discord.file(file);
        if (!found) return sendJson(response, 404, { error: "no such file" });
        response
          .writeHead(200, { "Content-Type": found.contentType, "Content-Length": found.bytes.length })
          .end(found.bytes);
        return;
      }
      if (method === "POST" && pathname === "/playground/interact") {
        return sendJson(response, 200, await interact(JSON.parse(body.toString() || "{}")));
      }
      await proxy(request, body, response);
    } catch (error) {
      sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  });

  /** Builds the interaction Discord would send for a page action, signs it, and posts it to the Worker. */
  async function interact(action: PageAction) {
    const id = snowflakeAt(Date.now(), ++sequence);
    const token = `playground-${id}-${Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url")}`;
    const payload = {
      id,
      application_id: PLAYGROUND_APPLICATION_ID,
      token,
      version: 1,
      locale: "en-US",
      guild_id: GUILD_ID,
      channel_id: CHANNEL_ID,
      channel: { id: CHANNEL_ID, type: 0, nsfw: false },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
      app_permissions: PERMISSIONS,
      member: {
        user: {
          id: "1000000000000000007",
          username: "you",
          global_name: "You",
          discriminator: "0",
          avatar: null,
        },
        roles: [],
        permissions: PERMISSIONS,
        joined_at: "2026-01-01T00:00:00.000000+00:00",
        deaf: false,
        mute: false,
        flags: 0,
      },
      ...interactionBody(action),
    };
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
    const result = (await answer.json()) as { type?: number; data?: { content?: string; flags?: number } };
    if (result.type === 5) discord.deferred(id, token);
    if (result.type === 4) discord.ephemeral(id, token, result.data?.content ?? "");
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
    ideogram = createIdeogramEmulator({ baseUrl: `${url}/ideogram`, latencyMs: options.ideogramLatencyMs });
  }
  return {
    url,
    ideogram,
    setWorkerUrl: (value) => {
      workerUrl = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the page asks for; the server turns it into Discord's interaction shape. */
export type PageAction =
  | { kind: "command"; name: string; options: { name: string; type: number; value: unknown }[] }
  | {
      kind: "autocomplete";
      name: string;
      options: { name: string; type: number; value: unknown; focused?: boolean }[];
    }
  | { kind: "component"; custom_id: string; component_type: number; values?: string[] }
  | { kind: "modal"; custom_id: string; values: Record<string, string> };

function interactionBody(action: PageAction) {
  switch (action.kind) {
    case "command":
      return {
        type: 2,
        data: { id: "1200000000000000005", name: action.name, type: 1, options: action.options },
      };
    case "autocomplete":
      return {
        type: 4,
        data: { id: "1200000000000000005", name: action.name, type: 1, options: action.options },
      };
    case "component":
      return {
        type: 3,
        message: { id: "1300000000000000008", channel_id: CHANNEL_ID, components: [] },
        data: {
          custom_id: action.custom_id,
          component_type: action.component_type,
          ...(action.values ? { values: action.values } : {}),
        },
      };
    case "modal":
      return {
        type: 5,
        data: {
          custom_id: action.custom_id,
          components: Object.entries(action.values).map(([custom_id, value], i) => ({
            type: 18,
            id: i + 1,
            component: { type: 4, id: i + 10, custom_id, value },
          })),
        },
      };
  }
}

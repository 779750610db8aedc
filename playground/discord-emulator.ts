// The one local stand-in for the part of Discord's API the Worker calls (edit, read and post webhook
// messages: an interaction's answer, its follow-ups, channel webhooks; and Create Message with the
// bot's token), shared by the playground, the end-to-end tests and the bench. It keeps each message so
// the playground page can show it as Discord would, and records every call for tests; tokens can
// expire as Discord's do (401, code 50027), and a bot post's enforced nonce makes a repeat the same message.
import type { IncomingMessage } from "node:http";
import { type RouteHandler, readMultipart, sendJson } from "./http.ts";

/** An edit of an interaction's answer (PATCH @original), as received. */
export interface DiscordEdit {
  path: string;
  token: string;
  headers: IncomingMessage["headers"];
  form: FormData;
  payload: { content?: string; components?: unknown[]; attachments?: unknown[] };
  /** Final messages drop the Cancel button that progress edits carry. */
  final: boolean;
  /** When it arrived (epoch ms). */
  at: number;
}

/** A message posted through a channel webhook (Execute Webhook). */
export interface DiscordPost {
  webhookId: string;
  token: string;
  query: URLSearchParams;
  form: FormData;
  payload: DiscordEdit["payload"];
}

export interface DiscordEmulatorOptions {
  /** Asked when a file is stored (the server's address is known only once it listens). */
  filesBaseUrl: () => string;
  /**
   * When a token stops working; calls after it get Discord's 401 (Invalid Webhook Token, 50027).
   * Unset: tokens never expire.
   */
  tokenExpiresAt?: ((token: string) => number | undefined) | undefined;
  /**
   * An interaction's answer never announced with deferred() exists anyway, "thinking" (when the
   * Worker is called directly, not through the playground's page).
   */
  implicitAnswers?: boolean | undefined;
  /**
   * The bot's application id: a follow-up (`/webhooks/{application id}/{token}`) for an interaction not
   * answered yet is Discord's 404 Unknown Webhook, not a channel webhook post. Unset: never.
   */
  applicationId?: string | undefined;
  /** The bot token Create Message (`POST /channels/{id}/messages`) accepts; unset: that route is 401. */
  botToken?: string | undefined;
}

/** A message the bot posted with its own token. */
export interface ChannelPost {
  channelId: string;
  payload: DiscordEdit["payload"] & {
    allowed_mentions?: unknown;
    message_reference?: unknown;
    nonce?: string;
    enforce_nonce?: boolean;
  };
  form: FormData;
}

export interface ShownAttachment {
  filename: string;
  contentType: string;
  url: string;
}

export interface ShownMessage {
  id: string;
  /** The interaction whose response this message is (absent for webhook posts). */
  interactionId?: string;
  token: string;
  /** "thinking" until the Worker first edits it; "ephemeral" for replies only the user sees. */
  state: "thinking" | "shown" | "ephemeral";
  /** What the user did that this message answers ("/imagine", "Re-roll"), shown above it as Discord does. */
  invocation?: string;
  createdAt: number;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: ShownAttachment[];
  updatedAt: number;
}

export interface DiscordEmulator {
  handle: RouteHandler;
  /** Every edit of an interaction's answer, oldest first. */
  readonly edits: DiscordEdit[];
  /** Every message posted through a channel webhook. */
  readonly posts: DiscordPost[];
  /** Every message the bot posted with its token (a repeated nonce included once). */
  readonly channelPosts: ChannelPost[];
  /** Reads of an answer (GET @original), by token. */
  readonly reads: { token: string; at: number }[];
  /** Calls refused because their token had expired. */
  readonly refused: number;
  /** Files members uploaded with a command, served by path as Discord's CDN serves them. */
  readonly uploads: Map<string, Uint8Array>;
  /** The deferred "thinking…" message for an interaction answered with type 5. */
  deferred(interactionId: string, token: string, invocation?: string): void;
  /** A reply only the user sees (type 4 with the ephemeral flag), with its buttons. */
  ephemeral(
    interactionId: string,
    token: string,
    content: string,
    invocation?: string,
    components?: unknown[],
  ): void;
  /**
   * A click answered by replacing the message it was on (type 7): that message now says `data`, and
   * the click's token may post follow-ups.
   */
  updated(
    interactionId: string,
    token: string,
    messageId: string,
    data: { content?: string; components?: unknown[] },
  ): void;
  messages(): ShownMessage[];
  /** A message as Discord sends it in an interaction's `resolved.messages`, with its author. */
  message(id: string, applicationId: string): Record<string, unknown> | undefined;
  file(id: string): { bytes: Buffer; contentType: string } | undefined;
}

/** Discord's message flag for a deferred response still loading. */
const LOADING = 1 << 7;

export function createDiscordEmulator(options: DiscordEmulatorOptions): DiscordEmulator {
  const { filesBaseUrl } = options;
  const messages = new Map<string, ShownMessage>();
  /** Interactions answered without a message of their own (type 7), by token: their follow-ups are theirs. */
  const answeredInPlace = new Map<string, string>();
  const files = new Map<string, { bytes: Buffer; contentType: string }>();
  const edits: DiscordEdit[] = [];
  const posts: DiscordPost[] = [];
  const channelPosts: ChannelPost[] = [];
  /** Bot posts by their enforced nonce: the same nonce again answers with the same message. */
  const nonces = new Map<string, ShownMessage>();
  const reads: DiscordEmulator["reads"] = [];
  const uploads = new Map<string, Uint8Array>();
  let refused = 0;
  let counter = 0;
  const nextId = () => String(1_500_000_000_000_000_000n + BigInt(++counter));
  const asDiscord = (m: ShownMessage) => ({
    id: m.id,
    channel_id: "1100000000000000002",
    type: 20,
    flags: m.state === "thinking" ? LOADING : 0,
    content: m.content,
    embeds: m.embeds,
    components: m.components,
    attachments: m.attachments.map((a, i) => ({ id: String(i), filename: a.filename, url: a.url })),
  });

  /** Applies a PATCH/POST body (JSON, or multipart with payload_json and files[n]) to a message. */
  async function apply(message: ShownMessage, form: FormData) {
    const payload = JSON.parse(String(form.get("payload_json"))) as {
      content?: string;
      embeds?: unknown[];
      components?: unknown[];
      attachments?: { id: number; filename?: string }[];
    };
    const attachments: ShownAttachment[] = [];
    for (const attachment of payload.attachments ?? []) {
      const file = form.get(`files[${attachment.id}]`);
      if (!file || typeof file === "string") continue;
      // Shaped like Discord's CDN links: …/{attachment id}/{filename}.
      const id = nextId();
      const filename = attachment.filename ?? file.name;
      files.set(id, { bytes: Buffer.from(await file.arrayBuffer()), contentType: file.type || "image/png" });
      attachments.push({
        filename,
        contentType: file.type,
        url: `${filesBaseUrl()}/${id}/${encodeURIComponent(filename)}`,
      });
    }
    Object.assign(message, {
      state: "shown",
      content: payload.content ?? message.content,
      embeds: payload.embeds ?? message.embeds,
      components: payload.components ?? message.components,
      attachments: payload.attachments ? attachments : message.attachments,
      updatedAt: Date.now(),
    });
  }

  function create(
    token: string,
    state: ShownMessage["state"],
    interactionId?: string,
    content = "",
    invocation?: string,
  ): ShownMessage {
    const message: ShownMessage = {
      id: nextId(),
      ...(interactionId ? { interactionId } : {}),
      ...(invocation ? { invocation } : {}),
      token,
      state,
      content,
      createdAt: Date.now(),
      embeds: [],
      components: [],
      attachments: [],
      updatedAt: Date.now(),
    };
    messages.set(token, message);
    return message;
  }

  const handle: RouteHandler = async (method, path, request, body, response) => {
    const upload = method === "GET" ? uploads.get(path) : undefined;
    if (upload) {
      response
        .writeHead(200, { "Content-Type": "image/png", "Content-Length": upload.byteLength })
        .end(upload);
      return true;
    }
    // An interaction's answer (@original) or one of its follow-ups (by id), by its token.
    const existing = /^\/webhooks\/\d+\/([^/]+)\/messages\/(@original|\d+)$/.exec(path);
    if (existing?.[1] && existing[2]) {
      const [, token, id] = existing;
      if (Date.now() > (options.tokenExpiresAt?.(token) ?? Number.POSITIVE_INFINITY)) {
        refused++;
        sendJson(response, 401, { message: "Invalid Webhook Token", code: 50027 });
        return true;
      }
      const answer = messages.get(token) ?? (options.implicitAnswers ? create(token, "thinking") : undefined);
      const message =
        id === "@original"
          ? answer
          : [...messages.values()].find((m) => m.id === id && m.token.startsWith(`${token}-`));
      if (!message) sendJson(response, 404, { message: "Unknown Message", code: 10008 });
      else if (method === "GET") {
        if (id === "@original") reads.push({ token, at: Date.now() });
        sendJson(response, 200, asDiscord(message));
      } else if (method === "PATCH") {
        const form = await readForm(request, body);
        if (id === "@original") edits.push(editOf(path, token, request, form));
        await apply(message, form);
        sendJson(response, 200, asDiscord(message));
      } else if (method === "DELETE") {
        messages.delete(message.token);
        response.writeHead(204).end();
      } else sendJson(response, 405, { message: "405: Method Not Allowed", code: 0 });
      return true;
    }
    // Create Message with the bot's token: a job that outlived its interaction token.
    const channel = /^\/channels\/(\d+)\/messages$/.exec(path)?.[1];
    if (channel && method === "POST") {
      if (!options.botToken || request.headers.authorization !== `Bot ${options.botToken}`) {
        sendJson(response, 401, { message: "401: Unauthorized", code: 0 });
        return true;
      }
      const form = await readForm(request, body);
      const payload = payloadOf(form) as ChannelPost["payload"];
      const again = payload.enforce_nonce && payload.nonce ? nonces.get(payload.nonce) : undefined;
      if (again) {
        sendJson(response, 200, asDiscord(again));
        return true;
      }
      channelPosts.push({ channelId: channel, payload, form });
      const message = create(`bot-${nextId()}`, "shown");
      await apply(message, form);
      if (payload.enforce_nonce && payload.nonce) nonces.set(payload.nonce, message);
      sendJson(response, 200, asDiscord(message));
      return true;
    }
    // A follow-up of an interaction, or a post through a channel webhook.
    const execute = /^\/webhooks\/(\d+)\/([^/?]+)$/.exec(path);
    if (execute?.[1] && execute[2] && method === "POST") {
      const [, webhookId, token] = execute;
      const query = new URL(request.url ?? "/", "http://x").searchParams;
      const form = await readForm(request, body);
      const interactionId = messages.get(token)?.interactionId ?? answeredInPlace.get(token);
      if (!interactionId && webhookId === options.applicationId) {
        sendJson(response, 404, { message: "Unknown Webhook", code: 10015 });
        return true;
      }
      if (!interactionId) posts.push({ webhookId, token, query, form, payload: payloadOf(form) });
      const message = create(`${token}-${nextId()}`, "shown", interactionId);
      await apply(message, form);
      // A channel webhook answers with the message only when asked to wait for it.
      if (!interactionId && query.get("wait") !== "true") response.writeHead(204).end();
      else sendJson(response, 200, asDiscord(message));
      return true;
    }
    return false;
  };

  return {
    handle,
    edits,
    posts,
    channelPosts,
    reads,
    uploads,
    get refused() {
      return refused;
    },
    deferred: (interactionId, token, invocation) =>
      void create(token, "thinking", interactionId, "", invocation),
    ephemeral: (interactionId, token, content, invocation, components) => {
      const message = create(token, "ephemeral", interactionId, content, invocation);
      message.components = components ?? [];
    },
    updated: (interactionId, token, messageId, data) => {
      answeredInPlace.set(token, interactionId);
      const message = [...messages.values()].find((m) => m.id === messageId);
      if (!message) return;
      Object.assign(message, {
        content: data.content ?? message.content,
        components: data.components ?? message.components,
        embeds: [],
        updatedAt: Date.now(),
      });
    },
    messages: () => [...messages.values()],
    message(id, applicationId) {
      const found = [...messages.values()].find((m) => m.id === id);
      if (!found) return undefined;
      const author = found.interactionId
        ? { id: applicationId, username: "Imagine", discriminator: "0", avatar: null, bot: true }
        : { id: "1200000000000000001", username: "Webhook", discriminator: "0000", avatar: null, bot: true };
      return {
        ...asDiscord(found),
        author,
        attachments: found.attachments.map((a, i) => ({
          id: String(i),
          filename: a.filename,
          url: a.url,
          content_type: a.contentType,
          size: files.get(a.url.split("/").at(-2) ?? "")?.bytes.length ?? 0,
        })),
      };
    },
    file: (id) => files.get(id),
  };
}

/** A multipart body as FormData; a JSON one as a form with only `payload_json`. */
async function readForm(request: IncomingMessage, body: Buffer): Promise<FormData> {
  const form = await readMultipart(request, body);
  if (form) return form;
  const json = new FormData();
  json.append("payload_json", body.toString());
  return json;
}

const payloadOf = (form: FormData) => JSON.parse(String(form.get("payload_json"))) as DiscordEdit["payload"];

function editOf(path: string, token: string, request: IncomingMessage, form: FormData): DiscordEdit {
  const payload = payloadOf(form);
  // Progress edits carry the Cancel button; a final message has the result's buttons or none.
  const final = Array.isArray(payload.components) && !JSON.stringify(payload.components).includes('"cancel:');
  return { path, token, headers: request.headers, form, payload, final, at: Date.now() };
}

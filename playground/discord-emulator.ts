// A local stand-in for the part of Discord's API the Worker calls (edit, read and post webhook
// messages: an interaction's answer, its follow-ups, channel webhooks), keeping each message so the
// playground page can show it as Discord would.
import type { IncomingMessage } from "node:http";
import { type RouteHandler, readMultipart, sendJson } from "./http.ts";

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
  messages(): ShownMessage[];
  /** A message as Discord sends it in an interaction's `resolved.messages`, with its author. */
  message(id: string, applicationId: string): Record<string, unknown> | undefined;
  file(id: string): { bytes: Buffer; contentType: string } | undefined;
}

/** Discord's message flag for a deferred response still loading. */
const LOADING = 1 << 7;

/** `filesBaseUrl` is asked for when a file is stored (the server's address is known only once it listens). */
export function createDiscordEmulator(filesBaseUrl: () => string): DiscordEmulator {
  const messages = new Map<string, ShownMessage>();
  const files = new Map<string, { bytes: Buffer; contentType: string }>();
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
  async function apply(message: ShownMessage, request: IncomingMessage, body: Buffer) {
    const form = await readMultipart(request, body);
    const payload = JSON.parse(form ? String(form.get("payload_json")) : body.toString()) as {
      content?: string;
      embeds?: unknown[];
      components?: unknown[];
      attachments?: { id: number; filename?: string }[];
    };
    const attachments: ShownAttachment[] = [];
    for (const attachment of payload.attachments ?? []) {
      const file = form?.get(`files[${attachment.id}]`);
      if (!file || typeof file === "string") continue;
      const id = `${message.id}-${attachment.id}-${Date.now()}`;
      files.set(id, { bytes: Buffer.from(await file.arrayBuffer()), contentType: file.type || "image/png" });
      attachments.push({
        filename: attachment.filename ?? file.name,
        contentType: file.type,
        url: `${filesBaseUrl()}/${id}`,
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
    // An interaction's answer (@original) or one of its follow-ups (by id), by its token.
    const existing = /^\/webhooks\/\d+\/([^/]+)\/messages\/(@original|\d+)$/.exec(path);
    if (existing?.[1] && existing[2]) {
      const [, token, id] = existing;
      const message =
        id === "@original"
          ? messages.get(token)
          : [...messages.values()].find((m) => m.id === id && m.token.startsWith(`${token}-`));
      if (!message) sendJson(response, 404, { message: "Unknown Message", code: 10008 });
      else if (method === "GET") sendJson(response, 200, asDiscord(message));
      else if (method === "PATCH") {
        await apply(message, request, body);
        sendJson(response, 200, asDiscord(message));
      } else if (method === "DELETE") {
        messages.delete(message.token);
        response.writeHead(204).end();
      } else sendJson(response, 405, { message: "405: Method Not Allowed", code: 0 });
      return true;
    }
    // A follow-up of an interaction, or a post through a channel webhook.
    const execute = /^\/webhooks\/\d+\/([^/?]+)$/.exec(path);
    if (execute?.[1] && method === "POST") {
      const interactionId = messages.get(execute[1])?.interactionId;
      const message = create(`${execute[1]}-${nextId()}`, "shown", interactionId);
      await apply(message, request, body);
      sendJson(response, 200, asDiscord(message));
      return true;
    }
    return false;
  };

  return {
    handle,
    deferred: (interactionId, token, invocation) =>
      void create(token, "thinking", interactionId, "", invocation),
    ephemeral: (interactionId, token, content, invocation, components) => {
      const message = create(token, "ephemeral", interactionId, content, invocation);
      message.components = components ?? [];
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
          size: files.get(a.url.split("/").pop() ?? "")?.bytes.length ?? 0,
        })),
      };
    },
    file: (id) => files.get(id),
  };
}

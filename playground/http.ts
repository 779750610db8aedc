// Small HTTP pieces the playground's server and emulators share.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:net";

/** Answers a request whose path is relative to the handler's mount point; false if not its route. */
export type RouteHandler = (
  method: string,
  path: string,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
) => Promise<boolean>;

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

/** A multipart/form-data body as FormData; undefined for any other content type. */
export async function readMultipart(request: IncomingMessage, body: Buffer): Promise<FormData | undefined> {
  const type = String(request.headers["content-type"] ?? "");
  if (!type.startsWith("multipart/form-data")) return undefined;
  return new Response(new Uint8Array(body), { headers: { "Content-Type": type } }).formData();
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

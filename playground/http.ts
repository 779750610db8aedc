// Small HTTP pieces the playground's server and emulators share.
import { once } from "node:events";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, createServer } from "node:net";

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

/**
 * An HTTP server on a free port of 127.0.0.1 that reads each request's whole body before `handler`
 * sees it (the emulators' and fakes' own servers); a handler's throw is a 500 with its message.
 */
export async function serve(
  handler: (request: IncomingMessage, body: Buffer, response: ServerResponse) => unknown,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer(async (request, response) => {
    const chunks: Buffer[] = [];
    try {
      // A client killed mid-upload (the restart tests SIGKILL the Worker) aborts its request.
      for await (const chunk of request) chunks.push(chunk as Buffer);
    } catch {
      return;
    }
    try {
      await handler(request, Buffer.concat(chunks), response);
    } catch (error) {
      sendJson(response, 500, { error: String(error) });
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

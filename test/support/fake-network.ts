// A route table standing in for the outside world: every outbound request must match a route,
// every call is recorded, and anything unmatched fails loudly.

export interface RecordedCall {
  method: string;
  url: string;
  headers: Headers;
  /** A fresh copy of the request, readable from any context (the caller may be a Durable Object). */
  readonly request: Request;
}

type Handler = (request: Request, call: number) => Response | Promise<Response>;

const matcher = (url: string | RegExp) =>
  typeof url === "string"
    ? url.endsWith("*")
      ? (u: string) => u.startsWith(url.slice(0, -1))
      : (u: string) => u === url
    : (u: string) => url.test(u);

export class FakeNetwork {
  readonly calls: RecordedCall[] = [];
  readonly unmatched: string[] = [];
  private readonly routes: {
    method: string;
    match: (url: string) => boolean;
    handler: Handler;
    count: number;
  }[] = [];

  /** Adds a route; `url` matches exactly, or by prefix when it ends with `*`. Earlier routes win. */
  on(method: string, url: string | RegExp, handler: Handler): this {
    this.routes.push({ method, match: matcher(url), handler, count: 0 });
    return this;
  }

  /** Adds a route ahead of every route added so far. */
  onFirst(method: string, url: string | RegExp, handler: Handler): this {
    this.routes.unshift({ method, match: matcher(url), handler, count: 0 });
    return this;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const original = new Request(input, init);
    const { method, url, signal } = original;
    const headers = new Headers(original.headers);
    // Copy the body now: a Request made inside a Durable Object can't be read from the test's context.
    const body = original.body ? await original.arrayBuffer() : null;
    const copy = () => new Request(url, { method, headers, body: body?.slice(0) ?? null });
    this.calls.push({
      method,
      url,
      headers,
      get request() {
        return copy();
      },
    });
    const route = this.routes.find((r) => r.method === method && r.match(url));
    if (!route) {
      this.unmatched.push(`${method} ${url}`);
      throw new Error(`FakeNetwork: no route for ${method} ${url}`);
    }
    route.count++;
    return route.handler(
      new Request(url, { method, headers, body: body?.slice(0) ?? null, signal }),
      route.count,
    );
  };

  callsTo(method: string, prefix: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.url.startsWith(prefix));
  }
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

/** Never answers until the request is aborted, like a server that hangs. */
export const hang = (request: Request) =>
  new Promise<Response>((_, reject) => {
    request.signal.addEventListener("abort", () => reject(request.signal.reason));
  });

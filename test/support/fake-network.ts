// A route table standing in for the outside world: every outbound request must match a route,
// every call is recorded, and anything unmatched fails loudly.

export interface RecordedCall {
  method: string;
  url: string;
  headers: Headers;
  request: Request;
}

type Handler = (request: Request, call: number) => Response | Promise<Response>;

export class FakeNetwork {
  readonly calls: RecordedCall[] = [];
  readonly unmatched: string[] = [];
  private readonly routes: {
    method: string;
    match: (url: string) => boolean;
    handler: Handler;
    count: number;
  }[] = [];

  /** Adds a route; `url` matches exactly, or by prefix when it ends with `*`. */
  on(method: string, url: string | RegExp, handler: Handler): this {
    const match =
      typeof url === "string"
        ? url.endsWith("*")
          ? (u: string) => u.startsWith(url.slice(0, -1))
          : (u: string) => u === url
        : (u: string) => url.test(u);
    this.routes.push({ method, match, handler, count: 0 });
    return this;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    this.calls.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      request: request.clone(),
    });
    const route = this.routes.find((r) => r.method === request.method && r.match(request.url));
    if (!route) {
      this.unmatched.push(`${request.method} ${request.url}`);
      throw new Error(`FakeNetwork: no route for ${request.method} ${request.url}`);
    }
    route.count++;
    return route.handler(request, route.count);
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

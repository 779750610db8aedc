// Links people type (src/http/links.ts): which may be fetched, and how a fetch follows redirects,
// checking every hop, within its size limit.
import { describe, expect, it } from "vitest";
import { checkLink, fetchLink, linkFilename } from "../../src/http/links.ts";
import { FakeNetwork } from "../support/fake-network.ts";

describe("checkLink", () => {
  it.each([
    ["https://images.example.com/a.png", true],
    ["https://images.example.com:443/a.png", true],
    ["http://images.example.com/a.png", "must be an https link"],
    ["ftp://images.example.com/a.png", "must be an https link"],
    ["https://images.example.com:8443/a.png", "must use the standard https port"],
    ["https://user:pw@images.example.com/a.png", "must not carry a user name or password"],
    ["https://127.0.0.1/a.png", "must name a host, not an IP address"],
    ["https://10.0.0.1/a.png", "must name a host, not an IP address"],
    ["https://[::1]/a.png", "must name a host, not an IP address"],
    ["https://0x7f000001/a.png", "must name a host, not an IP address"],
    ["https://2130706433/a.png", "must name a host, not an IP address"],
    ["https://localhost/a.png", "must point to a public host"],
    ["https://intranet/a.png", "must point to a public host"],
    ["https://printer.local/a.png", "must point to a public host"],
    ["https://db.internal/a.png", "must point to a public host"],
    ["not a link", "is not a link"],
  ])("%s → %s", (link, expected) => {
    const checked = checkLink(link);
    expect(checked.ok ? true : checked.problem).toBe(expected);
  });

  it("exempts the allowed origins from every rule, and only them", () => {
    expect(checkLink("http://127.0.0.1:8123/a.png", ["http://127.0.0.1:8123"]).ok).toBe(true);
    expect(checkLink("http://127.0.0.1:8124/a.png", ["http://127.0.0.1:8123"]).ok).toBe(false);
  });

  it("names a linked image after its path", () => {
    expect(linkFilename("https://a.example/cats/fox%20one.png?x=1")).toBe("fox_one.png");
    expect(linkFilename("https://a.example/")).toBe("image");
  });
});

describe("fetchLink", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const redirect = (to: string) => new Response(null, { status: 302, headers: { Location: to } });

  it("follows redirects to allowed hosts, checking each, at most three", async () => {
    const network = new FakeNetwork()
      .on("GET", "https://a.example/1", () => redirect("/2"))
      .on("GET", "https://a.example/2", () => redirect("https://b.example/3"))
      .on("GET", "https://b.example/3", () => new Response(png));
    const fetched = await fetchLink("https://a.example/1", { fetch: network.fetch, maxBytes: 100 });
    expect(fetched).toMatchObject({ ok: true, bytes: png });
    const loop = new FakeNetwork().on("GET", /^https:\/\/a\.example\//, (r) => redirect(`${r.url}x`));
    expect(await fetchLink("https://a.example/", { fetch: loop.fetch, maxBytes: 100 })).toEqual({
      ok: false,
      problem: "redirects more than 3 times",
    });
    expect(loop.calls).toHaveLength(4);
  });

  it("never fetches a redirect into a refused host", async () => {
    const network = new FakeNetwork().on("GET", "https://a.example/1", () =>
      redirect("http://169.254.169.254/"),
    );
    expect(await fetchLink("https://a.example/1", { fetch: network.fetch, maxBytes: 100 })).toEqual({
      ok: false,
      problem: "redirects to a link that must be an https link",
    });
    expect(network.calls.map((c) => c.url)).toEqual(["https://a.example/1"]);
  });

  it("refuses a body over the limit, by its length or as it streams", async () => {
    const big = new Uint8Array(101);
    const declared = new FakeNetwork().on("GET", "https://a.example/big", () => new Response(big));
    expect(await fetchLink("https://a.example/big", { fetch: declared.fetch, maxBytes: 100 })).toEqual({
      ok: false,
      problem: "is too large",
    });
    const streamed = new FakeNetwork().on(
      "GET",
      "https://a.example/big",
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(big);
              controller.close();
            },
          }),
        ),
    );
    expect(await fetchLink("https://a.example/big", { fetch: streamed.fetch, maxBytes: 100 })).toMatchObject({
      ok: false,
    });
  });

  it("says what an unreachable or refusing server did", async () => {
    const network = new FakeNetwork().on(
      "GET",
      "https://a.example/404",
      () => new Response("no", { status: 404 }),
    );
    expect(await fetchLink("https://a.example/404", { fetch: network.fetch, maxBytes: 100 })).toEqual({
      ok: false,
      problem: "answered HTTP 404",
    });
    expect(await fetchLink("https://a.example/none", { fetch: network.fetch, maxBytes: 100 })).toEqual({
      ok: false,
      problem: "could not be reached",
    });
  });
});

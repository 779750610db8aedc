// Ideogram's deprecation signals (../shared/reference/ideogram-v2-4-5.md §9): the `Deprecation` and
// `Link: <…>; rel="successor-version"` headers of its answers, read by the client, reported by each run
// with its outcome, logged once per endpoint per UTC day for the owner, and listed in GET /status.
import { describe, expect, it } from "vitest";
import { endpointNotice } from "../../src/ideogram/client.ts";
import { json } from "../support/fake-network.ts";
import { createHarness, IDEOGRAM_GENERATE, ideogramResult, serveImages } from "../support/harness.ts";
import { imagine, nextInteractionId } from "../support/interactions.ts";

const SUCCESSOR = "https://developer.ideogram.ai/api-reference/images/generate/ideogram-3";

describe("an answer's notice of its endpoint's future", () => {
  it.each([
    [{ Deprecation: "@1798761600" }, { deprecation: "@1798761600" }],
    [{ Link: `<${SUCCESSOR}>; rel="successor-version"` }, { successor: SUCCESSOR }],
    [
      { Link: `<https://x.example/a>; rel="help", <${SUCCESSOR}>; rel=successor-version` },
      { successor: SUCCESSOR },
    ],
    [
      { Deprecation: "@1798761600", Link: `<${SUCCESSOR}>; rel="successor-version"` },
      { deprecation: "@1798761600", successor: SUCCESSOR },
    ],
  ])("reads %j", (headers, notice) => {
    expect(endpointNotice("/generate", new Headers(headers))).toEqual({ endpoint: "/generate", ...notice });
  });

  it.each([[{}], [{ Link: '<https://x.example/a>; rel="help"' }]])("finds none in %j", (headers) => {
    expect(endpointNotice("/generate", new Headers(headers))).toBeUndefined();
  });
});

describe("Ideogram's deprecation signals", () => {
  it("are logged once a day per endpoint and listed in GET /status", async () => {
    const h = await createHarness();
    const result = ideogramResult([{}]);
    serveImages(h.network, result);
    h.network.on("POST", IDEOGRAM_GENERATE, () =>
      json(result, 200, { Deprecation: "@1798761600", Link: `<${SUCCESSOR}>; rel="successor-version"` }),
    );
    h.network.on("PATCH", /\/messages\/@original$/, () => json({ id: "1300000000000000099" }));
    for (let i = 0; i < 3; i++) {
      await h.interact(imagine({ prompt: `a fox ${i}` }, { token: `t-${nextInteractionId()}` }));
      await h.drain();
    }
    expect(h.network.callsTo("POST", IDEOGRAM_GENERATE)).toHaveLength(3);
    expect(h.logs.filter((line) => line.includes('"ideogram_endpoint_notice"'))).toHaveLength(1);
    const status = await (await h.request("/status")).json<{ ideogram_endpoint_notices: unknown[] }>();
    expect(status.ideogram_endpoint_notices).toEqual([
      {
        endpoint: "/generate",
        deprecation: "@1798761600",
        successor: SUCCESSOR,
        first_seen: expect.any(String),
        last_seen: expect.any(String),
      },
    ]);
  });
});

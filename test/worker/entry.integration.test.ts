// The Worker as Cloudflare runs it: requests through its default export (src/index.ts), with the
// bindings wrangler.toml declares, and a job's run as a real instance of the JOB_RUNS Workflow,
// watched through the test pool's introspector. Only the network is fake.
import { introspectWorkflow } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { schedulerStub } from "../../src/bindings.ts";
import { FakeNetwork, json } from "../support/fake-network.ts";
import { fakeIdeogram, readEdit } from "../support/harness.ts";
import { imagine, originalMessageOf, ping } from "../support/interactions.ts";
import { signedHeaders, workerSigner } from "../support/signing.ts";

async function post(path: string, body: string, headers: Record<string, string>) {
  return exports.default.fetch(new Request(`https://bot.example${path}`, { method: "POST", body, headers }));
}

describe("the Worker's default export", () => {
  afterEach(async () => {
    // Let the scheduler finish what a test started before the next one stubs the network again.
    await vi.waitFor(
      async () => {
        const status = await schedulerStub(env).status();
        if (status.jobs_waiting + status.jobs_running > 0) throw new Error("still busy");
      },
      { timeout: 10_000, interval: 20 },
    );
  });

  it("answers a PING signed with the key its bindings trust, and refuses any other signature", async () => {
    const signer = await workerSigner();
    const body = JSON.stringify(ping());
    const pong = await post("/interactions", body, await signedHeaders(signer, body));
    expect(pong.status).toBe(200);
    expect(await pong.json()).toEqual({ type: 1 });
    const forged = await signedHeaders(signer, `${body} `);
    expect((await post("/interactions", body, forged)).status).toBe(401);
  });

  it("runs an /imagine as a JOB_RUNS Workflow instance that completes and delivers the images", async () => {
    const network = new FakeNetwork();
    vi.stubGlobal("fetch", network.fetch);
    vi.spyOn(console, "log").mockImplementation(() => {});
    const { bytes } = fakeIdeogram(network, [{}, {}]);
    const interaction = imagine({ prompt: "a lighthouse", count: 2 });
    network.on("PATCH", originalMessageOf(interaction), () => json({ id: "1300000000000000099" }));
    await using runs = await introspectWorkflow(env.JOB_RUNS);

    const body = JSON.stringify(interaction);
    const answer = await post("/interactions", body, await signedHeaders(await workerSigner(), body));
    expect(await answer.json()).toEqual({ type: 5 });

    const [run] = await vi.waitFor(
      async () => {
        const instances = await runs.get();
        if (instances.length === 0) throw new Error("no run yet");
        return instances;
      },
      { timeout: 10_000, interval: 20 },
    );
    await run?.waitForStatus("complete");
    const edits = network.callsTo("PATCH", originalMessageOf(interaction));
    const final = await readEdit(edits.at(-1)?.request ?? new Request("https://x"));
    expect(final.files.map((f) => f.bytes)).toEqual(bytes);
    expect(network.unmatched).toEqual([]);
  });
});

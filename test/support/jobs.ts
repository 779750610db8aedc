// Builds jobs and job dependencies for runJob tests.
import type { Config } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import type { Job } from "../../src/pipeline/job.ts";
import type { JobDeps } from "../../src/pipeline/run-job.ts";
import type { FakeClock } from "./clock.ts";
import type { FakeNetwork } from "./fake-network.ts";
import { APPLICATION_ID, INTERACTION_TOKEN, USER_ID } from "./interactions.ts";

export const TEST_CONFIG: JobDeps["config"] = {
  IDEOGRAM_API_KEY: "test-ideogram-key-0123456789",
  IDEOGRAM_API_BASE: "https://api.ideogram.ai",
  IDEOGRAM_TIMEOUT_MS: 120_000,
  DISCORD_API_BASE: "https://discord.com/api/v10",
} satisfies Partial<Config>;

export function makeJob(clock: FakeClock, overrides: Partial<Job> = {}): Job {
  return {
    kind: "generate",
    id: "1300000000000000001",
    interactionId: "1300000000000000001",
    applicationId: APPLICATION_ID,
    token: INTERACTION_TOKEN,
    request: { prompt: "a lighthouse" },
    user: { id: USER_ID, name: "Ada" },
    attachmentSizeLimit: 10 * 1024 * 1024,
    receivedAt: clock.now(),
    ...overrides,
  } as Job;
}

export function makeDeps(network: FakeNetwork, clock: FakeClock, logs: string[] = []): JobDeps {
  return {
    config: TEST_CONFIG,
    fetch: network.fetch,
    clock,
    log: createLogger([TEST_CONFIG.IDEOGRAM_API_KEY], {}, (line) => logs.push(line)),
  };
}

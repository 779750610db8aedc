// Unit and integration tests inside workerd; repository checks and end-to-end tests (the real Worker) in Node.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { isolatedConfig } from "./playground/wrangler-dev.ts";
import { WORKER_TEST_PUBLIC_KEY } from "./test/support/signing.ts";

// wrangler would otherwise say, once per test file, where it found (or missed) secrets: the tests
// set every variable themselves (below, and in the e2e helpers), so those lines mean nothing here.
process.env.WRANGLER_LOG ??= "error";

export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // Every variable the Worker reads, so none comes from a developer's .dev.vars, .env or
              // environment. Placeholders for the required secrets; most tests that verify
              // signatures pass their own key.
              bindings: isolatedConfig({
                // A test key whose private half the tests hold, to sign for the default export.
                DISCORD_PUBLIC_KEY: WORKER_TEST_PUBLIC_KEY,
                // The origin the link tests serve typed image links from, plain http on a port.
                PROMPT_URL_ALLOW_ORIGINS: "http://127.0.0.1:8123",
                DISCORD_APPLICATION_ID: "1234567890123456789",
                IDEOGRAM_API_KEY: "test-ideogram-key-0123456789",
              }),
            },
          }),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          unstubGlobals: true,
          restoreMocks: true,
        },
      },
      {
        test: { name: "repo", include: ["test/repo/**/*.test.ts"], environment: "node" },
      },
      {
        test: { name: "playground", include: ["test/playground/**/*.test.ts"], environment: "node" },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

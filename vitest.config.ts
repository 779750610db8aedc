// Unit and integration tests inside workerd; repository checks and end-to-end tests (the real Worker) in Node.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // Placeholders for the required secrets; tests that verify signatures pass their own key.
              bindings: {
                DISCORD_PUBLIC_KEY: "0".repeat(64),
                DISCORD_APPLICATION_ID: "1234567890123456789",
                IDEOGRAM_API_KEY: "test-ideogram-key-0123456789",
              },
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

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      // Lambda runs Node 22; the SDK's warning about the local Node 20 is noise in test output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // Keep test output readable; tests that inspect logs raise the level themselves.
      POWERTOOLS_LOG_LEVEL: "WARN",
    },
  },
});

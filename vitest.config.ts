import { defineConfig } from "vitest/config";

/**
 * Two groups, run one after the other: everything else in parallel, then the tests whose vendor
 * counts on arrival (spacing at the simulator, windows counted as requests land), one file at a
 * time, so another file's CPU load cannot skew their timings.
 */
const TIMING = ["test/pacing.test.ts", "test/docplanner/budgets.test.ts"];

export default defineConfig({
  test: {
    pool: "forks",
    reporters: ["default", "./test/support/summary-reporter.ts"],
    // Log lines are captured (see the setup file) and shown only for what fails.
    setupFiles: ["./test/support/log-capture.ts"],
    silent: "passed-only",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      // Lambda runs Node 24; the SDK's warning about the local Node 20 is noise in test output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // Warnings and errors are what a failing test's captured logs need; tests that inspect
      // logs raise the level themselves.
      POWERTOOLS_LOG_LEVEL: "WARN",
    },
    projects: [
      {
        extends: true,
        test: { name: "main", include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts"], exclude: TIMING, sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: "timing", include: TIMING, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});

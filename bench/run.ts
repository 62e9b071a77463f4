import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run bench`: figures that tests must not time. Writes bench/results.json (merging with what
 * other benchmarks wrote there).
 *
 * - handler overhead: the same MocDoc read, sent straight to the simulator and sent through our
 *   local API (authorizer, handler, connection lookup, validation, pacing reservation in DynamoDB,
 *   signing, retry wrapper) — p50/p99 of each and of the difference.
 * - pacing on arrival (pacing.ts): 50 concurrent callers in two processes against one paced
 *   account, with and without a delaying proxy: achieved ÷ allowed rate, violations, vendor 429s.
 * - functions (bundles.ts): per Lambda and per way of bundling the AWS SDK, bundle size, import
 *   and first-invocation time in a fresh process, and the medians side by side.
 * - mocdoc backfill (backfill.ts): a 30-day sync's achieved rate against the account's.
 * - docplanner (docplanner.ts): sustained reads and writes at scaled window budgets (achieved ÷
 *   allowed, 429s), and notifications pulled, stored and published per second.
 */
process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const { mocdocAuthHeaders, httpDate } = await import("@switchboard/core/signers/mocdoc");
const { addMocDocConnection, apiClient, startTestStack } = await import("../test/support/local");
const { measureFunctions } = await import("./bundles");
const { measureBackfill } = await import("./backfill");
const { measurePacing } = await import("./pacing");
const { measureDocplanner } = await import("./docplanner");

const here = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(here, "results.json");

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number) => Math.round(n * 100) / 100;

async function timed(n: number, call: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

async function measurePlatform() {
  // Connection records cached as in production (30 s), unlike the tests, which change them.
  const stack = await startTestStack({ env: { READ_WAIT_BUDGET_MS: "60000", CONNECTION_CACHE_MS: "30000" } });
  try {
    // Overhead: pacing at 1 ms so it never waits; only the machinery is measured.
    const fast = await addMocDocConnection(stack, { connectionId: "bench-fast", tenantId: "bench", minIntervalMs: 1 });
    const api = apiClient(stack, await stack.token("bench"));
    const direct = async () => {
      const path = `/api/locationlist/${fast.account.entityKey}`;
      const headers = mocdocAuthHeaders({ method: "GET", path, contentType: "application/x-www-form-urlencoded", date: httpDate(new Date()), ...fast.account });
      const res = await fetch(`${stack.simulators.mocdoc.url}${path}`, { headers });
      if (res.status !== 200) throw new Error(`direct call failed: ${res.status}`);
      await res.text();
    };
    const viaApi = async () => {
      const res = await api("GET", "/v1/mocdoc/bench-fast/locations");
      if (res.status !== 200) throw new Error(`API call failed: ${res.status}`);
    };
    const N = 300;
    await timed(30, direct);
    await timed(30, viaApi);
    const directMs = await timed(N, direct);
    const apiMs = await timed(N, viaApi);
    const handlerOverhead = {
      samples: N,
      directMs: { p50: round(percentile(directMs, 50)), p99: round(percentile(directMs, 99)) },
      viaApiMs: { p50: round(percentile(apiMs, 50)), p99: round(percentile(apiMs, 99)) },
      overheadMs: {
        p50: round(percentile(apiMs, 50) - percentile(directMs, 50)),
        p99: round(percentile(apiMs, 99) - percentile(directMs, 99)),
      },
    };
    console.log("handler overhead", handlerOverhead);

    return { handlerOverhead };
  } finally {
    await stack.cleanup();
  }
}

// One local stack at a time: each measurement starts and stops its own.
const platform = await measurePlatform();
const pacing = await measurePacing();
console.log("pacing", pacing);
const docplanner = await measureDocplanner();
console.log("docplanner", docplanner);
const functions = await measureFunctions();
const mocdocBackfill = await measureBackfill();
console.log("mocdoc backfill", mocdocBackfill);
let previous: Record<string, unknown> = {};
try {
  previous = JSON.parse(await readFile(resultsFile, "utf8")) as Record<string, unknown>;
} catch {
  previous = {};
}
const results = { ...previous, measuredAt: new Date().toISOString(), node: process.version, platform: { ...platform, pacing }, functions, mocdocBackfill, docplanner };
await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${resultsFile}`);

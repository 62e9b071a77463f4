import type { RecordedRequest } from "@switchboard/simulators/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMocDocConnection, apiClient, appointment, connectMocDoc, mocdocAccount, startTestStack } from "./support/local";
import { arrivalGaps, callFromAnotherProcess, startVendorProcess, type VendorProcess } from "./support/processes";

/**
 * One budget per vendor account, shared by every caller, path and container, held where the
 * vendor measures it: on arrival. Arrival times come from the simulator in its own process (see
 * support/vendor-process-main.ts), so this process's load cannot skew them; the assertion is the
 * vendor's own rule — no two arrivals closer than the interval — with no tolerance: the margin
 * is ours to keep, and the simulator counts a 429 where we fail to.
 */
const INTERVAL = 250;
/** The proxy's delays: a connection's first request waits as if for its handshake; others jitter. */
const HANDSHAKE_MS = 150;
const JITTER_MS = 40;

const accounts = {
  direct: mocdocAccount("direct", { minIntervalMs: INTERVAL }),
  mixed: mocdocAccount("mixed", { minIntervalMs: INTERVAL }),
  proxied: mocdocAccount("proxied", { minIntervalMs: INTERVAL }),
};

let stack: Awaited<ReturnType<typeof startTestStack>>;
let vendor: VendorProcess;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack({ env: { READ_WAIT_BUDGET_MS: "30000", WRITE_WAIT_BUDGET_MS: "30000" } });
  vendor = await startVendorProcess({ accounts: Object.values(accounts), handshakeMs: HANDSHAKE_MS, jitterMs: JITTER_MS });
  await connectMocDoc(stack, { connectionId: "direct", tenantId: "t1" }, accounts.direct, vendor.simulatorUrl);
  await connectMocDoc(stack, { connectionId: "mixed", tenantId: "t1" }, accounts.mixed, vendor.simulatorUrl);
  await connectMocDoc(stack, { connectionId: "proxied", tenantId: "t1" }, accounts.proxied, vendor.proxyUrl);
  api = apiClient(stack, await stack.token("t1"));
});
afterAll(async () => {
  await vendor?.stop();
  await stack?.cleanup();
});

async function arrivalsAt(entityKey: string): Promise<RecordedRequest[]> {
  return (await vendor.requests()).filter((r) => r.path.endsWith(`/${entityKey}`));
}

describe("pacing, measured on arrival at the vendor", () => {
  it("serves 20 concurrent callers with no vendor 429 and arrivals spaced by the interval", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => api("GET", "/v1/mocdoc/direct/locations")));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const arrivals = await arrivalsAt(accounts.direct.entityKey);
    expect(arrivals).toHaveLength(20);
    expect(arrivals.filter((r) => r.status === 429)).toHaveLength(0);
    expect(Math.min(...arrivalGaps(arrivals))).toBeGreaterThanOrEqual(INTERVAL);
  });

  it("shares the budget between reads and writes of the same account", async () => {
    const calls = Array.from({ length: 10 }, (_, i) =>
      i % 2 ? api("GET", "/v1/mocdoc/mixed/locations") : api("POST", "/v1/mocdoc/mixed/appointments", appointment({ start: `1${i}:00` })),
    );
    const results = await Promise.all(calls);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const arrivals = await arrivalsAt(accounts.mixed.entityKey);
    expect(arrivals).toHaveLength(10);
    expect(arrivals.filter((r) => r.status === 429)).toHaveLength(0);
    expect(Math.min(...arrivalGaps(arrivals))).toBeGreaterThanOrEqual(INTERVAL);
  });

  it("holds the interval on arrival through handshake delays and jitter, across concurrent callers and three containers", async () => {
    const fromContainer = () =>
      callFromAnotherProcess({ connectionId: "proxied", operationId: "mocdoc.listLocations", calls: 10, concurrency: 5, budgetMs: 30_000 });
    const [viaApi, second, third] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, () => api("GET", "/v1/mocdoc/proxied/locations"))),
      fromContainer(),
      // A container that starts while the others are busy: its first request pays its handshake mid-run.
      new Promise<string[]>((resolve) => setTimeout(() => resolve(fromContainer()), 2000)),
    ]);
    expect(viaApi.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect([...second, ...third]).toEqual(Array(20).fill("ok"));
    const arrivals = await arrivalsAt(accounts.proxied.entityKey);
    expect(arrivals.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([]);
    expect(arrivals).toHaveLength(40);
    expect(Math.min(...arrivalGaps(arrivals))).toBeGreaterThanOrEqual(INTERVAL);
    // Every container opened its own connection, and each first request was held back by the proxy.
    expect(await vendor.proxyConnections()).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("answers a burst of 20 reads at MocDoc's real 3 s pacing: no vendor 429, ours with Retry-After past the budget", async () => {
    const strict = await startTestStack({ env: { READ_WAIT_BUDGET_MS: "10000" } });
    try {
      const conn = await addMocDocConnection(strict, { connectionId: "strict", tenantId: "t1", minIntervalMs: 3000 });
      const strictApi = apiClient(strict, await strict.token("t1"));
      const vendorCalls = () => strict.simulators.mocdoc.requests.filter((r) => r.path.endsWith(conn.account.entityKey)).length;
      const results = await Promise.all(Array.from({ length: 20 }, () => strictApi("GET", "/v1/mocdoc/strict/locations")));
      const admitted = results.filter((r) => r.status === 200).length;
      expect(results.every((r) => r.status === 200 || r.status === 429)).toBe(true);
      // The 10 s budget admits the calls whose slot starts within 10 s of their arrival: 0, 3.03,
      // 6.06 and 9.09 s when the burst arrives together. On a loaded machine the 20 requests reach
      // the pacer spread over up to a second or so, which moves the cut by one either way.
      expect(admitted).toBeGreaterThanOrEqual(3);
      expect(admitted).toBeLessThanOrEqual(5);
      const limited = results.find((r) => r.status === 429)!;
      expect(limited.headers.get("content-type")).toBe("application/problem+json");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(vendorCalls()).toBe(admitted);
      expect(strict.simulators.mocdoc.stats().rateLimited).toBe(0);
    } finally {
      await strict.cleanup();
    }
  }, 30_000);
});

import { apiClient, connectMocDoc, mocdocAccount, startTestStack } from "../test/support/local";
import { arrivalGaps, callFromAnotherProcess, startVendorProcess } from "../test/support/processes";

/**
 * Pacing on arrival: 50 concurrent callers (40 through the local API, 10 in a second process
 * sharing the table) against one strictly paced MocDoc account, once straight to the simulator
 * and once through the delaying proxy (150 ms on each new connection's first request, 0–40 ms on
 * the others). Arrivals are recorded by the simulator in its own process. Efficiency is the
 * achieved arrival rate ÷ the allowed one; violations are arrival gaps under the interval.
 */
const INTERVAL_MS = 500;
const API_CALLERS = 40;
const PROCESS_CALLERS = 10;
const CALLS_PER_CALLER = 2;

export async function measurePacing() {
  const direct = mocdocAccount("bench-direct", { minIntervalMs: INTERVAL_MS });
  const proxied = mocdocAccount("bench-proxied", { minIntervalMs: INTERVAL_MS });
  const vendor = await startVendorProcess({ accounts: [direct, proxied], handshakeMs: 150, jitterMs: 40 });
  const stack = await startTestStack({ env: { READ_WAIT_BUDGET_MS: "120000", CONNECTION_CACHE_MS: "30000" } });
  try {
    await connectMocDoc(stack, { connectionId: "bench-direct", tenantId: "bench" }, direct, vendor.simulatorUrl);
    await connectMocDoc(stack, { connectionId: "bench-proxied", tenantId: "bench" }, proxied, vendor.proxyUrl);
    const api = apiClient(stack, await stack.token("bench"));
    const run = async (connectionId: string, entityKey: string) => {
      const statuses: number[] = [];
      const [, fromProcess] = await Promise.all([
        Promise.all(
          Array.from({ length: API_CALLERS }, async () => {
            for (let i = 0; i < CALLS_PER_CALLER; i++) statuses.push((await api("GET", `/v1/mocdoc/${connectionId}/locations`)).status);
          }),
        ),
        callFromAnotherProcess({ connectionId, operationId: "mocdoc.listLocations", calls: PROCESS_CALLERS * CALLS_PER_CALLER, concurrency: PROCESS_CALLERS, budgetMs: 120_000 }),
      ]);
      const requests = (await vendor.requests()).filter((r) => r.path.endsWith(`/${entityKey}`));
      const accepted = requests.filter((r) => r.status === 200).map((r) => r.receivedAt).sort((a, b) => a - b);
      const gaps = arrivalGaps(requests);
      const achievedPerSecond = ((accepted.length - 1) / (accepted.at(-1)! - accepted[0]!)) * 1000;
      return {
        calls: statuses.length + fromProcess.length,
        succeeded: statuses.filter((s) => s === 200).length + fromProcess.filter((o) => o === "ok").length,
        achievedPerSecond: Math.round(achievedPerSecond * 1000) / 1000,
        efficiency: Math.round((achievedPerSecond / (1000 / INTERVAL_MS)) * 1000) / 1000,
        violations: gaps.filter((g) => g < INTERVAL_MS).length,
        vendor429s: requests.filter((r) => r.status === 429).length,
        minGapMs: Math.min(...gaps),
        medianGapMs: gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)],
        p90GapMs: gaps[Math.floor(gaps.length * 0.9)],
        maxGapMs: gaps.at(-1),
      };
    };
    const withoutProxy = await run("bench-direct", direct.entityKey);
    const withProxy = await run("bench-proxied", proxied.entityKey);
    return {
      intervalMs: INTERVAL_MS,
      allowedPerSecond: 1000 / INTERVAL_MS,
      callers: API_CALLERS + PROCESS_CALLERS,
      containers: 2,
      proxy: { handshakeMs: 150, jitterMs: "0-40", connections: await vendor.proxyConnections() },
      withoutProxy,
      withProxy,
    };
  } finally {
    await stack.cleanup();
    await vendor.stop();
  }
}

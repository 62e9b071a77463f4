import { addMocDocConnection, apiClient, eventually, startTestStack } from "../test/support/local";

/**
 * A 30-day backfill of three MocDoc datasets against the simulator at a scaled-down interval:
 * how close the sync runs to the account's allowed rate, and whether it ever trips the vendor's
 * rate limit. Rate = vendor calls ÷ time from the first to the last call.
 */
export async function measureBackfill(intervalMs = 250): Promise<Record<string, unknown>> {
  const stack = await startTestStack({ queueVisibilitySeconds: 30 });
  try {
    const conn = await addMocDocConnection(stack, { connectionId: "bench-sync", tenantId: "bench", minIntervalMs: intervalMs });
    const current = (await stack.deps.connections.get("bench-sync"))!;
    await stack.deps.connections.put({ ...current, config: { ...current.config, syncLocations: "location1,location2", labWindowMinutes: "720" } });
    const api = apiClient(stack, await stack.token("bench"));
    const datasets = ["opVisits", "bills", "labOrders"];
    const limitedBefore = stack.simulators.mocdoc.stats().rateLimited;
    const started = Date.now();
    const res = await api("POST", "/v1/mocdoc/bench-sync/sync", { from: "2026-10-01", to: "2026-10-30", datasets });
    if (res.status !== 202) throw new Error(`backfill refused: ${res.status} ${res.text}`);
    const run = await eventually(async () => {
      const r = await api("GET", res.headers.get("location")!);
      return r.json.status === "completed" ? r.json : undefined;
    }, 600_000, 250);
    const elapsedMs = Date.now() - started;
    const calls = stack.simulators.mocdoc.requests
      .filter((r) => r.headers.authorization?.toString().includes(conn.account.accessKey) && r.status === 200)
      .map((r) => r.receivedAt)
      .sort((a, b) => a - b);
    const achievedPerSecond = ((calls.length - 1) / (calls.at(-1)! - calls[0]!)) * 1000;
    const allowedPerSecond = 1000 / intervalMs;
    return {
      days: 30,
      datasets,
      units: run.total,
      vendorCalls: calls.length,
      intervalMs,
      elapsedMs,
      achievedPerSecond: Math.round(achievedPerSecond * 100) / 100,
      allowedPerSecond,
      efficiency: Math.round((achievedPerSecond / allowedPerSecond) * 1000) / 1000,
      vendor429s: stack.simulators.mocdoc.stats().rateLimited - limitedBefore,
      projectedAtThreeSecondsMinutes: Math.round((calls.length * 3060) / 60_000),
    };
  } finally {
    await stack.cleanup();
  }
}

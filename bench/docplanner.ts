import { addDocplannerConnection, docplannerOp, routeFor } from "../test/support/docplanner";
import { apiClient, eventually, startTestStack } from "../test/support/local";

/**
 * Docplanner's budgets and notifications on the local stack, against its simulator with scaled
 * windows: sustained reads at a per-window read budget and writes at a per-window write budget
 * (50 concurrent callers each), achieved ÷ allowed and the simulator's 429s; and how many
 * notifications one connection's puller takes in (stored, archived, published) per second.
 */
const READS = { limit: 200, windowMs: 5000, callers: 50, perCaller: 12 };
const WRITES = { limit: 40, windowMs: 5000, callers: 50, perCaller: 3 };
const NOTIFICATIONS = 1000;

export async function measureDocplanner() {
  const stack = await startTestStack({ env: { READ_WAIT_BUDGET_MS: "60000", WRITE_WAIT_BUDGET_MS: "60000", CONNECTION_CACHE_MS: "30000" } });
  try {
    const api = apiClient(stack, await stack.token("bench"));
    const sim = stack.simulators.docplanner;
    const rateOf = (arrivals: number[]) => {
      const sorted = arrivals.sort((a, b) => a - b);
      return ((sorted.length - 1) / (sorted.at(-1)! - sorted[0]!)) * 1000;
    };

    await addDocplannerConnection(stack, { connectionId: "bench-reads", tenantId: "bench", account: { readsPerWindow: READS.limit, readWindowMs: READS.windowMs } });
    const limitedBefore = sim.stats().rateLimited;
    const readStatuses: number[] = [];
    await Promise.all(
      Array.from({ length: READS.callers }, async () => {
        for (let i = 0; i < READS.perCaller; i++) readStatuses.push((await api("GET", "/v1/docplanner/bench-reads/facilities")).status);
      }),
    );
    const readArrivals = sim.requests.filter((r) => r.path.endsWith("/facilities") && r.status === 200 && String(r.headers.authorization).length > 0).map((r) => r.receivedAt);
    const readsAllowed = (READS.limit / READS.windowMs) * 1000;
    const reads = {
      ...READS,
      calls: readStatuses.length,
      succeeded: readStatuses.filter((s) => s === 200).length,
      achievedPerSecond: Math.round(rateOf(readArrivals.slice(-readStatuses.length)) * 100) / 100,
      allowedPerSecond: readsAllowed,
      vendor429s: sim.stats().rateLimited - limitedBefore,
    };
    const readEfficiency = Math.round((reads.achievedPerSecond / readsAllowed) * 1000) / 1000;

    const writer = await addDocplannerConnection(stack, { connectionId: "bench-writes", tenantId: "bench", account: { writesPerWindow: WRITES.limit, writeWindowMs: WRITES.windowMs } });
    const where = writer.ids[0]!;
    const update = routeFor(docplannerOp("updateAddress"), "bench-writes", { facility_id: where.facilityId, doctor_id: where.doctorId, address_id: where.addressId, body: { insurance_support: "private" } });
    const writeLimitedBefore = sim.stats().rateLimited;
    const writeStatuses: number[] = [];
    const jobs: string[] = [];
    await Promise.all(
      Array.from({ length: WRITES.callers }, async () => {
        for (let i = 0; i < WRITES.perCaller; i++) {
          const res = await api(update.method, update.path, update.body);
          writeStatuses.push(res.status);
          if (res.status === 202) jobs.push(res.json.jobId as string);
        }
      }),
    );
    for (const jobId of jobs) await eventually(async () => ((await stack.deps.jobs.get(jobId))?.status === "succeeded" ? true : undefined), 120_000);
    const writeArrivals = sim.requests.filter((r) => r.method === "PATCH" && r.path.includes(`/addresses/${where.addressId}`) && r.status === 200).map((r) => r.receivedAt);
    const writesAllowed = (WRITES.limit / WRITES.windowMs) * 1000;
    const writes = {
      ...WRITES,
      calls: writeStatuses.length,
      answeredAtOnce: writeStatuses.filter((s) => s === 200).length,
      asJobs: jobs.length,
      achievedPerSecond: Math.round(rateOf(writeArrivals) * 100) / 100,
      allowedPerSecond: writesAllowed,
      vendor429s: sim.stats().rateLimited - writeLimitedBefore,
    };

    const puller = await addDocplannerConnection(stack, { connectionId: "bench-notifications", tenantId: "bench", account: { readsPerWindow: 100_000 } });
    for (let i = 0; i < NOTIFICATIONS; i++) await sim.notify(puller.account.clientId, "break-created", { break: { id: `bench-${i}` } });
    const started = performance.now();
    await stack.runSchedule("docplanner.notifications");
    const seconds = (performance.now() - started) / 1000;
    const published = stack.bus.history.filter((e) => e.detail.connectionId === "bench-notifications").length;
    const notifications = { queued: NOTIFICATIONS, published, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round(published / seconds) };

    return {
      reads: { ...reads, efficiency: readEfficiency },
      writes: { ...writes, efficiency: Math.round((writes.achievedPerSecond / writesAllowed) * 1000) / 1000 },
      notifications,
    };
  } finally {
    await stack.cleanup();
  }
}

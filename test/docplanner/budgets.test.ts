import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDocplannerConnection, docplannerOp, routeFor } from "../support/docplanner";
import { apiClient, eventually, startTestStack } from "../support/local";

/**
 * Docplanner's two budgets and its own rate-limit headers on the local stack. The simulator counts
 * fixed 2 s windows on arrival in this process, so a stalled event loop bunches arrivals; the file
 * runs in the timing project (vitest.config.ts), alone, where other files' load cannot stall it.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: ReturnType<typeof apiClient>;
const sim = () => stack.simulators.docplanner;

beforeAll(async () => {
  stack = await startTestStack({ env: { READ_WAIT_BUDGET_MS: "15000", WRITE_WAIT_BUDGET_MS: "15000" } });
  api = apiClient(stack, await stack.token("t1"));
});
afterAll(() => stack.cleanup());

const facilities = (connectionId: string) => api("GET", `/v1/docplanner/${connectionId}/facilities`);

describe("Docplanner budgets", () => {
  it("holds 50 concurrent readers under the read budget: no 429 from Docplanner", async () => {
    const { account } = await addDocplannerConnection(stack, { connectionId: "dp-reads", tenantId: "t1", account: { readsPerWindow: 40, readWindowMs: 2000 } });
    const results = await Promise.all(Array.from({ length: 50 }, () => facilities("dp-reads")));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const token = (r: { headers: Record<string, unknown> }) => String(r.headers.authorization ?? "");
    const ours = new Set(sim().requests.filter((r) => r.status === 200 && r.path.endsWith("/facilities")).map(token));
    const limited = sim().requests.filter((r) => r.status === 429 && ours.has(token(r)));
    expect(limited).toHaveLength(0);
    expect(account.readsPerWindow).toBe(40);
  }, 30_000);

  it("holds 50 concurrent writers under the write budget: no 429 from Docplanner, late ones as jobs that complete", async () => {
    const { ids } = await addDocplannerConnection(stack, { connectionId: "dp-writes", tenantId: "t1", account: { writesPerWindow: 20, writeWindowMs: 2000 } });
    const where = ids[0]!;
    const route = routeFor(docplannerOp("updateAddress"), "dp-writes", { facility_id: where.facilityId, doctor_id: where.doctorId, address_id: where.addressId, body: { insurance_support: "private" } });
    const limitedBefore = sim().stats().rateLimited;
    const results = await Promise.all(Array.from({ length: 50 }, () => api(route.method, route.path, route.body)));
    expect(results.every((r) => r.status === 200 || r.status === 202)).toBe(true);
    const jobs = results.filter((r) => r.status === 202).map((r) => r.json.jobId as string);
    for (const jobId of jobs) await eventually(async () => ((await stack.deps.jobs.get(jobId))?.status === "succeeded" ? true : undefined), 30_000);
    expect(sim().stats().rateLimited - limitedBefore).toBe(0);
  }, 60_000);

  it("holds the budget when Docplanner reports none remaining (another client on the same account) until its reset", async () => {
    // Our config allows far more than the account: only the vendor's headers can hold us.
    await addDocplannerConnection(stack, { connectionId: "dp-shared", tenantId: "t1", account: { readsPerWindow: 3, readWindowMs: 2000 }, config: { readsPerHour: 1000 } });
    const limitedBefore = sim().stats().rateLimited;
    for (let i = 0; i < 7; i++) expect((await facilities("dp-shared")).status).toBe(200);
    expect(sim().stats().rateLimited - limitedBefore).toBe(0);
  }, 30_000);

  it("sends as configured when the account's limiter is off (no rate-limit headers)", async () => {
    await addDocplannerConnection(stack, { connectionId: "dp-unlimited", tenantId: "t1", account: { rateLimitHeaders: false } });
    const results = await Promise.all(Array.from({ length: 10 }, () => facilities("dp-unlimited")));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
  });
});


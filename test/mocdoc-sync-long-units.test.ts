import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { resumeSyncRun } from "@switchboard/core/sync/engine";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { addMocDocConnection, apiClient, eventually, startTestStack } from "./support/local";

/**
 * A sync unit with more calls than one consumer invocation has time for (many locations or time
 * windows at MocDoc's pacing) keeps its progress and carries on in the next delivery: no call is made twice
 * and the day is archived whole. Timings are scaled: a 3 s consumer that keeps 0.5 s for the end
 * of a unit, against calls paced 200 ms apart.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack({ consumerTimeoutMs: 3000, env: { SYNC_UNIT_RESERVE_MS: "500" } });
  api = apiClient(stack, await stack.token("t1"));
});
afterAll(() => stack.cleanup());

it("carries a unit too long for one invocation over to the next, making each call once", async () => {
  const conn = await addMocDocConnection(stack, { connectionId: "chain", tenantId: "t1", minIntervalMs: 200 });
  const current = (await stack.deps.connections.get("chain"))!;
  await stack.deps.connections.put({ ...current, config: { ...current.config, labWindowMinutes: "120" } });
  const windows = Array.from({ length: 12 }, (_, i) => `${String(i * 2).padStart(2, "0")}:00`);
  const put = vi.spyOn(stack.deps.archive, "put");

  const res = await api("POST", "/v1/mocdoc/chain/sync", { from: "2026-06-01", to: "2026-06-01", datasets: ["labOrders"] });
  expect(res.status).toBe(202);
  const run = await eventually(async () => {
    const r = await api("GET", res.headers.get("location")!);
    return r.json.status === "completed" || r.json.status === "stalled" ? r.json : undefined;
  }, 30_000);
  const puts = put.mock.calls.map(([key, body]) => ({ key, body }));
  put.mockRestore();

  expect(run).toMatchObject({ status: "completed", completed: 1, epoch: 0 });
  const progressKey = `partial/mocdoc/chain/${run.runId as string}/0.json`;
  const saved = puts.filter((p) => p.key === progressKey).map((p) => (JSON.parse(p.body) as unknown[]).length);
  expect(saved.length).toBeGreaterThan(0);
  expect(saved.every((n) => n > 0 && n < windows.length)).toBe(true);

  const day = JSON.parse(await readFile(join(stack.paths.root, "archive/raw/mocdoc/chain/labOrders/2026-06-01.json"), "utf8")) as { responses: { input: { starttime: string } }[] };
  expect(day.responses.map((r) => r.input.starttime)).toEqual(windows);
  const calls = stack.simulators.mocdoc.requests.filter((r) => r.path === `/api/orderlist/${conn.account.entityKey}`);
  expect(calls).toHaveLength(windows.length);
  expect(stack.simulators.mocdoc.stats().rateLimited).toBe(0);
  await expect(stat(join(stack.paths.root, "archive", progressKey))).rejects.toThrow(/ENOENT/);
});

it("stalls a unit that needs more deliveries than the queue allows, and a resume finishes it from its progress", async () => {
  // At 1 s pacing the 3 s consumer makes one or two calls per delivery: 12 windows need more than 5.
  const conn = await addMocDocConnection(stack, { connectionId: "slow", tenantId: "t1", minIntervalMs: 1000 });
  const current = (await stack.deps.connections.get("slow"))!;
  await stack.deps.connections.put({ ...current, config: { ...current.config, labWindowMinutes: "120" } });
  const res = await api("POST", "/v1/mocdoc/slow/sync", { from: "2026-06-02", to: "2026-06-02", datasets: ["labOrders"] });
  const runPath = res.headers.get("location")!;
  const stalled = await eventually(async () => {
    const r = await api("GET", runPath);
    return r.json.status === "stalled" ? r.json : undefined;
  }, 30_000);
  expect(stalled.reason).toMatch(/^unit 0 \(labOrders 2026-06-02\) did not finish in 5 invocations \(\d+ of 12 calls done/);
  const callsBefore = stack.simulators.mocdoc.requests.filter((r) => r.path === `/api/orderlist/${conn.account.entityKey}`).length;
  expect(callsBefore).toBeGreaterThanOrEqual(1);
  expect(callsBefore).toBeLessThan(12);

  // Each resume carries on from the saved progress, so a few of them always finish the unit.
  let resumes = 0;
  const done = await eventually(async () => {
    const r = await api("GET", runPath);
    if (r.json.status === "stalled" && resumes < 5) {
      resumes++;
      await resumeSyncRun(stack.deps, stalled.runId as string, "resume-test");
    }
    return r.json.status === "completed" ? r.json : undefined;
  }, 60_000);
  expect(done).toMatchObject({ completed: 1, epoch: resumes });
  expect(stack.simulators.mocdoc.requests.filter((r) => r.path === `/api/orderlist/${conn.account.entityKey}`)).toHaveLength(12);
  expect(stack.simulators.mocdoc.stats().rateLimited).toBe(0);
}, 120_000);

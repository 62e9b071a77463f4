import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { BusEvent } from "@switchboard/core/events";
import { redriveDeadLetters } from "@switchboard/core/dlq";
import { addDays, todayIn } from "@switchboard/core/sync/days";
import { recordsOf } from "@switchboard/core/sync/records";
import { dayEntries } from "@switchboard/simulators/mocdoc/data";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addMocDocConnection, apiClient, eventually, startTestStack } from "./support/local";

/**
 * MocDoc's day-by-day sync: backfill over HTTP, archive per day, one event per record with a
 * stable id, checkpoints, crash-and-resume, re-running a finished day, and the daily schedule.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack, await stack.token("t1"));
});
afterAll(() => stack.cleanup());

async function connection(id: string, config: Record<string, string> = {}, windowEnd?: "inclusive" | "exclusive") {
  const conn = await addMocDocConnection(stack, { connectionId: id, tenantId: "t1", minIntervalMs: 20, windowEnd });
  const current = (await stack.deps.connections.get(id))!;
  await stack.deps.connections.put({ ...current, config: { ...current.config, syncLocations: "location1,location2", labWindowMinutes: "720", ...config } });
  return conn;
}

async function backfill(connectionId: string, body: Record<string, unknown>) {
  const res = await api("POST", `/v1/mocdoc/${connectionId}/sync`, body);
  expect(res.status).toBe(202);
  return eventually(async () => {
    const run = await api("GET", res.headers.get("location")!);
    return run.json.status === "completed" ? run.json : undefined;
  }, 60_000);
}

const recordEvents = (connectionId: string, dataset: string, day?: string) =>
  stack.bus.history.filter((e) => e["detail-type"] === `mocdoc.${dataset}.record` && e.detail.connectionId === connectionId && (!day || e.detail.day === day));

async function archived(connectionId: string, dataset: string, day: string) {
  const file = join(stack.paths.root, "archive/raw/mocdoc", connectionId, dataset, `${day}.json`);
  return JSON.parse(await readFile(file, "utf8")) as { responses: { input: Record<string, string>; body: unknown }[] };
}

describe("MocDoc backfill", () => {
  it("fetches every day of every dataset, archives it, and publishes one event per record", async () => {
    const conn = await connection("sync-a");
    const run = await backfill("sync-a", { from: "2026-11-01", to: "2026-11-03", datasets: ["opVisits", "labOrders"] });
    expect(run).toMatchObject({ total: 6, completed: 6, status: "completed", locations: ["location1", "location2"] });

    for (const day of ["2026-11-01", "2026-11-02", "2026-11-03"]) {
      const visits = await archived("sync-a", "opVisits", day);
      expect(visits.responses.map((r) => r.input)).toEqual([
        { date: day.replaceAll("-", ""), entitylocation: "location1" },
        { date: day.replaceAll("-", ""), entitylocation: "location2" },
      ]);
      const records = visits.responses.flatMap((r) => recordsOf(r.body));
      expect(recordEvents("sync-a", "opVisits", day).map((e) => e.detail.record)).toEqual(records);
      const labs = await archived("sync-a", "labOrders", day);
      expect(labs.responses.map((r) => [r.input.starttime, r.input.endtime])).toEqual([["00:00", "11:59"], ["12:00", "23:59"]]);
    }
    const mode = (await stat(join(stack.paths.root, "archive/raw/mocdoc/sync-a/opVisits/2026-11-01.json"))).mode & 0o777;
    expect(mode).toBe(0o600);
    // A backfill does not move the daily sync's checkpoint.
    expect(await stack.deps.syncRuns.checkpoint("sync-a", "opVisits")).toBeUndefined();
    expect(stack.simulators.mocdoc.stats().rateLimited).toBe(0);
    expect(stack.simulators.mocdoc.requests.filter((r) => r.headers.authorization?.toString().includes(conn.account.accessKey)).length).toBe(12);
  });

  it.each(["inclusive", "exclusive"] as const)("covers every lab order of the day when the vendor reads endtime as %s", async (reading) => {
    const conn = await connection(`sync-w-${reading}`, { labWindowMinutes: "360" }, reading);
    const days = ["2026-08-01", "2026-08-02", "2026-08-03"];
    await backfill(conn.connectionId, { from: days[0], to: days.at(-1), datasets: ["labOrders"] });
    for (const day of days) {
      const truth = dayEntries(conn.account.entityKey, "labOrders", day.replaceAll("-", "")).map((e) => String(e.record.orderkey));
      const fetched = (await archived(conn.connectionId, "labOrders", day)).responses.flatMap((r) => recordsOf(r.body)).map((o) => String((o as { orderkey: string }).orderkey));
      expect(fetched.sort()).toEqual(truth.sort());
      const windows = (await archived(conn.connectionId, "labOrders", day)).responses.map((r) => r.input.endtime);
      expect(windows.at(-1)).toBe(reading === "inclusive" ? "23:59" : "24:00");
    }
  });

  it("re-running a finished day publishes the same record ids", async () => {
    await connection("sync-b");
    await backfill("sync-b", { from: "2026-10-10", to: "2026-10-10", datasets: ["bills"] });
    const first = recordEvents("sync-b", "bills").map((e) => e.detail.recordId);
    await backfill("sync-b", { from: "2026-10-10", to: "2026-10-10", datasets: ["bills"] });
    const all = recordEvents("sync-b", "bills").map((e) => e.detail.recordId);
    expect(all).toHaveLength(first.length * 2);
    expect(new Set(all)).toEqual(new Set(first));
  });

  it("resumes after a crash mid-run without skipping or repeating a day", async () => {
    await connection("sync-c");
    const advance = stack.deps.syncRuns.advance.bind(stack.deps.syncRuns);
    let crashes = 0;
    const spy = vi.spyOn(stack.deps.syncRuns, "advance").mockImplementation(async (runId, index, total) => {
      // The consumer dies after publishing unit 1's events, before recording it done.
      if (index === 1 && crashes++ === 0) throw new Error("simulated crash");
      return advance(runId, index, total);
    });
    try {
      await backfill("sync-c", { from: "2026-09-01", to: "2026-09-04", datasets: ["opVisits"] });
    } finally {
      spy.mockRestore();
    }
    expect(crashes).toBe(2);
    const days = ["2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04"];
    for (const day of days) expect((await archived("sync-c", "opVisits", day)).responses).toHaveLength(2);
    const byDay = (day: string) => recordEvents("sync-c", "opVisits", day).map((e) => e.detail.recordId as string);
    // The crashed day was fetched twice and published twice with the same ids; no other day was.
    expect(new Set(byDay("2026-09-02")).size * 2).toBe(byDay("2026-09-02").length);
    for (const day of ["2026-09-01", "2026-09-03", "2026-09-04"]) expect(new Set(byDay(day)).size).toBe(byDay(day).length);
  });

  it("stalls a run whose unit keeps failing, and a dead-letter redrive resumes it", async () => {
    const conn = await connection("sync-e");
    stack.simulators.mocdoc.faults.inject({ kind: "status", status: 503, times: -1, pathPrefix: `/api/get/billlist/${conn.account.entityKey}` });
    const res = await api("POST", "/v1/mocdoc/sync-e/sync", { from: "2026-07-01", to: "2026-07-02", datasets: ["bills"] });
    const runPath = res.headers.get("location")!;
    const stalled = await eventually(async () => {
      const run = await api("GET", runPath);
      return run.json.status === "stalled" ? run.json : undefined;
    }, 60_000);
    expect(stalled).toMatchObject({ completed: 0, total: 2 });
    expect(stalled.reason).toMatch(/unit 0 \(bills 2026-07-01\) failed: VendorError UNAVAILABLE/);
    await stack.bus.waitFor((e) => e["detail-type"] === "switchboard.sync.stalled" && e.detail.runId === stalled.runId);

    stack.simulators.mocdoc.faults.clear();
    await eventually(async () => ((await redriveDeadLetters(stack.deps, stack.sqs, stack.queues.mocdoc!)) > 0 ? true : undefined), 20_000, 500);
    const done = await eventually(async () => {
      const run = await api("GET", runPath);
      return run.json.status === "completed" ? run.json : undefined;
    }, 30_000);
    expect(done).toMatchObject({ completed: 2, epoch: 1 });
  }, 90_000);

  it("refuses a bad range with 400 and queues nothing", async () => {
    await connection("sync-d");
    const bad = await api("POST", "/v1/mocdoc/sync-d/sync", { from: "2026-11-05", to: "2026-11-01" });
    expect(bad.status).toBe(400);
    const unknown = await api("POST", "/v1/mocdoc/sync-d/sync", { from: "2026-11-01", to: "2026-11-01", datasets: ["nope"] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].path).toBe("datasets");
  });
});

describe("daily schedule", () => {
  it("syncs the tick's yesterday in the account's timezone once, whatever the number of ticks", async () => {
    await connection("sync-daily", { timezone: "Asia/Kolkata" });
    // 20:00 UTC is already the 16th in Kolkata: the day synced comes from the tick, not the clock.
    const tick = new Date("2026-06-15T20:00:00Z");
    const yesterday = "2026-06-15";
    expect(addDays(todayIn("Asia/Kolkata", tick), -1)).toBe(yesterday);
    const started = (await stack.runSchedules(tick)).filter((id) => id.includes("sync-daily"));
    expect(started).toHaveLength(1);
    expect((await stack.runSchedules(tick)).filter((id) => id.includes("sync-daily"))).toEqual([]);
    const run = await eventually(async () => {
      const r = await stack.deps.syncRuns.get(started[0]!);
      return r?.status === "completed" ? r : undefined;
    }, 60_000);
    expect(run).toMatchObject({ kind: "daily", from: yesterday, to: yesterday });
    expect(run.datasets).toHaveLength(18);
    expect(await stack.deps.syncRuns.checkpoint("sync-daily", "testResults")).toBe(yesterday);
    const completed = await stack.bus.waitFor((e: BusEvent) => e["detail-type"] === "switchboard.sync.completed" && e.detail.runId === started[0]);
    expect(completed.detail.units).toBe(18);
  }, 90_000);

  it("starts nothing for a connection while its daily run is still running, though some datasets are caught up", async () => {
    const conn = await connection("sync-hold", { timezone: "Asia/Kolkata" });
    const tick = new Date("2026-06-20T20:00:00Z");
    const yesterday = "2026-06-20";
    // Bills, the seventh dataset, fails until cleared: the run stays running with six checkpoints moved.
    stack.simulators.mocdoc.faults.inject({ kind: "status", status: 503, times: -1, pathPrefix: `/api/get/billlist/${conn.account.entityKey}` });
    const started = (await stack.runSchedules(tick)).filter((id) => id.includes("sync-hold"));
    expect(started).toHaveLength(1);
    await eventually(async () => ((await stack.deps.syncRuns.checkpoint("sync-hold", "registeredPatients")) === yesterday ? true : undefined), 30_000, 20);
    expect((await stack.deps.syncRuns.get(started[0]!))?.status).toBe("running");
    expect((await stack.runSchedules(tick)).filter((id) => id.includes("sync-hold"))).toEqual([]);

    stack.simulators.mocdoc.faults.clear();
    const run = await eventually(async () => {
      const r = await stack.deps.syncRuns.get(started[0]!);
      return r?.status === "completed" ? r : undefined;
    }, 60_000);
    expect(run.completed).toBe(18);
    expect(await stack.deps.syncRuns.checkpoint("sync-hold", "testResults")).toBe(yesterday);
    expect((await stack.runSchedules(tick)).filter((id) => id.includes("sync-hold"))).toEqual([]);
  }, 90_000);
});

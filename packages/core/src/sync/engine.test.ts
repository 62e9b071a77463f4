import { describe, expect, it } from "vitest";
import type { Archive } from "../archive";
import { MAX_INLINE_DETAIL_BYTES, recordEvents, unitAt } from "./engine";

const source = { vendor: "mocdoc", connectionId: "c1", tenantId: "t1", runId: "r1", dataset: "opVisits", day: "2026-11-20" };

function memoryArchive() {
  const stored = new Map<string, string>();
  const archive: Archive = {
    put: async (key, body) => {
      stored.set(key, body);
      return { location: `memory://${key}`, key };
    },
    get: async (key) => stored.get(key),
    delete: async (key) => void stored.delete(key),
  };
  return { archive, stored };
}

describe("record events", () => {
  it("carries small records inline, with a stable id", async () => {
    const { archive, stored } = memoryArchive();
    const [event] = await recordEvents(archive, source, [{ phid: "P1", name: "x" }]);
    expect(event!.detailType).toBe("mocdoc.opVisits.record");
    expect(event!.detail).toMatchObject({ connectionId: "c1", tenantId: "t1", dataset: "opVisits", day: "2026-11-20", record: { phid: "P1", name: "x" } });
    expect(event!.detail.recordId).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.size).toBe(0);
  });

  it("archives a record too large for an event and sends its reference", async () => {
    const { archive, stored } = memoryArchive();
    const big = { phid: "P2", notes: "x".repeat(MAX_INLINE_DETAIL_BYTES) };
    const [event] = await recordEvents(archive, source, [big]);
    expect(event!.detail.record).toBeUndefined();
    const key = `raw/mocdoc/c1/opVisits/2026-11-20/records/${event!.detail.recordId as string}.json`;
    expect(event!.detail.recordRef).toEqual({ location: `memory://${key}`, key });
    expect(JSON.parse(stored.get(key)!)).toEqual(big);
    expect(Buffer.byteLength(JSON.stringify(event!.detail))).toBeLessThan(1000);
  });
});

describe("units", () => {
  it("orders a run's units day by day, datasets within a day", () => {
    const run = { from: "2026-11-01", to: "2026-11-02", datasets: ["a", "b"] };
    expect([0, 1, 2, 3].map((i) => unitAt(run, i))).toEqual([
      { day: "2026-11-01", dataset: "a" },
      { day: "2026-11-01", dataset: "b" },
      { day: "2026-11-02", dataset: "a" },
      { day: "2026-11-02", dataset: "b" },
    ]);
    expect(() => unitAt(run, 4)).toThrow(/no unit 4/);
  });
});

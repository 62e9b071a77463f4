import { describe, expect, it } from "vitest";
import { canonicalJson, recordId, recordsOf } from "./records";

describe("sync records", () => {
  it("finds the records under whatever key the endpoint uses", () => {
    expect(recordsOf({ status: "200", message: "success", visits: [{ a: 1 }, { a: 2 }] })).toEqual([{ a: 1 }, { a: 2 }]);
    expect(recordsOf({ status: "200", orders: [] })).toEqual([]);
    expect(recordsOf([{ a: 1 }])).toEqual([{ a: 1 }]);
  });

  it("gives a record the same id whatever its key order, and different ids per source", () => {
    const source = { connectionId: "c1", dataset: "opVisits", day: "2026-11-20" };
    expect(recordId(source, { b: 2, a: { y: 1, x: 2 } })).toBe(recordId(source, { a: { x: 2, y: 1 }, b: 2 }));
    expect(recordId(source, { a: 1 })).not.toBe(recordId({ ...source, day: "2026-11-21" }, { a: 1 }));
    expect(canonicalJson({ b: [2, { d: 1, c: 0 }], a: null })).toBe('{"a":null,"b":[2,{"c":0,"d":1}]}');
  });
});

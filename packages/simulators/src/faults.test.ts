import { describe, expect, it } from "vitest";
import { FaultInjector, FaultSpecError, parseFaultSpec } from "./faults";

describe("FaultInjector", () => {
  it("applies a fault once by default, in injection order", () => {
    const faults = new FaultInjector();
    faults.inject({ kind: "status", status: 503 });
    faults.inject({ kind: "drop" });
    expect(faults.take("/api/x")?.kind).toBe("status");
    expect(faults.take("/api/x")?.kind).toBe("drop");
    expect(faults.take("/api/x")).toBeUndefined();
  });

  it("honours times, -1 meaning until cleared", () => {
    const faults = new FaultInjector();
    faults.inject({ kind: "drop", times: 2 });
    expect([faults.take("/a"), faults.take("/a"), faults.take("/a")].map((f) => f?.kind)).toEqual(["drop", "drop", undefined]);
    faults.inject({ kind: "malformed", times: -1 });
    for (let i = 0; i < 50; i++) expect(faults.take("/a")?.kind).toBe("malformed");
    faults.clear();
    expect(faults.take("/a")).toBeUndefined();
  });

  it("only matches paths under pathPrefix", () => {
    const faults = new FaultInjector();
    faults.inject({ kind: "drop", pathPrefix: "/api/bookappt" });
    expect(faults.take("/api/locationlist/e")).toBeUndefined();
    expect(faults.take("/api/bookappt/e")?.kind).toBe("drop");
  });

  it("rejects specs that could never apply as intended", () => {
    for (const bad of [null, {}, { kind: "slow" }, { kind: "latency" }, { kind: "status" }, { kind: "status", status: 99 }, { kind: "drop", times: 0 }]) {
      expect(() => parseFaultSpec(bad), JSON.stringify(bad)).toThrow(FaultSpecError);
    }
    expect(parseFaultSpec({ kind: "status", status: 429, retryAfterSeconds: 2, times: -1 })).toMatchObject({ status: 429, times: -1 });
  });
});

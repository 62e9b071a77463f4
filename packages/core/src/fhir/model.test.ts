import { describe, expect, it } from "vitest";
import { atOffset, offsetOf, utcInstant, wallClock, zonedInstant } from "./model";

describe("FHIR instants", () => {
  it("turn offset date-times into UTC instants and back", () => {
    expect(utcInstant("2021-05-16T14:00:00+01:00")).toBe("2021-05-16T13:00:00Z");
    expect(offsetOf("2021-05-16T14:00:00+01:00")).toBe("+01:00");
    expect(atOffset("2021-05-16T13:00:00Z", "+01:00")).toBe("2021-05-16T14:00:00+01:00");
    expect(atOffset("2021-05-16T13:00:00Z", "-05:30")).toBe("2021-05-16T07:30:00-05:30");
  });

  it("turn a clinic's wall-clock time into UTC in its timezone, across daylight saving", () => {
    expect(zonedInstant("2026-12-01", "10:00", "Asia/Kolkata")).toBe("2026-12-01T04:30:00Z");
    expect(zonedInstant("2026-07-01", "10:00", "Europe/Warsaw")).toBe("2026-07-01T08:00:00Z");
    expect(zonedInstant("2026-12-01", "10:00", "Europe/Warsaw")).toBe("2026-12-01T09:00:00Z");
    expect(wallClock("2026-12-01T04:30:00Z", "Asia/Kolkata")).toEqual({ date: "2026-12-01", time: "10:00" });
  });
});

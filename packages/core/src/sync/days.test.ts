import { describe, expect, it } from "vitest";
import { addDays, compactDay, daysBetween, isoDay, todayIn } from "./days";

describe("days", () => {
  it("lists a range inclusively, across month ends and leap days", () => {
    expect(daysBetween("2024-02-27", "2024-03-01")).toEqual(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(daysBetween("2026-11-21", "2026-11-21")).toEqual(["2026-11-21"]);
  });

  it("refuses reversed ranges and impossible days", () => {
    expect(() => daysBetween("2026-11-21", "2026-11-20")).toThrow(/before it starts/);
    expect(() => daysBetween("2026-02-30", "2026-03-01")).toThrow(/not a calendar day/);
  });

  it("converts between ISO and MocDoc day formats", () => {
    expect(compactDay("2026-03-09")).toBe("20260309");
    expect(isoDay("20260309")).toBe("2026-03-09");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("knows the day in the account's timezone", () => {
    const at = new Date("2026-11-21T20:00:00Z");
    expect(todayIn("Asia/Kolkata", at)).toBe("2026-11-22");
    expect(todayIn("UTC", at)).toBe("2026-11-21");
  });
});

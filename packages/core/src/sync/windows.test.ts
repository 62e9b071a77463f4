import { describe, expect, it } from "vitest";
import { dayWindows, windowMinutes, type WindowEnd } from "./windows";

function coverage(size: number, reading: WindowEnd): number[] {
  const covered = new Array(24 * 60).fill(0);
  for (const w of dayWindows(size, reading)) {
    const [from, to] = windowMinutes(w, reading);
    for (let m = from; m < to; m++) covered[m] += 1;
  }
  return covered;
}

describe("day windows", () => {
  it.each([
    [360, "inclusive"],
    [360, "exclusive"],
    [60, "inclusive"],
    [30, "exclusive"],
    [1440, "inclusive"],
  ] as const)("%i-minute %s windows cover every minute exactly once", (size, reading) => {
    expect(coverage(size, reading).every((n) => n === 1)).toBe(true);
  });

  it("writes the windows in each reading", () => {
    expect(dayWindows(360, "inclusive")).toEqual([
      { start: "00:00", end: "05:59" },
      { start: "06:00", end: "11:59" },
      { start: "12:00", end: "17:59" },
      { start: "18:00", end: "23:59" },
    ]);
    expect(dayWindows(720, "exclusive")).toEqual([
      { start: "00:00", end: "12:00" },
      { start: "12:00", end: "24:00" },
    ]);
  });

  it("refuses a size that does not divide the day", () => {
    expect(() => dayWindows(7, "inclusive")).toThrow(/whole windows/);
  });
});

import { describe, expect, it } from "vitest";
import { formatDuration, progressLine } from "./progress";

describe("progress line", () => {
  it("draws the bar, counts, percentage and ETA", () => {
    expect(progressLine(9, 90, 81_000 * 3, 10)).toBe("[#.........] 9/90 units  10%  ETA 4m03s");
    expect(progressLine(90, 90, 0, 10)).toBe("[##########] 90/90 units 100%  ETA 0s");
  });

  it("formats durations", () => {
    expect(formatDuration(3_725_000)).toBe("1h02m");
    expect(formatDuration(59_400)).toBe("59s");
  });
});

import { describe, expect, it } from "vitest";
import { nextTick } from "./schedule";

describe("local hourly schedule", () => {
  it("ticks at the next :30 UTC, never at the current instant", () => {
    expect(nextTick(new Date("2026-11-22T02:10:00Z")).toISOString()).toBe("2026-11-22T02:30:00.000Z");
    expect(nextTick(new Date("2026-11-22T02:30:00Z")).toISOString()).toBe("2026-11-22T03:30:00.000Z");
    expect(nextTick(new Date("2026-11-22T23:45:10Z")).toISOString()).toBe("2026-11-23T00:30:00.000Z");
  });
});

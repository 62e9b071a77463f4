import { describe, expect, it } from "vitest";
import { putEventsBatches } from "./events";

describe("PutEvents batching", () => {
  const entry = (bytes: number) => ({ Source: "s", DetailType: "t", Detail: "x".repeat(bytes) });

  it("sends at most ten entries per request, in order", () => {
    const batches = putEventsBatches(Array.from({ length: 23 }, (_, i) => ({ ...entry(10), DetailType: String(i) })));
    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
    expect(batches.flat().map((e) => e.DetailType)).toEqual(Array.from({ length: 23 }, (_, i) => String(i)));
  });

  it("keeps each request under the 256 KB limit", () => {
    const batches = putEventsBatches([entry(100_000), entry(100_000), entry(100_000), entry(10)]);
    expect(batches.map((b) => b.length)).toEqual([2, 2]);
  });
});

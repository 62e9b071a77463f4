import { describe, expect, it } from "vitest";
import { ARRIVAL_JITTER_MS, effectiveInterval, gcra, rateForWindow } from "./gcra";

describe("GCRA decision", () => {
  const strict = { intervalMs: 1000, burst: 1 };
  const T = effectiveInterval(strict);

  it("keeps a margin of 1%, at least 10 ms", () => {
    expect(effectiveInterval({ intervalMs: 3000, burst: 1 })).toBe(3030);
    expect(effectiveInterval({ intervalMs: 100, burst: 1 })).toBe(110);
  });

  it("starts at once on an idle bucket and spaces the next call by the interval", () => {
    expect(gcra(undefined, 10_000, strict, 0)).toEqual({ granted: true, startAt: 10_000, newTat: 10_000 + T });
    expect(gcra(10_000 + T, 10_000, strict, 5000)).toEqual({ granted: true, startAt: 10_000 + T, newTat: 10_000 + 2 * T });
  });

  it("refuses beyond the budget and says when the slot would be", () => {
    expect(gcra(10_000 + 3 * T, 10_000, strict, 2000)).toEqual({ granted: false, retryAfterMs: 3 * T });
  });

  it("lets a burst start together, then spaces", () => {
    const bursty = { intervalMs: 100, burst: 3 };
    const step = effectiveInterval(bursty);
    let tat: number | undefined;
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = gcra(tat, 0, bursty, 10_000);
      if (!r.granted) throw new Error("refused");
      starts.push(r.startAt);
      tat = r.newTat;
    }
    expect(starts).toEqual([0, 0, 0, step, 2 * step]);
  });
});

/** The starts of `count` callers as fast as they can: every grant starts at its slot. */
function asFastAsAllowed(rate: ReturnType<typeof rateForWindow>, count: number): number[] {
  let tat: number | undefined;
  let now = 0;
  const starts: number[] = [];
  while (starts.length < count) {
    const r = gcra(tat, now, rate, Infinity);
    if (!r.granted) throw new Error("refused");
    starts.push(r.startAt);
    tat = r.newTat;
    now = r.startAt;
  }
  return starts;
}

describe("window budgets", () => {
  it("never grant more than the budget in any window-long span, wherever it starts", () => {
    for (const [limit, windowMs] of [[40, 60_000], [800, 360_000], [20, 2000]] as const) {
      const rate = rateForWindow(limit, windowMs);
      const starts = asFastAsAllowed(rate, 3 * limit);
      for (let i = 0; i < starts.length; i++) {
        const inWindow = starts.filter((t) => t >= starts[i]! && t < starts[i]! + windowMs).length;
        expect(inWindow).toBeLessThanOrEqual(limit);
      }
      // And a burst of a tenth of the budget goes at once.
      expect(starts.filter((t) => t === 0)).toHaveLength(Math.max(1, Math.floor(limit / 10)));
    }
  });

  it("hold the budget when every grant arrives up to ARRIVAL_JITTER_MS late, in short windows too", () => {
    // Worst case: the calls of one window arrive on time, the ones before them as late as allowed.
    for (const [limit, windowMs] of [[40, 2000], [20, 2000], [40, 60_000], [300, 60_000]] as const) {
      const rate = rateForWindow(limit, windowMs);
      const shift = Math.max(ARRIVAL_JITTER_MS, windowMs / 100);
      const starts = asFastAsAllowed(rate, 3 * limit);
      for (const t of starts) {
        // The window [t, t + window) receives its own calls and those of the shift before it.
        const arriving = starts.filter((s) => s >= t - shift && s < t + windowMs).length;
        expect(arriving, `${limit} per ${windowMs} ms`).toBeLessThanOrEqual(limit);
      }
    }
  });
});

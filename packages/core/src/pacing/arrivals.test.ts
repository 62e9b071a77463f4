import { describe, expect, it } from "vitest";
import { arrivalBound, BASE_RISE_CAP_MS, learnBase, planDeparture, reportGrace, TRUSTED_AFTER, trustedBase, type ArrivalState } from "./arrivals";

const T = 1010;
const state = (s: Partial<ArrivalState>): ArrivalState => ({ lag: 0, connection: { samples: 0 }, byOperation: {}, ...s });

describe("arrival bounds", () => {
  it("bounds an arrival by the round trip above the base, never before the departure", () => {
    expect(arrivalBound(1000, 190, 40)).toBe(1150);
    expect(arrivalBound(1000, 30, 40)).toBe(1000);
    // No base yet: the answer's own arrival is the only safe bound.
    expect(arrivalBound(1000, 190, undefined)).toBe(1190);
  });

  it("follows a quicker round trip at once and a slower one by a 64th, capped", () => {
    expect(learnBase(undefined, 50)).toBe(50);
    expect(learnBase(50, 30)).toBe(30);
    expect(learnBase(50, 60)).toBe(50 + 10 / 64);
    expect(learnBase(50, 114)).toBe(50 + BASE_RISE_CAP_MS);
  });

  it("rises by at most the cap however slow the answers: a starting container's cannot lift the base past the margin", () => {
    let base = 5;
    for (let i = 0; i < 20; i++) base = learnBase(base, 300);
    expect(base).toBeCloseTo(5 + 20 * BASE_RISE_CAP_MS);
    expect(base - 5).toBeLessThan(10);
  });

  it("trusts a base only once enough round trips have shaped it", () => {
    expect(trustedBase(undefined)).toBeUndefined();
    expect(trustedBase({ base: 20, samples: TRUSTED_AFTER - 1 })).toBeUndefined();
    expect(trustedBase({ base: 20, samples: TRUSTED_AFTER })).toBe(20);
  });
});

describe("departure plan", () => {
  it("leaves at the slot when nothing is behind it", () => {
    expect(planDeparture(state({}), 5000, 5000, T)).toEqual({ at: 5000, waitingForReport: false });
  });

  it("leaves an interval after the latest departure and after the latest arrival bound, whichever is later", () => {
    expect(planDeparture(state({ sentAt: 5000, bound: 5000 }), 5500, 5500, T).at).toBe(6010);
    expect(planDeparture(state({ sentAt: 5000, bound: 5150 }), 5500, 5500, T).at).toBe(6160);
  });

  it("waits for a vendor's hold", () => {
    expect(planDeparture(state({ sentAt: 5000, bound: 5000, heldUntil: 9000 }), 6010, 6010, T).at).toBe(9000);
  });

  it("polls while the latest departure has not reported, and gives up on it after the grace", () => {
    const pending = state({ sentAt: 5000, bound: 4000 });
    const early = planDeparture(pending, 6010, 6010, T);
    expect(early.waitingForReport).toBe(true);
    expect(early.at).toBeGreaterThan(6010);
    const giveUp = 5000 + T + reportGrace(T);
    expect(planDeparture(pending, 6010, giveUp - 1, T).waitingForReport).toBe(true);
    expect(planDeparture(pending, 6010, giveUp, T)).toEqual({ at: 6010, waitingForReport: false });
  });

  it("waits for a report at least a second past the departure, however short the interval", () => {
    const short = 250;
    const pending = state({ sentAt: 5000, bound: 4000 });
    expect(reportGrace(short)).toBe(1000);
    expect(reportGrace(3000)).toBe(3000);
    expect(planDeparture(pending, 5250, 5000 + short + 999, short).waitingForReport).toBe(true);
    expect(planDeparture(pending, 5250, 5000 + short + 1000, short).waitingForReport).toBe(false);
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamoClients } from "@switchboard/core/aws";
import { PacingBudgetExceeded } from "@switchboard/core/errors";
import { TRUSTED_AFTER } from "@switchboard/core/pacing/arrivals";
import { effectiveInterval, lateDepartureLimitMs, rateForWindow } from "@switchboard/core/pacing/gcra";
import { Pacer } from "@switchboard/core/pacing/pacer";
import { ensureTable, startDynalite } from "@switchboard/local/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The pacer's conditional updates against a real DynamoDB wire protocol (dynalite). */
const TABLE = "pacing-test";

describe("Pacer on DynamoDB (dynalite)", () => {
  let dir: string;
  let dynamo: Awaited<ReturnType<typeof startDynalite>>;
  let ddb: DynamoDBDocumentClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pacer-"));
    dynamo = await startDynalite(dir);
    const { client, doc } = dynamoClients({ AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: dynamo.endpoint });
    await ensureTable(client, TABLE);
    ddb = doc;
  });
  afterAll(async () => {
    await dynamo.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("gives 20 concurrent reservations distinct slots exactly one interval apart", async () => {
    const now = 1_000_000;
    const pacer = new Pacer({ ddb, table: TABLE, now: () => now });
    const rate = { intervalMs: 3000, burst: 1 };
    const results = await Promise.all(Array.from({ length: 20 }, () => pacer.reserve("PACE#c1#default", rate, 120_000)));
    const starts = results.map((r) => (r.granted ? r.startAt : -1)).sort((a, b) => a - b);
    const T = effectiveInterval(rate);
    expect(starts).toEqual(Array.from({ length: 20 }, (_, i) => now + i * T));
  });

  it("refuses without consuming a slot when the wait exceeds the budget", async () => {
    const now = 5_000_000;
    const pacer = new Pacer({ ddb, table: TABLE, now: () => now });
    const rate = { intervalMs: 1000, burst: 1 };
    const T = effectiveInterval(rate);
    expect(await pacer.reserve("PACE#c2#default", rate, 0)).toEqual({ granted: true, startAt: now, lag: 0 });
    expect(await pacer.reserve("PACE#c2#default", rate, 500)).toEqual({ granted: false, retryAfterMs: T });
    expect(await pacer.reserve("PACE#c2#default", rate, 2000)).toEqual({ granted: true, startAt: now + T, lag: 0 });
  });

  it("keeps separate budgets per connection and pacing class", async () => {
    const now = 7_000_000;
    const pacer = new Pacer({ ddb, table: TABLE, now: () => now });
    const rate = { intervalMs: 1000, burst: 1 };
    const a = await pacer.reserve("PACE#c3#read", rate, 0);
    const b = await pacer.reserve("PACE#c3#write", rate, 0);
    const c = await pacer.reserve("PACE#c4#read", rate, 0);
    expect([a, b, c]).toEqual([{ granted: true, startAt: now, lag: 0 }, { granted: true, startAt: now, lag: 0 }, { granted: true, startAt: now, lag: 0 }]);
  });

  it("holds every caller back until a vendor's Retry-After has passed", async () => {
    const now = 9_000_000;
    const pacer = new Pacer({ ddb, table: TABLE, now: () => now });
    const rate = { intervalMs: 1000, burst: 1 };
    await pacer.holdUntil("PACE#c5#default", rate, now + 4000);
    expect(await pacer.reserve("PACE#c5#default", rate, 10_000)).toEqual({ granted: true, startAt: now + 4000, lag: 0 });
  });

  /** A pacer on a simulated clock: sleeping moves the clock, as a container waiting for its slot would. */
  function clocked(start: number, shared?: { t: number }) {
    const clock = shared ?? { t: start };
    const pacer = new Pacer({ ddb, table: TABLE, now: () => clock.t, sleep: async (ms) => void (clock.t += ms) });
    return { pacer, clock };
  }

  const strict = { intervalMs: 1000, burst: 1 };
  const T = effectiveInterval(strict);

  /** One request through both steps: slot, departure, answer `rttMs` later. */
  async function call(p: ReturnType<typeof clocked>, key: string, rttMs: number, operation = "listLocations") {
    const slot = await p.pacer.acquire(key, strict, 60_000);
    const departure = await p.pacer.depart(key, strict, operation, slot, p.clock.t + 60_000);
    const sentAt = p.clock.t;
    p.clock.t += rttMs;
    await p.pacer.arrived(departure, operation, { sentAt, respondedAt: p.clock.t });
    return departure.at;
  }

  /** Enough steady round trips for the bucket to trust its base. */
  async function warmUp(p: ReturnType<typeof clocked>, key: string, rttMs: number) {
    for (let i = 0; i < TRUSTED_AFTER; i++) await call(p, key, rttMs);
  }

  it("leaves an interval after the previous request's send when that one left late for its slot", async () => {
    const p = clocked(11_000_000);
    const key = "PACE#c6#default";
    const slot = await p.pacer.acquire(key, strict, 10_000);
    p.clock.t += 100; // the first write's bookkeeping before it leaves
    const first = await p.pacer.depart(key, strict, "bookAppointment", slot, p.clock.t + 10_000);
    await p.pacer.arrived(first, "bookAppointment", { sentAt: first.at, respondedAt: first.at });
    const next = await p.pacer.acquire(key, strict, 10_000);
    const second = await p.pacer.depart(key, strict, "listLocations", next, p.clock.t + 10_000);
    expect(second.at).toBe(first.at + T);
  });

  it("learns a late arrival from a round trip above the usual one and spaces the next departure from it", async () => {
    const p = clocked(13_000_000);
    const key = "PACE#c7#default";
    // Until the bucket trusts a base, a request may have arrived as late as its answer came back.
    const first = await call(p, key, 40);
    expect((await call(p, key, 40)) - first).toBe(T + 40);
    await warmUp(p, key, 40);
    // Steady 40 ms round trips: each request leaves an interval after the previous one.
    const steady = [await call(p, key, 40), await call(p, key, 40), await call(p, key, 40)];
    expect(steady[1]! - steady[0]!).toBe(T);
    expect(steady[2]! - steady[1]!).toBe(T);
    // A round trip 150 ms above the usual 40 (a handshake): that request may have arrived 150 ms late.
    const slow = await call(p, key, 190);
    const after = await call(p, key, 40);
    expect(after - slow).toBe(T + 150);
    // Back to steady: the margin returns to the floor.
    expect((await call(p, key, 40)) - after).toBe(T);
  });

  it("holds a second container's first request back by what the first container's handshake cost", async () => {
    const shared = { t: 15_000_000 };
    const a = clocked(0, shared);
    const b = clocked(0, shared);
    const key = "PACE#c8#default";
    await warmUp(a, key, 30); // container A knows the connection's usual round trip
    const slowFromB = await call(b, key, 30 + 200); // B's first request pays its handshake
    const nextFromA = await call(a, key, 30);
    expect(nextFromA - slowFromB).toBe(T + 200);
  });

  it("never lets two containers leave closer than the interval, even when both wake at once", async () => {
    const now = { t: 17_000_000 };
    const key = "PACE#c9#default";
    const containers = [clocked(0, now), clocked(0, now)];
    // Both hold slots the reservation spaced; both wake at the later one's start.
    const slots = await Promise.all(containers.map((c) => c.pacer.reserve(key, strict, 60_000)));
    const starts = slots.map((s) => (s.granted ? s.startAt : -1)).sort((x, y) => x - y);
    now.t = starts[1]!;
    // The first departure has not reported yet; the second must wait for its report or its grace.
    const first = await containers[0]!.pacer.depart(key, strict, "listLocations", { startAt: starts[0]!, lag: 0 }, now.t + 60_000);
    const second = containers[1]!.pacer.depart(key, strict, "listLocations", { startAt: starts[1]!, lag: 0 }, now.t + 60_000);
    const left = await second;
    expect(left.at - first.at).toBeGreaterThanOrEqual(T);
    // Never answered: the second left after the grace (two intervals after the first).
    expect(left.at - first.at).toBe(2 * T);
  });

  it("waits for an unanswered previous request and leaves as soon as it reports", async () => {
    const p = clocked(19_000_000);
    const key = "PACE#c10#default";
    await warmUp(p, key, 20);
    const slot = await p.pacer.acquire(key, strict, 60_000);
    const first = await p.pacer.depart(key, strict, "listLocations", slot, p.clock.t + 60_000);
    const nextSlot = await p.pacer.acquire(key, strict, 60_000);
    // The answer comes 1.3 intervals after the request left: the next departure waits for it.
    const sleeping = p.pacer.depart(key, strict, "listLocations", nextSlot, p.clock.t + 60_000);
    const answerAt = first.at + Math.round(1.3 * T);
    while (p.clock.t < answerAt) await new Promise((r) => setImmediate(r));
    await p.pacer.arrived(first, "listLocations", { sentAt: first.at, respondedAt: answerAt });
    const second = await sleeping;
    // It arrived by answerAt − 20 (the usual round trip), so the next leaves an interval after that.
    expect(second.at).toBe(answerAt - 20 + T);
  });

  it("counts a request measured as sent a little before its recorded departure as reported", async () => {
    const p = clocked(20_000_000.25);
    const key = "PACE#c13#default";
    await warmUp(p, key, 20);
    const slot = await p.pacer.acquire(key, strict, 60_000);
    const first = await p.pacer.depart(key, strict, "listLocations", slot, p.clock.t + 60_000);
    // Date.now() is whole milliseconds; the recorded departure may carry a fraction.
    await p.pacer.arrived(first, "listLocations", { sentAt: Math.floor(first.at), respondedAt: Math.floor(first.at) + 20 });
    const next = await p.pacer.acquire(key, strict, 60_000);
    expect((await p.pacer.depart(key, strict, "listLocations", next, p.clock.t + 60_000)).at - first.at).toBe(T);
  });

  it("moves later reservations by a departure's lateness, so the wait they are told stays true", async () => {
    const p = clocked(21_000_000);
    const key = "PACE#c11#default";
    await warmUp(p, key, 20);
    await call(p, key, 20 + 300); // the next departure will wait 300 ms past its slot
    const r1 = await p.pacer.reserve(key, strict, 60_000);
    const r2 = await p.pacer.reserve(key, strict, 60_000);
    if (!r1.granted || !r2.granted) throw new Error("refused");
    expect(r2.startAt - r1.startAt).toBe(T);
    const d1 = await p.pacer.depart(key, strict, "listLocations", r1, p.clock.t + 60_000);
    expect(d1.at - r1.startAt).toBe(300);
    p.clock.t += 20;
    await p.pacer.arrived(d1, "listLocations", { sentAt: d1.at, respondedAt: p.clock.t });
    // The slot granted before moved with it; the one reserved after starts where its departure can happen.
    const d2 = await p.pacer.depart(key, strict, "listLocations", r2, p.clock.t + 60_000);
    expect(d2.at - d1.at).toBe(T);
    const r3 = await p.pacer.reserve(key, strict, 60_000);
    if (!r3.granted) throw new Error("refused");
    expect(r3.startAt).toBe(d2.at + T);
  });

  it("holds departures of slots already granted until the vendor's Retry-After", async () => {
    const p = clocked(23_000_000);
    const key = "PACE#c12#default";
    await call(p, key, 20);
    const slot = await p.pacer.acquire(key, strict, 60_000);
    const until = p.clock.t + 5000;
    await p.pacer.holdUntil(key, strict, until);
    const departure = await p.pacer.depart(key, strict, "listLocations", slot, p.clock.t + 60_000);
    expect(departure.at).toBe(until);
  });

  it("gives a window budget's caller held up past its slot a new slot, so passed slots never leave together", async () => {
    const rate = rateForWindow(40, 2000);
    const T = effectiveInterval(rate);
    const late = lateDepartureLimitMs(rate);
    // Each caller's first sleep overshoots by `stall` (a busy container): the clock moves on further than asked.
    const caller = async (key: string, stall: number) => {
      const start = 9_000_000;
      let now = start;
      let stalled = false;
      const pacer = new Pacer({ ddb, table: TABLE, now: () => now, sleep: async (ms) => {
        now += ms + (stalled ? 0 : stall);
        stalled = true;
      } });
      for (let i = 0; i < rate.burst; i++) expect(await pacer.acquire(key, rate, 60_000)).toEqual({ startAt: start, lag: 0 });
      const slot = await pacer.acquire(key, rate, 60_000);
      return { slot, now, start };
    };
    // Held up by less than the allowed lateness: the caller keeps its slot, the one after the burst.
    const kept = await caller("PACE#c9#read", late - 1);
    expect(kept.slot.startAt).toBe(kept.start + T);
    // Held up by more: that slot is given up and the caller leaves from a new one, within the lateness.
    const moved = await caller("PACE#c10#read", late + 50);
    expect(moved.slot.startAt).toBeGreaterThan(moved.start + T);
    expect(moved.now - moved.slot.startAt).toBeLessThanOrEqual(late);
  });

  it("refuses a caller that misses every window-budget slot with the typed budget error, never an untyped one", async () => {
    const rate = rateForWindow(40, 2000);
    const key = "PACE#c13#read";
    let now = 11_000_000;
    const others = new Pacer({ ddb, table: TABLE, now: () => now });
    // Every sleep overshoots past the allowed lateness (a container too busy to leave near any
    // slot), while other callers' reservations keep the schedule ahead of the clock.
    const pacer = new Pacer({ ddb, table: TABLE, now: () => now, sleep: async (ms) => {
      now += ms + lateDepartureLimitMs(rate) + 1;
      for (let i = 0; i < 2 * rate.burst; i++) await others.reserve(key, rate, 600_000);
    } });
    for (let i = 0; i < 2 * rate.burst; i++) await others.reserve(key, rate, 600_000);
    const refused = await pacer.acquire(key, rate, 600_000).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(PacingBudgetExceeded);
    expect((refused as PacingBudgetExceeded).retryAfterMs).toBe(effectiveInterval(rate));
  });
});

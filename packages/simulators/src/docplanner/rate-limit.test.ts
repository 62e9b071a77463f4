import { afterEach, describe, expect, it } from "vitest";
import { requestToken } from "./contract-client";
import { iso } from "./datetime";
import { MAIN, OTHER, startFixture, type Fixture } from "./fixture";

/** Small windows on a controlled clock; the clock starts 500 ms into a 1-second window. */
const START = Date.parse("2026-03-02T08:00:00.500+01:00");
const SMALL = { ...MAIN, readsPerWindow: 3, readWindowMs: 1000, writesPerWindow: 2, writeWindowMs: 10_000 };

let f: Fixture;
afterEach(() => f.sim.stop());

const limits = (h: Headers) => ({
  limit: h.get("x-ratelimit-limit"),
  remaining: h.get("x-ratelimit-remaining"),
  used: h.get("x-ratelimit-used"),
  reset: h.get("x-ratelimit-reset"),
});

describe("Docplanner simulator: rate limits", () => {
  it("counts GETs in fixed windows, with the X-RateLimit-* headers, and answers 429 over the budget", async () => {
    f = await startFixture([SMALL, OTHER], START);
    await f.client.accessToken();
    const reset = iso(Date.parse("2026-03-02T08:00:01+01:00"));
    for (const [used, remaining] of [["1", "2"], ["2", "1"], ["3", "0"]]) {
      const res = await f.client.call("getFacilities");
      expect(res.status).toBe(200);
      expect(limits(res.headers)).toEqual({ limit: "3", remaining, used, reset });
    }
    const limited = await f.client.call("getFacilities");
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ errors: [], message: "Too many requests" });
    expect(limits(limited.headers)).toEqual({ limit: "3", remaining: "0", used: "3", reset });
    expect(f.sim.stats().rateLimited).toBe(1);

    // The next window starts at the Reset instant, aligned to the window length.
    f.advance(500);
    const next = await f.client.call("getFacilities");
    expect(next.status).toBe(200);
    expect(limits(next.headers)).toEqual({ limit: "3", remaining: "2", used: "1", reset: iso(Date.parse("2026-03-02T08:00:02+01:00")) });
  });

  it("counts the other methods in their own window", async () => {
    f = await startFixture([SMALL, OTHER], START);
    const params = f.at(f.first);
    for (let i = 0; i < 3; i++) await f.client.call("getCalendar", { params });
    expect((await f.client.call("getCalendar", { params })).status).toBe(429);
    const write = await f.client.call("updateAddress", { params, body: { insurance_support: "private" } });
    expect(write.status).toBe(200);
    expect(limits(write.headers)).toEqual({ limit: "2", remaining: "1", used: "1", reset: iso(Date.parse("2026-03-02T08:00:10+01:00")) });
    expect((await f.client.call("updateAddress", { params, body: {} })).status).toBe(200);
    const refused = await f.client.call("updateAddress", { params, body: {} });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    f.advance(9_500);
    expect((await f.client.call("updateAddress", { params, body: {} })).status).toBe(200);
    expect(f.sim.stats().rateLimited).toBe(2);
  });

  it("puts the headers on error answers too, and counts per client", async () => {
    f = await startFixture([SMALL, { ...OTHER, readsPerWindow: 3, readWindowMs: 1000 }], START);
    const missing = await f.client.call("getFacility", { params: { facility_id: "1" } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-ratelimit-used")).toBe("1");
    const other = await f.otherClient.call("getFacilities");
    expect(other.headers.get("x-ratelimit-used")).toBe("1");
  });

  it("does not limit or count token requests and unauthenticated calls", async () => {
    f = await startFixture([SMALL, OTHER], START);
    for (let i = 0; i < 5; i++) {
      const token = await requestToken(f.sim, SMALL);
      expect(token.status).toBe(200);
      expect(token.headers.get("x-ratelimit-limit")).toBeNull();
    }
    for (let i = 0; i < 5; i++) expect((await fetch(f.client.url("getFacilities"))).status).toBe(401);
    expect((await f.client.call("getFacilities")).headers.get("x-ratelimit-used")).toBe("1");
  });

  it("counts a request in the window it arrived in, even when answered later", async () => {
    f = await startFixture([SMALL, OTHER], START);
    await f.client.accessToken();
    f.sim.faults.inject({ kind: "latency", ms: 300 });
    const pending = f.client.call("getFacilities");
    await new Promise((resolve) => setTimeout(resolve, 100));
    f.advance(1_000);
    const res = await pending;
    expect(res.headers.get("x-ratelimit-reset")).toBe(iso(Date.parse("2026-03-02T08:00:01+01:00")));
  });

  it("has no headers and no limit when the client's limiter is off", async () => {
    f = await startFixture([{ ...SMALL, rateLimitHeaders: false }, OTHER], START);
    for (let i = 0; i < 20; i++) {
      const res = await f.client.call("getFacilities");
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-limit")).toBeNull();
      expect(res.headers.get("x-ratelimit-reset")).toBeNull();
    }
    expect(f.sim.stats().rateLimited).toBe(0);
  });

  it("defaults to 8000 GETs an hour and 40 writes a minute", async () => {
    f = await startFixture([MAIN, OTHER]);
    const read = await f.client.call("getFacilities");
    expect(limits(read.headers)).toEqual({ limit: "8000", remaining: "7999", used: "1", reset: iso(Date.parse("2026-03-02T08:00:00+01:00") + 3_600_000) });
    const write = await f.client.call("updateAddress", { params: f.at(f.first), body: {} });
    expect(limits(write.headers)).toEqual({ limit: "40", remaining: "39", used: "1", reset: iso(Date.parse("2026-03-02T08:01:00+01:00")) });
  });

  it("keeps injected 429s out of rateLimited", async () => {
    f = await startFixture([SMALL, OTHER], START);
    await f.client.accessToken();
    f.sim.faults.inject({ kind: "status", status: 429, retryAfterSeconds: 7 });
    const res = await fetch(f.client.url("getFacilities"), { headers: { Authorization: `Bearer ${await f.client.accessToken()}` } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.headers.get("content-type")).toBe("application/vnd.error+docplanner+json");
    expect(await res.json()).toEqual({ errors: [], message: "Simulated failure" });
    expect(f.sim.stats()).toMatchObject({ rateLimited: 0, byStatus: { "200": 1, "429": 1 } });
  });
});

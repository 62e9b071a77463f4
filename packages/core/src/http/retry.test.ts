import { describe, expect, it } from "vitest";
import { backoffDelay, parseRateLimitReset, parseRetryAfter, retryAfterMs } from "./retry";

const now = Date.parse("2026-11-21T10:00:00Z");

describe("backoff", () => {
  it("grows exponentially, is capped, and is fully jittered", () => {
    expect(backoffDelay(0, 200, 5000, () => 0.999)).toBe(199);
    expect(backoffDelay(3, 200, 5000, () => 0.999)).toBe(1598);
    expect(backoffDelay(10, 200, 5000, () => 0.999)).toBe(4995);
    expect(backoffDelay(4, 200, 5000, () => 0)).toBe(0);
  });
});

describe("Retry-After and X-RateLimit-Reset", () => {
  it("reads delta seconds and HTTP dates", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Sat, 21 Nov 2026 10:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });

  it("reads ISO 8601, epoch seconds, epoch millis and small deltas", () => {
    expect(parseRateLimitReset("2026-11-21T10:00:05Z", now)).toBe(5000);
    expect(parseRateLimitReset(String(now / 1000 + 12), now)).toBe(12_000);
    expect(parseRateLimitReset(String(now + 1500), now)).toBe(1500);
    expect(parseRateLimitReset("30", now)).toBe(30_000);
    expect(parseRateLimitReset(String(now / 1000 - 60), now)).toBe(0);
  });

  it("prefers Retry-After and falls back to X-RateLimit-Reset", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "2", "x-ratelimit-reset": "9" }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ "x-ratelimit-reset": "2026-11-21T10:01:00Z" }), now)).toBe(60_000);
    expect(retryAfterMs(new Headers({}), now)).toBeUndefined();
  });
});

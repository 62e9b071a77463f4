/** Exponential backoff with full jitter: a uniform delay in [0, min(cap, base·2^attempt)]. */
export function backoffDelay(attempt: number, baseMs = 200, capMs = 5_000, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/**
 * How long the vendor asked us to wait, from `Retry-After` (delta seconds or HTTP date) or
 * `X-RateLimit-Reset` (ISO 8601, epoch seconds, epoch milliseconds, or — as some vendors send —
 * seconds until reset). Undefined when neither header is usable.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const ms = parseRetryAfter(retryAfter, now);
    if (ms !== undefined) return ms;
  }
  const reset = headers.get("x-ratelimit-reset");
  return reset === null ? undefined : parseRateLimitReset(reset, now);
}

export function parseRetryAfter(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const EPOCH_SECONDS_FLOOR = 1e9; // 2001-09-09: anything smaller is a delta, not an epoch
const EPOCH_MILLIS_FLOOR = 1e12;

export function parseRateLimitReset(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    if (n >= EPOCH_MILLIS_FLOOR) return Math.max(0, n - now);
    if (n >= EPOCH_SECONDS_FLOOR) return Math.max(0, n * 1000 - now);
    return Math.round(n * 1000);
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

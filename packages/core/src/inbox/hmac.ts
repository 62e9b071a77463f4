import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Pieces for webhook receivers whose vendor signs deliveries with an HMAC (HealthDock): the
 * digest, a constant-time comparison and the freshness rule that bounds replays. A replay within
 * the tolerance is the same delivery again, and the inbox publishes it once (its event id derives
 * from the signed bytes); a replay after it is stale and refused.
 */
export const hmacSha256Hex = (secret: string, payload: string | Buffer) => createHmac("sha256", secret).update(payload).digest("hex");

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Whether two signatures are equal, in constant time: compared as SHA-256 digests, so not even their lengths leak. */
export function sameSignature(received: string, expected: string): boolean {
  return timingSafeEqual(digest(received), digest(expected));
}

/** Whether an ISO 8601 instant lies within `toleranceSeconds` of `now`, either side (clocks differ). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isFresh(timestamp: string, now: Date, toleranceSeconds: number): boolean {
  const at = INSTANT.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  return !Number.isNaN(at) && Math.abs(now.getTime() - at) <= toleranceSeconds * 1000;
}

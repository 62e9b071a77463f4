import type { Rate } from "../catalogue";

/**
 * The GCRA decision for one reservation. The bucket keeps `tat`, the theoretical arrival time of
 * the next call:
 *   idle bucket  (tat <= now):            tat := now + T            start now
 *   busy bucket  (now < tat <= limit):    tat := tat + T            start at max(now, tat_old − τ)
 *   over budget  (tat > limit):           nothing written           retry after tat − τ − now
 * with T the spacing, τ = (burst − 1)·T the burst tolerance and limit = now + budget + τ.
 */
export type Reservation = { granted: true; startAt: number } | { granted: false; retryAfterMs: number };

/**
 * The spacing kept between calls: the vendor's interval plus a small margin (1%, and for strictly
 * spaced vendors at least 10 ms) for what the arrival bound cannot see — clock granularity and a round trip a little quicker
 * than the connection's usual one. Handshakes and slow networks are learned per request instead
 * (see arrivals.ts), so the margin stays small: MocDoc's 3000 ms becomes 3030 ms.
 */
export function effectiveInterval(rate: Rate): number {
  const margin = Math.ceil(rate.intervalMs * 0.01);
  // A window budget (burst > 1) is safe whenever arrivals shift by less than a hundredth of the
  // window (see rateForWindow): the floor is for strictly spaced vendors only.
  return rate.intervalMs + (rate.burst > 1 ? margin : Math.max(10, margin));
}

/** The burst tolerance τ of a rate. */
export function burstTolerance(rate: Rate): number {
  return (rate.burst - 1) * effectiveInterval(rate);
}

/** The decision GCRA makes for one request, as a pure function (the DynamoDB path mirrors it). */
export function gcra(tat: number | undefined, now: number, rate: Rate, budgetMs: number): Reservation & { newTat?: number } {
  const T = effectiveInterval(rate);
  const tau = burstTolerance(rate);
  const current = Math.max(tat ?? now, now);
  const startAt = Math.max(now, current - tau);
  if (startAt - now > budgetMs) return { granted: false, retryAfterMs: startAt - now };
  return { granted: true, startAt, newTat: current + T };
}

/**
 * A budget of `limit` calls per `windowMs` window (Docplanner: 8000 GETs an hour, 40 writes a
 * minute), as a GCRA rate that can never exceed it wherever the vendor's windows start: a burst of
 * a tenth of the budget, then one call per window ÷ (limit − burst). Any span of one window then
 * holds at most burst + (limit − burst) calls. The vendor's own X-RateLimit-* headers hold us
 * further when another client shares the budget (execute.ts).
 */
export function rateForWindow(limit: number, windowMs: number): Rate {
  const burst = Math.max(1, Math.floor(limit / 10));
  return { intervalMs: limit > burst ? windowMs / (limit - burst) : windowMs, burst };
}

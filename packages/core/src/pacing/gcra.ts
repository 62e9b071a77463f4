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
 *
 * A window budget is counted on arrival, so a call that leaves late can land in the next window
 * beside that window's own calls. Its margin covers arrivals shifted by up to a hundredth of the
 * window or ARRIVAL_JITTER_MS, whichever is more: the shift is absolute (a busy event loop, a slow
 * hop), so a short window needs a larger share. Docplanner's hour and minute keep their 1%.
 */
export const ARRIVAL_JITTER_MS = 250;

/** The arrival shift a window budget's margin covers: ARRIVAL_JITTER_MS or a hundredth of the window. */
export function arrivalShiftMs(rate: Rate): number {
  return rate.windowMs ? Math.max(ARRIVAL_JITTER_MS, rate.windowMs / 100) : 0;
}

/**
 * How long after its slot a call of a window budget may still leave. Half the covered shift is
 * for leaving late (a busy container, a slow grant), half for the way there. A caller later than
 * this has missed its slot and takes a new one (pacer.ts): slots that passed while callers were
 * held up must not all leave together, or a window counted on arrival receives more than the margin covers.
 */
export function lateDepartureLimitMs(rate: Rate): number {
  return arrivalShiftMs(rate) / 2;
}

export function effectiveInterval(rate: Rate): number {
  if (rate.burst > 1) {
    const share = rate.windowMs ? arrivalShiftMs(rate) / rate.windowMs : 0.01;
    return rate.intervalMs + Math.ceil(rate.intervalMs * share);
  }
  return rate.intervalMs + Math.max(10, Math.ceil(rate.intervalMs * 0.01));
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
  return { intervalMs: limit > burst ? windowMs / (limit - burst) : windowMs, burst, windowMs };
}

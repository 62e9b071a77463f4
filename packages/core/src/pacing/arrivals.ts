/**
 * A strictly paced vendor (MocDoc: one request every 3 s) measures the interval where requests
 * arrive; we only see when they leave and when their answers come back. A request that left at
 * `d` and whose response headers came back `rtt` later arrived no later than d + rtt − base, where
 * base is the quickest round trip seen for that kind of request: whatever the vendor spent
 * answering and sending back, it is at least that. A cold connection's DNS, TCP and TLS, or a slow
 * network, shows as rtt above base and moves that bound, and the next request — from any
 * container — leaves no earlier than bound + T. When latency is steady, rtt ≈ base and the bound
 * is the departure itself, so only the small fixed margin of gcra.ts is paid.
 *
 * These are the pure decisions; pacer.ts keeps the state in the bucket's DynamoDB record.
 */
export interface ArrivalState {
  /** The bucket's latest departure, from any process (ms since epoch). */
  sentAt?: number;
  /** Upper bound of the latest reported arrival; below sentAt while the latest departure has not reported. */
  bound?: number;
  /** How far departures that left after their slot have moved the schedule, in all (ms). */
  lag: number;
  /** Round trips of the connection, any operation: the base of an operation not seen yet. */
  connection: RoundTrips;
  byOperation: Record<string, RoundTrips>;
  /** The vendor asked us to wait (429, Retry-After, an exhausted window) until then. */
  heldUntil?: number;
}

/** What the round trips of one kind of request have shown: their base and how many there were. */
export interface RoundTrips {
  base?: number;
  samples: number;
}

/**
 * How a base follows the round trips: down at once to a quicker one (so it stays a lower bound),
 * up by a 64th of the difference but never more than BASE_RISE_CAP_MS per round trip (so a path
 * that got slower for good is followed, slowly, without letting slow answers hide the next
 * handshake). The cap matters across containers: a container starting up answers its first round
 * trips late for reasons of its own (its code warming up), and uncapped those raised the shared
 * base enough that another container's quick request was bounded before it arrived. Under steady
 * jitter the base settles a few ms above the quickest round trip, which the fixed margin covers.
 */
const BASE_RISE = 1 / 64;
export const BASE_RISE_CAP_MS = 0.25;

export function learnBase(base: number | undefined, rttMs: number): number {
  if (base === undefined || rttMs <= base) return rttMs;
  return base + Math.min((rttMs - base) * BASE_RISE, BASE_RISE_CAP_MS);
}

/**
 * A base is trusted once this many round trips have shaped it. The first ones are slow for
 * reasons the later ones are not (the handshake, both sides' code warming up), and a base above
 * the quickest round trip would hide a late arrival; until then the bound is the answer's return.
 */
export const TRUSTED_AFTER = 8;

export function trustedBase(trips: RoundTrips | undefined): number | undefined {
  return trips && trips.samples >= TRUSTED_AFTER ? trips.base : undefined;
}

/** The latest the request can have arrived. With no base yet, when its answer came back. */
export function arrivalBound(departedAt: number, rttMs: number, base: number | undefined): number {
  return departedAt + Math.max(0, rttMs - (base ?? 0));
}

/**
 * How long a departure waits for the previous one to report before assuming it has arrived, past
 * the interval: a request still unanswered that long after it left was received long ago (the
 * vendor is slow to answer), or its container died. Giving up assumes the previous request arrived
 * within the grace of leaving, so the grace is at least REPORT_GRACE_FLOOR_MS: a handshake and a
 * slow hop are absolute delays, and with a short interval one grace of the interval was not enough
 * (a 250 ms interval saw a 249 ms gap behind a 150 ms handshake on a loaded machine).
 */
export const REPORT_GRACE_FLOOR_MS = 1000;

export function reportGrace(intervalMs: number): number {
  return Math.max(intervalMs, REPORT_GRACE_FLOOR_MS);
}

/** How often a departure waiting for the previous one's report looks again. */
export function reportPoll(intervalMs: number): number {
  return Math.min(100, Math.max(5, Math.round(intervalMs / 10)));
}

export interface DeparturePlan {
  /** When this request may leave; the caller sleeps until then and looks again. */
  at: number;
  /** True while the latest departure has not reported its arrival. */
  waitingForReport: boolean;
}

/** When a request whose slot starts at `slot` may leave, given what the bucket knows at `now`. */
export function planDeparture(state: ArrivalState, slot: number, now: number, intervalMs: number): DeparturePlan {
  const after = (t: number | undefined) => (t === undefined ? -Infinity : t + intervalMs);
  let at = Math.max(slot, after(state.sentAt), after(state.bound), state.heldUntil ?? -Infinity);
  const unreported = state.sentAt !== undefined && (state.bound === undefined || state.bound < state.sentAt);
  const giveUpAt = (state.sentAt ?? 0) + intervalMs + reportGrace(intervalMs);
  const waitingForReport = unreported && now < giveUpAt;
  if (waitingForReport) at = Math.max(at, Math.min(giveUpAt, now + reportPoll(intervalMs)));
  return { at, waitingForReport };
}

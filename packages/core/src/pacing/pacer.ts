import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Rate } from "../catalogue";
import { PacingBudgetExceeded } from "../errors";
import { isConditionFailed } from "../records";
import { arrivalBound, learnBase, planDeparture, reportGrace, trustedBase, type ArrivalState, type RoundTrips } from "./arrivals";
import { burstTolerance, effectiveInterval, lateDepartureLimitMs } from "./gcra";

/** A granted slot, and the bucket's schedule shift when it was granted (see `depart`). */
export interface Slot {
  startAt: number;
  lag: number;
}

export type Grant = ({ granted: true } & Slot) | { granted: false; retryAfterMs: number };

export interface PacerOptions {
  ddb: DynamoDBDocumentClient;
  table: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A request that has left, as `arrived` needs it. */
export interface Departure {
  key: string;
  at: number;
  /** Only strictly spaced buckets track arrivals. */
  tracked: boolean;
  operation?: RoundTrips;
  connection?: RoundTrips;
}

/**
 * What became of a request: sent at `sentAt` (after the departure was recorded and any bookkeeping
 * done) and answered (headers back) at `respondedAt`, or failed without an answer.
 */
export type ArrivalReport = { sentAt: number; respondedAt: number } | { failedAt: number; notSent: boolean };

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const BUCKET_TTL_SECONDS = 86_400;
const MAX_RACES = 20;
/** How many window-budget slots in a row a caller may miss (see `acquire`) before giving up. */
const MAX_MISSED_SLOTS = 20;
/**
 * Round trips are top-level attributes: `rttMs`/`rttCount` for the connection,
 * `rttMs_{operation}`/`rttCount_{operation}` per operation.
 */
const RTT = "rttMs";
/**
 * A strictly spaced request wakes this long before its slot to read the bucket and record its
 * departure, so those DynamoDB round trips are done when the slot comes and the request leaves on
 * time. Later than that they would add their latency to every interval.
 */
const DEPARTURE_LEAD_MS = 30;
const COUNT = "rttCount";

const numberOr = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
const lagOf = (item: Record<string, unknown>): number => numberOr(item.scheduleLag) ?? 0;

/**
 * A distributed rate limiter on DynamoDB. Every vendor call of a connection, from the API, a
 * queue consumer or a scheduled sync, in any container, goes through one record per bucket
 * (connection × pacing class), in two steps:
 *
 * 1. `acquire` reserves a slot with GCRA (gcra.ts): one conditional update, no read-modify-write
 *    race. It decides whether the caller can be served within its wait budget, and when.
 * 2. For strictly spaced buckets (burst 1), `depart`, right before the request leaves, checks the
 *    bucket's departure state (arrivals.ts): an interval after the latest departure and after the
 *    latest arrival bound, and not while the latest departure has yet to report. A conditional
 *    update records the departure, so two containers can never leave closer than the interval.
 *    `arrived`, after the answer, records the request's arrival bound and round trip.
 *
 * A departure that leaves after its slot (it waited for an arrival bound) moves every later slot
 * by as much — those already granted, whose holders wait for their slot moved by the bucket's
 * `lag` since they got it, and those still to be reserved — so the waits reservations promise stay
 * true and the schedule never drifts behind the departures.
 */
export class Pacer {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: PacerOptions) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? sleepFor;
  }

  static key(connectionId: string, pacingClass: string): string {
    return `PACE#${connectionId}#${pacingClass}`;
  }

  async reserve(key: string, rate: Rate, budgetMs: number): Promise<Grant> {
    const T = effectiveInterval(rate);
    const tau = burstTolerance(rate);
    // Fixed once: retrying after a lost race must not stretch the caller's budget.
    const limit = this.now() + budgetMs + tau;
    for (let race = 0; race < MAX_RACES; race++) {
      const now = this.now();
      const ttl = this.ttl(now);
      const idle = await this.tryUpdate(key, "SET tat = :next, #ttl = :ttl", "attribute_not_exists(tat) OR tat <= :now", {
        ":next": now + T, ":now": now, ":ttl": ttl,
      });
      if (idle) return { granted: true, startAt: now, lag: lagOf(idle) };
      // A fresh clock for each request: under load one DynamoDB round trip can take a while.
      const busyNow = this.now();
      const busy = await this.tryUpdate(key, "SET tat = tat + :T, #ttl = :ttl", "tat > :now AND tat <= :limit", {
        ":T": T, ":now": busyNow, ":limit": limit, ":ttl": ttl,
      });
      if (busy) return { granted: true, startAt: Math.max(busyNow, (busy.tat as number) - T - tau), lag: lagOf(busy) };
      const current = await this.readTat(key);
      if (current !== undefined && current > limit) {
        return { granted: false, retryAfterMs: Math.max(0, Math.ceil(current - tau - this.now())) };
      }
      // The bucket changed between our updates (another caller, or time moved on): try again.
    }
    throw new Error(`pacing: too much contention on ${key}`);
  }

  /**
   * Reserves a slot and waits for it (a strictly spaced one: until just before it, for `depart`).
   * A window budget's caller that wakes too long after its slot takes a new one instead.
   * Throws PacingBudgetExceeded when none is within the budget.
   */
  async acquire(key: string, rate: Rate, budgetMs: number): Promise<Slot> {
    const deadline = this.now() + budgetMs;
    const lateLimit = rate.burst > 1 && rate.windowMs ? lateDepartureLimitMs(rate) : Number.POSITIVE_INFINITY;
    for (let missed = 0; missed < MAX_MISSED_SLOTS; missed++) {
      const r = await this.reserve(key, rate, Math.max(0, deadline - this.now()));
      if (!r.granted) throw new PacingBudgetExceeded(r.retryAfterMs);
      const wait = r.startAt - this.now() - (rate.burst > 1 ? 0 : DEPARTURE_LEAD_MS);
      if (wait > 0) await this.sleep(wait);
      // A window budget's slot this far behind us is missed (see lateDepartureLimitMs): take a new one.
      if (this.now() - r.startAt <= lateLimit) return { startAt: r.startAt, lag: r.lag };
    }
    // A container too busy to leave near any slot: the caller may retry later, as for a full budget.
    throw new PacingBudgetExceeded(effectiveInterval(rate));
  }

  /**
   * Call right before the request leaves: records the departure at the first moment the bucket's
   * state lets it go (see arrivals.ts) and waits for that moment. Throws PacingBudgetExceeded when
   * that would be after `deadline`. Bursty buckets (windows of many calls) leave at their slot.
   *
   * Recording a departure shortly ahead of its moment is safe once the latest departure has
   * reported: until this one leaves, only a departure (which the condition excludes) could change
   * the state.
   */
  async depart(key: string, rate: Rate, operation: string, slot: Slot, deadline: number): Promise<Departure> {
    if (rate.burst > 1) return { key, at: this.now(), tracked: false };
    const T = effectiveInterval(rate);
    for (let race = 0; race < MAX_RACES; ) {
      const state = await this.readState(key);
      const now = this.now();
      // Where the slot is now: moved by every departure since it was granted that left late.
      const startAt = slot.startAt + state.lag - slot.lag;
      const plan = planDeparture(state, startAt, now, T);
      if (plan.at > deadline) throw new PacingBudgetExceeded(Math.ceil(plan.at - now));
      // Waiting for a report, or for a moment further off than the lead: look again then. Recording
      // a departure far ahead would block a caller whose slot comes earlier.
      if (plan.waitingForReport || plan.at - now > DEPARTURE_LEAD_MS) {
        await this.sleep(plan.at - now - (plan.waitingForReport ? 0 : DEPARTURE_LEAD_MS));
        continue;
      }
      const at = Math.max(plan.at, now);
      if (await this.tryDepart(key, at, T, state.lag, Math.max(0, at - startAt))) {
        const wait = at - this.now();
        if (wait > 0) await this.sleep(wait);
        return { key, at, tracked: true, operation: state.byOperation[operation], connection: state.connection };
      }
      race += 1;
    }
    throw new Error(`pacing: too much contention on ${key}`);
  }

  /** Records what became of a departed request: its arrival bound, and its round trip as the bases learn it. */
  async arrived(departure: Departure, operation: string, report: ArrivalReport): Promise<void> {
    if (!departure.tracked) return;
    const answered = "respondedAt" in report;
    const rtt = answered ? report.respondedAt - report.sentAt : 0;
    // An operation without a trusted base yet is measured against the connection's.
    const base = trustedBase(departure.operation) ?? trustedBase(departure.connection);
    // Never before the recorded departure: a bound below it would read as "not reported yet".
    const bound = Math.max(departure.at, answered ? arrivalBound(report.sentAt, rtt, base) : report.notSent ? departure.at : report.failedAt);
    const names = { "#ttl": "ttl", "#opRtt": `${RTT}_${operation}`, "#opCount": `${COUNT}_${operation}`, "#rtt": RTT, "#count": COUNT };
    const learned = answered
      ? {
          ":opRtt": learnBase(departure.operation?.base, rtt),
          ":rtt": learnBase(departure.connection?.base, rtt),
          ":one": 1,
        }
      : undefined;
    const ttl = this.ttl(this.now());
    if (learned) {
      const learn = "#opRtt = :opRtt, #rtt = :rtt ADD #opCount :one, #count :one";
      const values = { ":bound": bound, ":ttl": ttl, ...learned };
      if (await this.tryUpdate(departure.key, `SET arrivalBound = :bound, #ttl = :ttl, ${learn}`, "attribute_not_exists(arrivalBound) OR arrivalBound < :bound", values, names)) return;
      // A later bound is already known; the round trip still counts.
      await this.tryUpdate(departure.key, `SET #ttl = :ttl, ${learn}`, "attribute_exists(tat)", { ":ttl": ttl, ...learned }, names);
      return;
    }
    await this.tryUpdate(departure.key, "SET arrivalBound = :bound, #ttl = :ttl", "attribute_not_exists(arrivalBound) OR arrivalBound < :bound", { ":bound": bound, ":ttl": ttl });
  }

  /** Pushes the next slot, and every departure, to at least `untilMs` (the vendor told us to back off). */
  async holdUntil(key: string, rate: Rate, untilMs: number): Promise<void> {
    const ttl = Math.floor(untilMs / 1000) + BUCKET_TTL_SECONDS;
    await this.tryUpdate(key, "SET tat = :tat, #ttl = :ttl", "attribute_not_exists(tat) OR tat < :tat", { ":tat": untilMs + burstTolerance(rate), ":ttl": ttl });
    await this.tryUpdate(key, "SET heldUntil = :until, #ttl = :ttl", "attribute_not_exists(heldUntil) OR heldUntil < :until", { ":until": untilMs, ":ttl": ttl });
  }

  private ttl(now: number): number {
    return Math.floor(now / 1000) + BUCKET_TTL_SECONDS;
  }

  /**
   * Records a departure at `at` if nothing in the record forbids it: an interval after the latest
   * departure and the latest arrival bound, past any hold, and the latest departure reported (or
   * given up on). Every later slot moves by `shift`.
   */
  private async tryDepart(key: string, at: number, T: number, lag: number, shift: number): Promise<boolean> {
    const updated = await this.tryUpdate(
      key,
      "SET sentAt = :at, scheduleLag = :lag, tat = if_not_exists(tat, :at) + :shift, #ttl = :ttl",
      [
        "(attribute_not_exists(scheduleLag) OR scheduleLag = :seenLag)",
        "(attribute_not_exists(sentAt) OR sentAt <= :free)",
        "(attribute_not_exists(arrivalBound) OR arrivalBound <= :free)",
        "(attribute_not_exists(heldUntil) OR heldUntil <= :at)",
        "(attribute_not_exists(sentAt) OR arrivalBound >= sentAt OR sentAt <= :unreported)",
      ].join(" AND "),
      { ":at": at, ":lag": lag + shift, ":seenLag": lag, ":shift": shift, ":ttl": this.ttl(at), ":free": at - T, ":unreported": at - T - reportGrace(T) },
    );
    return updated !== false;
  }

  private async tryUpdate(
    key: string,
    update: string,
    condition: string,
    values: Record<string, number>,
    names: Record<string, string> = { "#ttl": "ttl" },
  ): Promise<Record<string, unknown> | false> {
    try {
      const out = await this.opts.ddb.send(
        new UpdateCommand({
          TableName: this.opts.table,
          Key: { pk: key },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      return out.Attributes ?? {};
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  private async readItem(key: string): Promise<Record<string, unknown>> {
    const out = await this.opts.ddb.send(new GetCommand({ TableName: this.opts.table, Key: { pk: key }, ConsistentRead: true }));
    return out.Item ?? {};
  }

  private async readTat(key: string): Promise<number | undefined> {
    return numberOr((await this.readItem(key)).tat);
  }

  private async readState(key: string): Promise<ArrivalState> {
    const item = await this.readItem(key);
    const trips = (suffix: string): RoundTrips => ({ base: numberOr(item[`${RTT}${suffix}`]), samples: numberOr(item[`${COUNT}${suffix}`]) ?? 0 });
    const byOperation: Record<string, RoundTrips> = {};
    for (const name of Object.keys(item)) if (name.startsWith(`${RTT}_`)) byOperation[name.slice(RTT.length + 1)] = trips(name.slice(RTT.length));
    return {
      sentAt: numberOr(item.sentAt),
      bound: numberOr(item.arrivalBound),
      lag: lagOf(item),
      heldUntil: numberOr(item.heldUntil),
      connection: trips(""),
      byOperation,
    };
  }
}

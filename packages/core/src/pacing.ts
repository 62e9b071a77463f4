import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Rate } from "./catalogue";
import { PacingBudgetExceeded } from "./errors";
import { isConditionFailed } from "./records";

/**
 * A distributed rate limiter (GCRA) on DynamoDB. Every vendor call of a connection, from the API,
 * a queue consumer or a scheduled sync, reserves its start time here, so they share one budget.
 *
 * The bucket keeps `tat`, the theoretical arrival time of the next call. A reservation is one
 * conditional update, never a read-modify-write race:
 *   idle bucket  (tat <= now):            tat := now + T            start now
 *   busy bucket  (now < tat <= limit):    tat := tat + T            start at max(now, tat_old − τ)
 *   over budget  (tat > limit):           nothing written           retry after tat − τ − now
 * with T the spacing, τ = (burst − 1)·T the burst tolerance and limit = now + budget + τ.
 */
export type Reservation = { granted: true; startAt: number } | { granted: false; retryAfterMs: number };

/**
 * Sending at the reserved instant is not arriving at it: timers fire late, a new connection needs
 * its handshake, and so two calls reserved exactly T apart can arrive closer. A 2% margin (at
 * least 10 ms) keeps arrivals spaced while giving up at most 2% of the allowed rate at real vendor
 * intervals (MocDoc: 3000 → 3060 ms).
 */
export function effectiveInterval(rate: Rate): number {
  return rate.intervalMs + Math.max(10, Math.ceil(rate.intervalMs * 0.02));
}

/** The decision GCRA makes for one request, as a pure function (the DynamoDB path mirrors it). */
export function gcra(tat: number | undefined, now: number, rate: Rate, budgetMs: number): Reservation & { newTat?: number } {
  const T = effectiveInterval(rate);
  const tau = (rate.burst - 1) * T;
  const current = Math.max(tat ?? now, now);
  const startAt = Math.max(now, current - tau);
  if (startAt - now > budgetMs) return { granted: false, retryAfterMs: startAt - now };
  return { granted: true, startAt, newTat: current + T };
}

export interface PacerOptions {
  ddb: DynamoDBDocumentClient;
  table: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const BUCKET_TTL_SECONDS = 86_400;
const MAX_RACES = 20;

export class Pacer {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /**
   * Last send per bucket in this process. The shared reservation spaces slot starts; a caller that
   * wakes late for its slot (a busy event loop) would still squeeze the next one, so within one
   * process sends are also spaced from the previous actual send.
   */
  private readonly lastSend = new Map<string, number>();

  constructor(private readonly opts: PacerOptions) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? sleepFor;
  }

  static key(connectionId: string, pacingClass: string): string {
    return `PACE#${connectionId}#${pacingClass}`;
  }

  async reserve(key: string, rate: Rate, budgetMs: number): Promise<Reservation> {
    const T = effectiveInterval(rate);
    const tau = (rate.burst - 1) * T;
    // Fixed once: retrying after a lost race must not stretch the caller's budget.
    const limit = this.now() + budgetMs + tau;
    for (let race = 0; race < MAX_RACES; race++) {
      const now = this.now();
      const ttl = Math.floor(now / 1000) + BUCKET_TTL_SECONDS;
      if (await this.tryUpdate(key, "SET tat = :next, #ttl = :ttl", "attribute_not_exists(tat) OR tat <= :now", {
        ":next": now + T, ":now": now, ":ttl": ttl,
      })) {
        return { granted: true, startAt: now };
      }
      // A fresh clock for each request: under load one DynamoDB round trip can take a while.
      const busyNow = this.now();
      const updated = await this.tryUpdate(key, "SET tat = tat + :T, #ttl = :ttl", "tat > :now AND tat <= :limit", {
        ":T": T, ":now": busyNow, ":limit": limit, ":ttl": ttl,
      });
      if (updated !== false) return { granted: true, startAt: Math.max(busyNow, (updated as number) - T - tau) };
      const current = await this.readTat(key);
      if (current !== undefined && current > limit) {
        return { granted: false, retryAfterMs: Math.max(0, Math.ceil(current - tau - this.now())) };
      }
      // The bucket changed between our updates (another caller, or time moved on): try again.
    }
    throw new Error(`pacing: too much contention on ${key}`);
  }

  /** Reserves a slot and waits for it; throws PacingBudgetExceeded when none is within the budget. */
  async acquire(key: string, rate: Rate, budgetMs: number): Promise<void> {
    const r = await this.reserve(key, rate, budgetMs);
    if (!r.granted) throw new PacingBudgetExceeded(r.retryAfterMs);
    const wait = r.startAt - this.now();
    if (wait > 0) await this.sleep(wait);
  }

  /**
   * Call immediately before the request leaves, after any bookkeeping (a write records that it is
   * being sent): waits until this process's previous send of the bucket is an interval behind,
   * then records this send.
   */
  async departing(key: string, rate: Rate): Promise<void> {
    const spacing = rate.burst > 1 ? 0 : effectiveInterval(rate);
    // Re-checked after each sleep: an earlier send may have reported a later time meanwhile.
    for (;;) {
      const wait = (this.lastSend.get(key) ?? -Infinity) + spacing - this.now();
      if (wait <= 0) break;
      await this.sleep(wait);
    }
    this.markSent(key, this.now());
  }

  /**
   * Records that a request of this bucket left at `at` (or, for the first request on a new
   * connection, whose handshake delays its arrival by an unknown amount, an upper bound of its
   * arrival: when its response came back).
   */
  markSent(key: string, at: number): void {
    this.lastSend.set(key, Math.max(at, this.lastSend.get(key) ?? -Infinity));
  }

  /** Pushes the next slot to at least `untilMs` (the vendor told us to back off). */
  async holdUntil(key: string, rate: Rate, untilMs: number): Promise<void> {
    const tau = (rate.burst - 1) * effectiveInterval(rate);
    await this.tryUpdate(key, "SET tat = :until, #ttl = :ttl", "attribute_not_exists(tat) OR tat < :until", {
      ":until": untilMs + tau, ":ttl": Math.floor(untilMs / 1000) + BUCKET_TTL_SECONDS,
    });
  }

  private async tryUpdate(key: string, update: string, condition: string, values: Record<string, number>): Promise<number | boolean> {
    try {
      const out = await this.opts.ddb.send(
        new UpdateCommand({
          TableName: this.opts.table,
          Key: { pk: key },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: { "#ttl": "ttl" },
          ExpressionAttributeValues: values,
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return (out.Attributes?.tat as number | undefined) ?? true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  private async readTat(key: string): Promise<number | undefined> {
    const out = await this.opts.ddb.send(new GetCommand({ TableName: this.opts.table, Key: { pk: key }, ConsistentRead: true }));
    return out.Item?.tat as number | undefined;
  }
}

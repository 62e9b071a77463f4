import { randomUUID } from "node:crypto";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import type { BusEvent, EventPublisher, OutgoingEvent } from "@switchboard/core/events";
import { rootLogger } from "@switchboard/core/log";
import { EVENT_SOURCE } from "@switchboard/core/naming";

/**
 * EventBridge, in process: PutEvents accepts at once and targets are invoked asynchronously, with
 * retries, as EventBridge does. Rules match on the envelope. Recent events are kept for the local
 * API and tests to inspect, and, given a `logFile`, the last LOG_KEPT across restarts, one JSON
 * object a line (`switchboard events list` reads it; local simulated data only, mode 0600).
 */
export interface Rule {
  name: string;
  matches(event: BusEvent): boolean;
  target(event: BusEvent): Promise<unknown>;
}

const HISTORY = 1000;
const DELIVERY_ATTEMPTS = 3;
export const LOG_KEPT = 10_000;

export class LocalEventBus implements EventPublisher {
  private readonly rules: Rule[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly waiters = new Set<{ match: (e: BusEvent) => boolean; resolve: (e: BusEvent) => void }>();
  readonly history: BusEvent[] = [];
  private logged = 0;

  constructor(
    private readonly region: string,
    private readonly logFile?: string,
  ) {
    if (logFile) this.logged = readEventLog(logFile).length;
  }

  addRule(rule: Rule): void {
    this.rules.push(rule);
  }

  async publish(events: OutgoingEvent[]): Promise<void> {
    for (const e of events) this.accept(e, EVENT_SOURCE);
  }

  /** PutEvents from "another AWS service", with any source. */
  put(detailType: string, detail: Record<string, unknown>, source = "local.cli"): BusEvent {
    return this.accept({ detailType, detail }, source);
  }

  /** Resolves with the first event (already seen or still to come) that matches. */
  waitFor(match: (e: BusEvent) => boolean, timeoutMs = 30_000): Promise<BusEvent> {
    const seen = this.history.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (e: BusEvent) => (clearTimeout(timer), this.waiters.delete(waiter), resolve(e)) };
      const timer = setTimeout(() => (this.waiters.delete(waiter), reject(new Error("timed out waiting for an event"))), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits for deliveries in flight (used when stopping). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private accept(e: OutgoingEvent, source: string): BusEvent {
    const event: BusEvent = {
      version: "0",
      id: randomUUID(),
      "detail-type": e.detailType,
      source,
      account: "000000000000",
      time: new Date().toISOString(),
      region: this.region,
      resources: [],
      detail: JSON.parse(JSON.stringify(e.detail)) as Record<string, unknown>,
    };
    this.history.push(event);
    if (this.history.length > HISTORY) this.history.shift();
    this.log(event);
    for (const waiter of [...this.waiters]) if (waiter.match(event)) waiter.resolve(event);
    for (const rule of this.rules) if (rule.matches(event)) this.deliver(rule, event);
    return event;
  }

  private log(event: BusEvent): void {
    if (!this.logFile) return;
    appendFileSync(this.logFile, `${JSON.stringify(event)}\n`, { mode: 0o600 });
    // Trimmed in steps, not on every event: the file holds between LOG_KEPT and 1.1 × LOG_KEPT lines.
    if (++this.logged > LOG_KEPT * 1.1) {
      const kept = readEventLog(this.logFile).slice(-LOG_KEPT);
      writeFileSync(this.logFile, kept.map((e) => `${JSON.stringify(e)}\n`).join(""), { mode: 0o600 });
      this.logged = kept.length;
    }
  }

  private deliver(rule: Rule, event: BusEvent): void {
    const run = (async () => {
      for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
        try {
          await rule.target(event);
          return;
        } catch (err) {
          rootLogger.warn("event delivery failed", { rule: rule.name, eventId: event.id, attempt, error: (err as Error).name });
          await new Promise((r) => setTimeout(r, 100 * attempt));
        }
      }
      rootLogger.error("event delivery abandoned", { rule: rule.name, eventId: event.id });
    })();
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }
}

/** The events a bus logged, oldest first (none when there is no log yet). */
export function readEventLog(file: string): BusEvent[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BusEvent);
}

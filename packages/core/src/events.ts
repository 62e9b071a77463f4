import { lazySdk } from "./aws";
import { EVENT_SOURCE } from "./naming";

/**
 * Events on the Switchboard bus. `switchboard.command` asks for an operation; every finished job
 * emits `switchboard.job.succeeded` or `switchboard.job.failed`; a command that cannot be accepted
 * emits `switchboard.command.rejected` so it is never dropped silently.
 */
export const DetailType = {
  command: "switchboard.command",
  commandRejected: "switchboard.command.rejected",
  jobSucceeded: "switchboard.job.succeeded",
  jobFailed: "switchboard.job.failed",
} as const;

export interface OutgoingEvent {
  detailType: string;
  detail: Record<string, unknown>;
}

/** The EventBridge envelope a rule target receives. */
export interface BusEvent<D = Record<string, unknown>> {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: D;
}

export interface EventPublisher {
  publish(events: OutgoingEvent[]): Promise<void>;
}

const PUT_EVENTS_MAX = 10;
/** PutEvents accepts 256 KB per request; entries are grouped to stay under it. */
const PUT_EVENTS_MAX_BYTES = 250_000;

/** Consecutive groups of at most ten entries and PUT_EVENTS_MAX_BYTES each. */
export function putEventsBatches<T extends { Detail?: string; DetailType?: string; Source?: string }>(entries: T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.Detail ?? "") + Buffer.byteLength(entry.DetailType ?? "") + Buffer.byteLength(entry.Source ?? "");
    if (current.length && (current.length === PUT_EVENTS_MAX || bytes + size > PUT_EVENTS_MAX_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

export class EventBridgePublisher implements EventPublisher {
  /** The EventBridge SDK loads on the first publish: reads and plain writes publish nothing. */
  private readonly eventBridge = lazySdk(() => import("@aws-sdk/client-eventbridge"), (sdk) => new sdk.EventBridgeClient({}));

  constructor(private readonly busName: string) {}

  async publish(events: OutgoingEvent[]): Promise<void> {
    const entries = events.map((e) => ({ EventBusName: this.busName, Source: EVENT_SOURCE, DetailType: e.detailType, Detail: JSON.stringify(e.detail) }));
    const { sdk, client } = await this.eventBridge();
    for (const batch of putEventsBatches(entries)) {
      const out = await client.send(new sdk.PutEventsCommand({ Entries: batch }));
      if (out.FailedEntryCount) throw new Error(`EventBridge rejected ${out.FailedEntryCount} of ${batch.length} events`);
    }
  }
}

let localPublisher: EventPublisher | undefined;

/** The local stack registers its in-process bus here; `EVENTS_BACKEND=local` resolves to it. */
export function registerLocalPublisher(publisher: EventPublisher | undefined): void {
  localPublisher = publisher;
}

export function localEventPublisher(): EventPublisher {
  if (!localPublisher) throw new Error("EVENTS_BACKEND=local but no local event bus is running");
  return localPublisher;
}

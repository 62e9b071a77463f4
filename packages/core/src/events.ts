import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
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

export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly busName: string,
    private readonly client = new EventBridgeClient({}),
  ) {}

  async publish(events: OutgoingEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += PUT_EVENTS_MAX) {
      const batch = events.slice(i, i + PUT_EVENTS_MAX);
      const out = await this.client.send(
        new PutEventsCommand({
          Entries: batch.map((e) => ({ EventBusName: this.busName, Source: EVENT_SOURCE, DetailType: e.detailType, Detail: JSON.stringify(e.detail) })),
        }),
      );
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

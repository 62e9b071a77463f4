import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Archive } from "../archive";
import type { EventPublisher } from "../events";
import { isConditionFailed } from "../records";

/**
 * What vendors send us (webhook pushes, pulled notifications) on its way to the bus, never lost
 * and never doubled:
 *
 * 1. `receive` first writes the whole delivery in one conditional-free update to the connection's
 *    open-deliveries record (or, when too large for an item, to the archive first and a reference
 *    there). From then on a crash loses nothing: `drain` finds the delivery and finishes it.
 * 2. The raw delivery is archived (`inbox/{vendor}/{connectionId}/{date}/{deliveryId}.json`).
 * 3. Each event is claimed by its stable id (a conditional put): the same event received twice,
 *    by push and by pull, is published once. A claimed event is published, then marked so; a
 *    claim left unpublished for `claimMs` is taken over by the next drain.
 * 4. The delivery is closed.
 *
 * A crash between publishing and marking publishes that event again on the next drain: delivery
 * is at least once, with the stable id in every event for consumers to deduplicate.
 */
export interface InboundEvent {
  /** Stable, derived from the content: the same notification received twice has the same id. */
  eventId: string;
  detailType: string;
  detail: Record<string, unknown>;
}

export interface Delivery {
  vendor: string;
  connectionId: string;
  via: "pull" | "push" | "api";
  /** The delivery as received, for the archive. */
  raw: string;
  events: InboundEvent[];
}

export interface ReceiveOutcome {
  deliveryId: string;
  published: number;
  duplicates: number;
}

export interface InboxOptions {
  ddb: DynamoDBDocumentClient;
  table: string;
  archive: Archive;
  events: EventPublisher;
  /** How long an event id is remembered for deduplication (Docplanner keeps notifications 72 h). */
  dedupeSeconds?: number;
  claimMs?: number;
  now?: () => number;
}

/** A delivery larger than this goes to the archive first, with only its key in the table. */
const MAX_INLINE_BYTES = 300_000;
/**
 * How long a receipt has to publish what it claimed (default). A claim or an open delivery older
 * than that belongs to a receipt that died; a drain takes it over. Younger ones are a receipt
 * still at work.
 */
const CLAIM_MS = 60_000;
const DEFAULT_DEDUPE_SECONDS = 7 * 86_400;

interface StoredDelivery {
  via: Delivery["via"];
  receivedAt: string;
  events: InboundEvent[];
}

export class Inbox {
  private readonly now: () => number;
  private readonly claimMs: number;

  constructor(private readonly opts: InboxOptions) {
    this.now = opts.now ?? Date.now;
    this.claimMs = opts.claimMs ?? CLAIM_MS;
  }

  private static openKey(vendor: string, connectionId: string) {
    return `INBOXOPEN#${vendor}#${connectionId}`;
  }

  private static eventKey(vendor: string, connectionId: string, eventId: string) {
    return `INBOXEVENT#${vendor}#${connectionId}#${eventId}`;
  }

  async receive(delivery: Delivery): Promise<ReceiveOutcome> {
    const deliveryId = randomUUID();
    const receivedAt = new Date(this.now()).toISOString();
    const stored: StoredDelivery = { via: delivery.via, receivedAt, events: delivery.events };
    const archiveKey = `inbox/${delivery.vendor}/${delivery.connectionId}/${receivedAt.slice(0, 10)}/${deliveryId}.json`;
    const text = JSON.stringify(stored);
    const inline = Buffer.byteLength(text) <= MAX_INLINE_BYTES;
    if (!inline) await this.opts.archive.put(`${archiveKey}.events`, text);
    await this.opts.ddb.send(
      new UpdateCommand({
        TableName: this.opts.table,
        Key: { pk: Inbox.openKey(delivery.vendor, delivery.connectionId) },
        UpdateExpression: "SET #d = :stored, #type = :type ADD #open :id",
        ExpressionAttributeNames: { "#d": `d_${deliveryId}`, "#type": "type", "#open": "open" },
        ExpressionAttributeValues: { ":stored": inline ? text : { archived: `${archiveKey}.events` }, ":type": "inbox-open", ":id": new Set([deliveryId]) },
      }),
    );
    await this.opts.archive.put(archiveKey, delivery.raw);
    const counts = await this.finish(delivery.vendor, delivery.connectionId, deliveryId, stored);
    return { deliveryId, ...counts };
  }

  /**
   * Keeps a delivery we refused (bad signature, not decryptable, invalid) for inspection: the raw
   * body in the archive under `rejected/`, the reason beside it. Nothing of it is logged.
   */
  async reject(vendor: string, connectionId: string, raw: string, reason: string): Promise<string> {
    const rejectionId = randomUUID();
    const at = new Date(this.now()).toISOString();
    await this.opts.archive.put(`rejected/${vendor}/${connectionId}/${at.slice(0, 10)}/${rejectionId}.json`, JSON.stringify({ reason, receivedAt: at, raw }));
    return rejectionId;
  }

  /** Finishes every delivery a previous receipt stored but did not close; answers how many it published. */
  async drain(vendor: string, connectionId: string): Promise<number> {
    const out = await this.opts.ddb.send(new GetCommand({ TableName: this.opts.table, Key: { pk: Inbox.openKey(vendor, connectionId) }, ConsistentRead: true }));
    const item = out.Item ?? {};
    let published = 0;
    for (const deliveryId of (item.open as Set<string> | undefined) ?? []) {
      const entry = item[`d_${deliveryId}`] as string | { archived: string } | undefined;
      const text = typeof entry === "string" ? entry : entry ? await this.opts.archive.get(entry.archived) : undefined;
      if (text === undefined) {
        await this.close(vendor, connectionId, deliveryId);
        continue;
      }
      const stored = JSON.parse(text) as StoredDelivery;
      // A receipt still at work finishes its own delivery.
      if (Date.parse(stored.receivedAt) > this.now() - this.claimMs) continue;
      published += (await this.finish(vendor, connectionId, deliveryId, stored)).published;
    }
    return published;
  }

  private async finish(vendor: string, connectionId: string, deliveryId: string, stored: StoredDelivery): Promise<Omit<ReceiveOutcome, "deliveryId">> {
    // Claims are independent items: made side by side, then published in the delivery's order.
    const claims = await inParallel(stored.events, (event) => this.claim(vendor, connectionId, event.eventId));
    const mine = stored.events.filter((_, i) => claims[i]);
    if (mine.length) {
      await this.opts.events.publish(mine.map((event) => ({ detailType: event.detailType, detail: event.detail })));
      await inParallel(mine, (event) => this.markPublished(vendor, connectionId, event.eventId));
    }
    await this.close(vendor, connectionId, deliveryId);
    return { published: mine.length, duplicates: stored.events.length - mine.length };
  }

  /** True when this event is ours to publish: new, or claimed by a receipt that died before publishing it. */
  private async claim(vendor: string, connectionId: string, eventId: string): Promise<boolean> {
    const now = this.now();
    const ttl = Math.floor(now / 1000) + (this.opts.dedupeSeconds ?? DEFAULT_DEDUPE_SECONDS);
    try {
      await this.opts.ddb.send(
        new PutCommand({
          TableName: this.opts.table,
          Item: { pk: Inbox.eventKey(vendor, connectionId, eventId), type: "inbox-event", state: "claimed", claimedAt: now, ttl },
          ConditionExpression: "attribute_not_exists(pk) OR (#state = :claimed AND claimedAt < :abandoned)",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":claimed": "claimed", ":abandoned": now - this.claimMs },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  private async markPublished(vendor: string, connectionId: string, eventId: string): Promise<void> {
    await this.opts.ddb.send(
      new UpdateCommand({
        TableName: this.opts.table,
        Key: { pk: Inbox.eventKey(vendor, connectionId, eventId) },
        UpdateExpression: "SET #state = :published",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":published": "published" },
      }),
    );
  }

  private async close(vendor: string, connectionId: string, deliveryId: string): Promise<void> {
    await this.opts.ddb.send(
      new UpdateCommand({
        TableName: this.opts.table,
        Key: { pk: Inbox.openKey(vendor, connectionId) },
        UpdateExpression: "REMOVE #d DELETE #open :id",
        ExpressionAttributeNames: { "#d": `d_${deliveryId}`, "#open": "open" },
        ExpressionAttributeValues: { ":id": new Set([deliveryId]) },
      }),
    );
  }
}

/** At most this many table writes of one delivery in flight at once. */
const PARALLEL_WRITES = 25;

async function inParallel<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, items.length) }, worker));
  return results;
}

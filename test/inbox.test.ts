import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { FileArchive } from "@switchboard/core/archive";
import { dynamoClients } from "@switchboard/core/aws";
import type { OutgoingEvent } from "@switchboard/core/events";
import { Inbox, type InboundEvent } from "@switchboard/core/inbox/inbox";
import { ensureTable, startDynalite } from "@switchboard/local/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The inbox on a real DynamoDB wire protocol (dynalite), with a file archive and a recording bus. */
const TABLE = "inbox-test";

describe("Inbox", () => {
  let dir: string;
  let dynamo: Awaited<ReturnType<typeof startDynalite>>;
  let ddb: DynamoDBDocumentClient;
  let archive: FileArchive;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "inbox-"));
    dynamo = await startDynalite(join(dir, "db"));
    const { client, doc } = dynamoClients({ AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: dynamo.endpoint });
    await ensureTable(client, TABLE);
    ddb = doc;
    archive = new FileArchive(join(dir, "archive"));
  });
  afterAll(async () => {
    await dynamo.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A bus that records what it carries and can be made to fail. */
  function bus() {
    const published: OutgoingEvent[] = [];
    let failing = false;
    return {
      published,
      fail: (on: boolean) => void (failing = on),
      publisher: {
        publish: async (events: OutgoingEvent[]) => {
          if (failing) throw new Error("bus down");
          published.push(...events);
        },
      },
    };
  }

  const event = (id: string): InboundEvent => ({ eventId: id, detailType: "vendor.thing-happened", detail: { id } });

  it("publishes each event once, however often and by whichever path it arrives", async () => {
    const b = bus();
    const inbox = new Inbox({ ddb, table: TABLE, archive, events: b.publisher });
    await inbox.receive({ vendor: "v", connectionId: "c1", via: "push", raw: "{}", events: [event("a")] });
    const again = await inbox.receive({ vendor: "v", connectionId: "c1", via: "pull", raw: "{}", events: [event("a"), event("b")] });
    expect(again).toMatchObject({ published: 1, duplicates: 1 });
    expect(b.published.map((e) => e.detail.id)).toEqual(["a", "b"]);
    // Another connection's event with the same id is its own.
    await inbox.receive({ vendor: "v", connectionId: "c2", via: "push", raw: "{}", events: [event("a")] });
    expect(b.published).toHaveLength(3);
  });

  it("keeps a delivery whose publishing failed, and a later drain publishes it once", async () => {
    let clock = Date.now();
    const b = bus();
    const inbox = new Inbox({ ddb, table: TABLE, archive, events: b.publisher, now: () => clock });
    b.fail(true);
    await expect(inbox.receive({ vendor: "v", connectionId: "c3", via: "pull", raw: '{"n":1}', events: [event("x"), event("y")] })).rejects.toThrow("bus down");
    b.fail(false);
    // A drain right away leaves it to the receipt that might still be at work.
    expect(await inbox.drain("v", "c3")).toBe(0);
    clock += 61_000;
    expect(await inbox.drain("v", "c3")).toBe(2);
    expect(b.published.map((e) => e.detail.id)).toEqual(["x", "y"]);
    // Finished: nothing left to drain, and the same events arriving again are duplicates.
    expect(await inbox.drain("v", "c3")).toBe(0);
    expect(await inbox.receive({ vendor: "v", connectionId: "c3", via: "push", raw: "{}", events: [event("x")] })).toMatchObject({ published: 0, duplicates: 1 });
  });

  it("archives what it receives and keeps what it refuses, apart", async () => {
    const b = bus();
    const inbox = new Inbox({ ddb, table: TABLE, archive, events: b.publisher });
    const { deliveryId } = await inbox.receive({ vendor: "v", connectionId: "c4", via: "push", raw: '{"raw":true}', events: [event("r")] });
    const day = new Date().toISOString().slice(0, 10);
    expect(await archive.get(`inbox/v/c4/${day}/${deliveryId}.json`)).toBe('{"raw":true}');
    const rejectionId = await inbox.reject("v", "c4", "not json", "the body is not JSON");
    expect(JSON.parse((await archive.get(`rejected/v/c4/${day}/${rejectionId}.json`))!)).toMatchObject({ reason: "the body is not JSON", raw: "not json" });
  });
});

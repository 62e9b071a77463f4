import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamoClients } from "@switchboard/core/aws";
import { effectiveInterval, Pacer } from "@switchboard/core/pacing";
import { ensureTable, startDynalite } from "@switchboard/local/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The pacer's conditional updates against a real DynamoDB wire protocol (dynalite). */
const TABLE = "pacing-test";

describe("Pacer on DynamoDB (dynalite)", () => {
  let dir: string;
  let dynamo: Awaited<ReturnType<typeof startDynalite>>;
  let ddb: DynamoDBDocumentClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pacer-"));
    dynamo = await startDynalite(dir);
    const { client, doc } = dynamoClients({ AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: dynamo.endpoint });
    await ensureTable(client, TABLE);
    ddb = doc;
  });
  afterAll(async () => {
    await dynamo.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("gives 20 concurrent reservations distinct slots exactly one interval apart", async () => {
    const now = 1_000_000;
    const pacer = new Pacer({ ddb, table: TABLE, now: () => now });
    const rate = { intervalMs: 3000, burst: 1 };
    const results = await Promise.all(Array.from({ length: 20 }, () => pacer.reserve("PACE#c1#default", rate, 120_000)));
    const starts = results.map((r) => (r.granted ? r.startAt : -1)).sort((a, b) => a - b);
    const T = effectiveInterval(rate);
    expect(starts).toEqual(Array.from({ length: 20 }, (_, i) => now + i * T));
  });

  it("refuses without consuming a slot when the wait exceeds the budget", async () => {
    const now = 5_000_000;
    const pacer = new Pacer({ ddb, table: TABLE, now: () => now });
    const rate = { intervalMs: 1000, burst: 1 };
    const T = effectiveInterval(rate);
    expect(await pacer.reserve("PACE#c2#default", rate, 0)).toEqual({ granted: true, startAt: now });
    expect(await pacer.reserve("PACE#c2#default", rate, 500)).toEqual({ granted: false, retryAfterMs: T });
    expect(await pacer.reserve("PACE#c2#default", rate, 2000)).toEqual({ granted: true, startAt: now + T });
  });

  it("keeps separate budgets per connection and pacing class", async () => {
    const now = 7_000_000;
    const pacer = new Pacer({ ddb, table: TABLE, now: () => now });
    const rate = { intervalMs: 1000, burst: 1 };
    const a = await pacer.reserve("PACE#c3#read", rate, 0);
    const b = await pacer.reserve("PACE#c3#write", rate, 0);
    const c = await pacer.reserve("PACE#c4#read", rate, 0);
    expect([a, b, c]).toEqual([{ granted: true, startAt: now }, { granted: true, startAt: now }, { granted: true, startAt: now }]);
  });

  it("holds every caller back until a vendor's Retry-After has passed", async () => {
    const now = 9_000_000;
    const pacer = new Pacer({ ddb, table: TABLE, now: () => now });
    const rate = { intervalMs: 1000, burst: 1 };
    await pacer.holdUntil("PACE#c5#default", rate, now + 4000);
    expect(await pacer.reserve("PACE#c5#default", rate, 10_000)).toEqual({ granted: true, startAt: now + 4000 });
  });

  it("spaces a send from this process's previous one when that one left late for its slot", async () => {
    let clock = 11_000_000;
    const pacer = new Pacer({ ddb, table: TABLE, now: () => clock, sleep: async (ms) => void (clock += ms) });
    const rate = { intervalMs: 1000, burst: 1 };
    const T = effectiveInterval(rate);
    await pacer.acquire("PACE#c6#default", rate, 10_000);
    clock += 100; // the first write's bookkeeping before it leaves
    await pacer.departing("PACE#c6#default", rate);
    const firstLeft = clock;
    await pacer.acquire("PACE#c6#default", rate, 10_000);
    expect(clock).toBe(11_000_000 + T);
    await pacer.departing("PACE#c6#default", rate);
    expect(clock).toBe(firstLeft + T);
  });
});

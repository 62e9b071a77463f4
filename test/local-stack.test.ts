import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DetailType } from "@switchboard/core/events";
import { newJobId } from "@switchboard/core/jobs";
import { readEventLog } from "@switchboard/local/event-bus";
import { startLocalStack } from "@switchboard/local/stack";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { dynamoClients } from "@switchboard/core/aws";
import { ConnectionStore } from "@switchboard/core/connections";
import { ensureTable, startDynalite, waitForTable } from "@switchboard/local/services";
import { afterAll, describe, expect, it } from "vitest";
import { apiClient, appointment } from "./support/local";

/** The local stack keeps its state across restarts and never loses accepted work. */
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("local stack restarts", () => {
  it("keeps connections, secrets and the dev key, and re-queues jobs the in-memory queue lost", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "switchboard-restart-"));
    dirs.push(dataDir);
    const options = { port: 0, dataDir, simulatorPorts: { mocdoc: 0, docplanner: 0 }, queueVisibilitySeconds: 1, schedule: false };

    const first = await startLocalStack(options);
    const token = await first.token("demo");
    first.bus.put("restart.kept", { n: 1 });
    const pushToken = (await first.deps.credentials.get((await first.deps.connections.require("demo-docplanner")).secretRef)).pushToken;
    const jobId = newJobId();
    // A job accepted just before the stop, whose queue message dies with fauxqs.
    await first.deps.jobs.create({
      jobId,
      tenantId: "demo",
      connectionId: "demo-mocdoc",
      operationId: "mocdoc.bookAppointment",
      input: appointment({ start: "18:00" }),
      correlationId: "restart-test-0001",
      source: "api",
    });
    await first.stop();

    const second = await startLocalStack(options);
    try {
      const done = await second.bus.waitFor((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.jobId === jobId);
      expect(done.detail.result).toMatchObject({ apptkey: "dr-arthi2026120118:00" });
      const api = apiClient(second, token);
      expect((await api("GET", "/v1/mocdoc/demo-mocdoc/locations")).status).toBe(200);
      expect((await api("GET", `/v1/jobs/${jobId}`)).json.status).toBe("succeeded");
      expect((await second.deps.connections.list()).map((c) => c.connectionId)).toContain("demo-mocdoc");
      // The events the bus carried, and the push URL the vendor was given, survive too.
      expect(readEventLog(join(dataDir, "events.jsonl")).some((e) => e["detail-type"] === "restart.kept")).toBe(true);
      expect((await second.deps.credentials.get((await second.deps.connections.require("demo-docplanner")).secretRef)).pushToken).toBe(pushToken);
      for (const file of ["dev-auth.json", "sandbox-accounts.json", "events.jsonl", "secrets/switchboard/local/mocdoc/demo-mocdoc.json"]) {
        expect((await stat(join(dataDir, file))).mode & 0o777).toBe(0o600);
      }
    } finally {
      await second.stop();
    }
  }, 60_000);
});

describe("local table upgrades", () => {
  it("rebuilds a table from before the connections index, keeping every record", async () => {
    const dir = await mkdtemp(join(tmpdir(), "switchboard-upgrade-"));
    dirs.push(dir);
    const dynamo = await startDynalite(dir);
    try {
      const { client, doc } = dynamoClients({ AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: dynamo.endpoint });
      await client.send(new CreateTableCommand({ TableName: "old-table", AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" }));
      await waitForTable(client, "old-table", "ACTIVE");
      await doc.send(new PutCommand({ TableName: "old-table", Item: { pk: "CONN#c1", type: "connection", connectionId: "c1", tenantId: "t", vendor: "mocdoc", config: {}, secretRef: "s" } }));
      await doc.send(new PutCommand({ TableName: "old-table", Item: { pk: "JOB#j1", type: "job", jobId: "j1", status: "succeeded" } }));
      await ensureTable(client, "old-table");
      expect((await new ConnectionStore(doc, "old-table", 0).list()).map((c) => c.connectionId)).toEqual(["c1"]);
      expect((await doc.send(new GetCommand({ TableName: "old-table", Key: { pk: "JOB#j1" } }))).Item?.status).toBe("succeeded");
    } finally {
      await dynamo.stop();
    }
  });
});

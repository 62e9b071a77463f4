import { fork } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, ResourceNotFoundException, type TableDescription } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { CONNECTIONS_INDEX, CONNECTIONS_INDEX_KEY, deadLetterQueueName, MAX_RECEIVE_COUNT, queueName } from "@switchboard/core/naming";
import { startFauxqs } from "fauxqs";

/**
 * The wire-compatible stand-ins: dynalite for DynamoDB (persisted under the state directory) and
 * fauxqs for SQS (in memory). Our code reaches both through the real AWS SDK clients.
 */
export async function startDynalite(path: string): Promise<{ endpoint: string; stop(): Promise<void> }> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  const child = fork(fileURLToPath(new URL("./dynalite-server.mjs", import.meta.url)), [path], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`dynalite exited with code ${code} (is ${path} used by another local stack?)`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}

/**
 * The single table: partition key `pk`, the sparse connections index, and `ttl` (which expires
 * idempotency, job and pacing records in AWS). A state directory from before the index is
 * rebuilt with it (dynalite cannot add an index to a table), keeping every record.
 */
export async function ensureTable(client: DynamoDBClient, table: string): Promise<void> {
  const create = async () => {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: CONNECTIONS_INDEX_KEY, AttributeType: "S" },
        ],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        GlobalSecondaryIndexes: [{ IndexName: CONNECTIONS_INDEX, KeySchema: [{ AttributeName: CONNECTIONS_INDEX_KEY, KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    await waitForTable(client, table, "ACTIVE");
  };
  try {
    await create();
    return;
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  const existing = await waitForTable(client, table, "ACTIVE");
  if (existing?.GlobalSecondaryIndexes?.some((i) => i.IndexName === CONNECTIONS_INDEX)) return;

  const doc = DynamoDBDocumentClient.from(client);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  await client.send(new DeleteTableCommand({ TableName: table }));
  await waitForTable(client, table, "DELETED");
  await create();
  for (const item of items) {
    const indexed = item.type === "connection" ? { ...item, [CONNECTIONS_INDEX_KEY]: "connection" } : item;
    await doc.send(new PutCommand({ TableName: table, Item: indexed }));
  }
}

/**
 * CreateTable and DeleteTable return before the table is ACTIVE or gone, in dynalite as in
 * DynamoDB. Waiting for ACTIVE gives the table's description.
 */
export async function waitForTable(client: DynamoDBClient, table: string, status: "ACTIVE" | "DELETED"): Promise<TableDescription | undefined> {
  for (;;) {
    try {
      const out = await client.send(new DescribeTableCommand({ TableName: table }));
      if (out.Table?.TableStatus === status) return out.Table;
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
      if (status === "DELETED") return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startSqs(port = 0): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = await startFauxqs({ port, logger: false });
  return { endpoint: server.address, stop: () => server.stop() };
}

export interface VendorQueues {
  queueUrl: string;
  queueArn: string;
  dlqUrl: string;
}

/** The vendor's FIFO queue and its FIFO dead-letter queue, redriven after MAX_RECEIVE_COUNT receives. */
export async function ensureVendorQueues(sqs: SQSClient, stage: string, vendor: string, visibilitySeconds: number): Promise<VendorQueues> {
  const fifo = { FifoQueue: "true", ContentBasedDeduplication: "false" };
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: deadLetterQueueName(stage, vendor), Attributes: fifo }));
  const dlqUrl = dlq.QueueUrl as string;
  const dlqAttrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }));
  const main = await sqs.send(
    new CreateQueueCommand({
      QueueName: queueName(stage, vendor),
      Attributes: {
        ...fifo,
        VisibilityTimeout: String(visibilitySeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqAttrs.Attributes?.QueueArn, maxReceiveCount: String(MAX_RECEIVE_COUNT) }),
      },
    }),
  );
  const queueUrl = main.QueueUrl as string;
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }));
  return { queueUrl, queueArn: attrs.Attributes?.QueueArn as string, dlqUrl };
}

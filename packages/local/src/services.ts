import { mkdir } from "node:fs/promises";
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { deadLetterQueueName, MAX_RECEIVE_COUNT, queueName } from "@switchboard/core/naming";
import dynalite from "dynalite";
import { startFauxqs } from "fauxqs";
import type { Server } from "node:http";

/**
 * The wire-compatible stand-ins: dynalite for DynamoDB (persisted under the state directory) and
 * fauxqs for SQS (in memory). Our code reaches both through the real AWS SDK clients.
 */
export async function startDynalite(path: string, port = 0): Promise<{ endpoint: string; stop(): Promise<void> }> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  const server: Server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The single table: partition key `pk` only; `ttl` expires idempotency, job and pacing records in AWS. */
export async function ensureTable(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
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

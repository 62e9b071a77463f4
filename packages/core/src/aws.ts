import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { RuntimeConfig } from "./config";

/**
 * AWS SDK v3 clients. Locally the same clients point at dynalite and fauxqs through endpoint
 * overrides; nothing else differs.
 *
 * Cold start: a function loads an SDK client when it first uses it, not at module load. DynamoDB
 * is the exception: every function that takes work reads the table on its first invocation
 * (connection, pacing, idempotency, job records), so it loads with the handler. SQS, S3,
 * EventBridge and Secrets Manager are imported by the code that uses them, on first use, so a
 * read loads the table and the secrets, never the queue, the archive or the bus.
 */
const localCredentials = (endpoint?: string) =>
  endpoint ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {};

export function dynamoClients(config: Pick<RuntimeConfig, "AWS_REGION" | "DYNAMODB_ENDPOINT">) {
  const client = new DynamoDBClient({
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
    ...localCredentials(config.DYNAMODB_ENDPOINT),
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, doc };
}

export type SqsSdk = typeof import("@aws-sdk/client-sqs");

const newSqsClient = (sdk: SqsSdk, config: Pick<RuntimeConfig, "AWS_REGION" | "SQS_ENDPOINT">) =>
  new sdk.SQSClient({ region: config.AWS_REGION, endpoint: config.SQS_ENDPOINT, ...localCredentials(config.SQS_ENDPOINT) });

export async function sqsClient(config: Pick<RuntimeConfig, "AWS_REGION" | "SQS_ENDPOINT">): Promise<SQSClient> {
  return newSqsClient(await import("@aws-sdk/client-sqs"), config);
}

/** An SDK module with the client made from it. */
export interface Sdk<M, C> {
  sdk: M;
  client: C;
}

/**
 * Loads an SDK module and makes its client on the first call, once; a failed load is not kept,
 * so the next call tries again.
 */
export function lazySdk<M, C>(load: () => Promise<M>, create: (sdk: M) => C): () => Promise<Sdk<M, C>> {
  let pending: Promise<Sdk<M, C>> | undefined;
  return () =>
    (pending ??= load().then(
      (sdk) => ({ sdk, client: create(sdk) }),
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    ));
}

export const lazySqs = (config: Pick<RuntimeConfig, "AWS_REGION" | "SQS_ENDPOINT">) =>
  lazySdk(() => import("@aws-sdk/client-sqs"), (sdk) => newSqsClient(sdk, config));

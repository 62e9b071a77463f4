import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { RuntimeConfig } from "./config";

/**
 * AWS SDK v3 clients. Locally the same clients point at dynalite and fauxqs through endpoint
 * overrides; nothing else differs.
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

export function sqsClient(config: Pick<RuntimeConfig, "AWS_REGION" | "SQS_ENDPOINT">): SQSClient {
  return new SQSClient({ region: config.AWS_REGION, endpoint: config.SQS_ENDPOINT, ...localCredentials(config.SQS_ENDPOINT) });
}

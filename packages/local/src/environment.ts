import { readFile } from "node:fs/promises";
import { busName, tableName } from "@switchboard/core/naming";
import type { LocalPaths } from "./paths";

/**
 * The runtime environment for our code, locally or against a deployed stage. The local stack and
 * the CLI use the same function, so a CLI command sees exactly what the handlers see.
 */
export interface LocalEndpoints {
  apiUrl: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  queues: Record<string, { queueUrl: string; queueArn: string; dlqUrl: string }>;
}

export const LOCAL_STAGE = "local";
export const LOCAL_REGION = "us-east-1";

export function localEnvironment(paths: LocalPaths, endpoints: Pick<LocalEndpoints, "dynamodbEndpoint" | "sqsEndpoint">): Record<string, string> {
  return {
    STAGE: LOCAL_STAGE,
    AWS_REGION: LOCAL_REGION,
    TABLE_NAME: tableName(LOCAL_STAGE),
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    SQS_ENDPOINT: endpoints.sqsEndpoint,
    EVENT_BUS_NAME: busName(LOCAL_STAGE),
    EVENTS_BACKEND: "local",
    SECRETS_BACKEND: "file",
    SECRETS_DIR: paths.secrets,
    ARCHIVE_BACKEND: "file",
    ARCHIVE_DIR: paths.archive,
  };
}

/** A deployed stage: AWS credentials and region come from the usual AWS environment. */
export function stageEnvironment(stage: string): Record<string, string> {
  return {
    STAGE: stage,
    AWS_REGION: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    TABLE_NAME: tableName(stage),
    EVENT_BUS_NAME: busName(stage),
    EVENTS_BACKEND: "aws",
    SECRETS_BACKEND: "aws",
  };
}

export async function readLocalEndpoints(paths: LocalPaths): Promise<LocalEndpoints | undefined> {
  try {
    return JSON.parse(await readFile(paths.runtime, "utf8")) as LocalEndpoints;
  } catch {
    return undefined;
  }
}

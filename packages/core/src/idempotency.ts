import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { Context } from "aws-lambda";
import type { Deps } from "./deps";

/**
 * Powertools idempotency on the shared table. The key binds tenant, connection, operation and the
 * caller's key, so two tenants can never collide; the payload hash makes a reused key with a
 * different body fail (IdempotencyValidationError) instead of replaying the wrong answer.
 * Records use the table's `ttl` attribute, so DynamoDB expires them.
 */
let store: DynamoDBPersistenceLayer | undefined;

function persistence(deps: Deps): DynamoDBPersistenceLayer {
  store ??= new DynamoDBPersistenceLayer({
    tableName: deps.config.TABLE_NAME,
    keyAttr: "pk",
    expiryAttr: "ttl",
    awsSdkV3Client: deps.dynamo,
  });
  return store;
}

export interface IdempotentRequest {
  key: string;
  payload: unknown;
}

export async function once<T>(deps: Deps, request: IdempotentRequest, context: Context | undefined, work: () => Promise<T>): Promise<T> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: "key",
    payloadValidationJmesPath: "payload",
    expiresAfterSeconds: deps.config.IDEMPOTENCY_TTL_SECONDS,
  });
  if (context) config.registerLambdaContext(context);
  const run = makeIdempotent(async (_request: IdempotentRequest) => work(), {
    persistenceStore: persistence(deps),
    config,
    keyPrefix: "IDEMPOTENCY",
  });
  return run(request) as Promise<T>;
}

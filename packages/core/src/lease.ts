import { UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import { isConditionFailed } from "./records";

/**
 * A named lease in the table: at most one holder at a time (one notification puller per
 * connection, say), expiring on its own if the holder dies. Taking it is one conditional update.
 */
export interface Lease {
  release(): Promise<void>;
}

export async function takeLease(ddb: DynamoDBDocumentClient, table: string, name: string, ttlMs: number, now = Date.now()): Promise<Lease | undefined> {
  const holder = randomUUID();
  const key = { pk: `LEASE#${name}` };
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: "SET holder = :holder, leaseUntil = :until, #type = :type, #ttl = :ttl",
        ConditionExpression: "attribute_not_exists(leaseUntil) OR leaseUntil < :now",
        ExpressionAttributeNames: { "#type": "type", "#ttl": "ttl" },
        ExpressionAttributeValues: { ":holder": holder, ":until": now + ttlMs, ":now": now, ":type": "lease", ":ttl": Math.floor((now + ttlMs) / 1000) + 86_400 },
      }),
    );
  } catch (err) {
    if (isConditionFailed(err)) return undefined;
    throw err;
  }
  return {
    release: async () => {
      try {
        await ddb.send(
          new UpdateCommand({
            TableName: table,
            Key: key,
            UpdateExpression: "SET leaseUntil = :zero",
            ConditionExpression: "holder = :holder",
            ExpressionAttributeValues: { ":zero": 0, ":holder": holder },
          }),
        );
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
      }
    },
  };
}

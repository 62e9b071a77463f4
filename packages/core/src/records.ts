import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { ScanCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Helpers for the records of the single table. */

/** A record without the table's own attributes (key, record type, expiry). */
export function fromRecord<T>(item: Record<string, unknown>): T {
  const { pk: _pk, type: _type, ttl: _ttl, ...record } = item;
  return record as T;
}

/** Whether a write was refused by its condition (the SDK's class, or its name across bundles). */
export function isConditionFailed(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err as Error | undefined)?.name === "ConditionalCheckFailedException";
}

/**
 * Every record of one `type` in the single table, without the table's own attributes. For the
 * local stack's recovery after a restart only: a scan reads the whole table.
 */
export async function scanRecords<T>(
  ddb: DynamoDBDocumentClient,
  table: string,
  type: string,
  extra?: { filter: string; names: Record<string, string>; values: Record<string, unknown> },
): Promise<T[]> {
  const records: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ddb.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: extra ? `#type = :type AND (${extra.filter})` : "#type = :type",
        ExpressionAttributeNames: { "#type": "type", ...extra?.names },
        ExpressionAttributeValues: { ":type": type, ...extra?.values },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) records.push(fromRecord<T>(item));
    start = out.LastEvaluatedKey;
  } while (start);
  return records;
}

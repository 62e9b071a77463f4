import { ScanCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

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
    for (const { pk: _pk, type: _type, ttl: _ttl, ...record } of out.Items ?? []) records.push(record as T);
    start = out.LastEvaluatedKey;
  } while (start);
  return records;
}

import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import * as v from "valibot";
import type { VendorDefinition } from "./catalogue";
import { ConfigurationError, ValidationError } from "./errors";
import { CONNECTIONS_INDEX, CONNECTIONS_INDEX_KEY } from "./naming";
import { fromRecord } from "./records";
import { issuesOf } from "./validation";

/** One vendor account of one tenant. Credentials live elsewhere, under `secretRef`. */
export interface Connection {
  connectionId: string;
  tenantId: string;
  vendor: string;
  config: Record<string, unknown>;
  secretRef: string;
  createdAt: string;
  updatedAt: string;
}

const CONNECTION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function assertConnectionId(id: string): void {
  if (!CONNECTION_ID.test(id)) {
    throw new ValidationError([{ path: "connectionId", message: "must be 1-64 letters, digits, '-' or '_'" }]);
  }
}

/** Validates a connection's config against its vendor's schema, with defaults applied. */
export function parseConnectionConfig<C>(vendor: VendorDefinition<C>, config: unknown): C {
  const parsed = v.safeParse(vendor.configSchema, config);
  if (!parsed.success) throw new ValidationError(issuesOf(parsed.issues, "config"), `Invalid ${vendor.title} connection config`);
  return parsed.output;
}

export class ConnectionStore {
  private readonly cache = new Map<string, { at: number; value: Connection }>();

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly cacheMs: number,
  ) {}

  private static key(id: string) {
    return `CONN#${id}`;
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const hit = this.cache.get(connectionId);
    if (hit && Date.now() - hit.at < this.cacheMs) return hit.value;
    const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key: { pk: ConnectionStore.key(connectionId) } }));
    if (!out.Item) return undefined;
    const connection = fromItem(out.Item);
    this.cache.set(connectionId, { at: Date.now(), value: connection });
    return connection;
  }

  async require(connectionId: string): Promise<Connection> {
    const connection = await this.get(connectionId);
    if (!connection) throw new ConfigurationError(`Unknown connection ${connectionId}`);
    return connection;
  }

  async put(connection: Connection): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: ConnectionStore.key(connection.connectionId), type: "connection", [CONNECTIONS_INDEX_KEY]: "connection", ...connection },
      }),
    );
    this.cache.delete(connection.connectionId);
  }

  /** Every connection, from the sparse connections index (see naming.ts). */
  async list(): Promise<Connection[]> {
    const items: Connection[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: CONNECTIONS_INDEX,
          KeyConditionExpression: "#key = :connection",
          ExpressionAttributeNames: { "#key": CONNECTIONS_INDEX_KEY },
          ExpressionAttributeValues: { ":connection": "connection" },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) items.push(fromItem(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return items.sort((a, b) => a.connectionId.localeCompare(b.connectionId));
  }
}

function fromItem(item: Record<string, unknown>): Connection {
  const { [CONNECTIONS_INDEX_KEY]: _index, ...record } = item;
  return fromRecord<Connection>(record);
}

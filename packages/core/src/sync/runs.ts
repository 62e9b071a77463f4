import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { fromRecord, isConditionFailed, scanRecords } from "../records";
import { addDays } from "./days";

/**
 * A sync run is an ordered list of units (one dataset for one day), processed in order on the
 * connection's FIFO message group. `completed` counts the units done; because units finish in
 * order, it is also the index of the next unit, which makes resuming exact: nothing skipped,
 * nothing repeated. A checkpoint per (connection, dataset) keeps the last completed day, from
 * which the daily schedule catches up.
 */
export type SyncRunStatus = "running" | "completed" | "cancelled" | "stalled";

export interface SyncRun {
  runId: string;
  kind: "daily" | "backfill";
  vendor: string;
  connectionId: string;
  tenantId: string;
  /** ISO days, inclusive. */
  from: string;
  to: string;
  datasets: string[];
  locations: string[];
  total: number;
  completed: number;
  status: SyncRunStatus;
  /** Bumped on every resume; units queued before it are ignored, so no unit runs out of order. */
  epoch: number;
  /** Milliseconds each unit is expected to take at the account's pacing (for ETAs). */
  unitCostMs: number;
  createdAt: string;
  updatedAt: string;
  reason?: string;
}

export class SyncRunStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly ttlSeconds: number,
  ) {}

  private static runKey = (runId: string) => `SYNCRUN#${runId}`;
  private static checkpointKey = (connectionId: string, dataset: string) => `CHECKPOINT#${connectionId}#${dataset}`;
  private static dailyKey = (connectionId: string) => `DAILYRUNS#${connectionId}`;

  private async item(pk: string): Promise<Record<string, unknown> | undefined> {
    return (await this.ddb.send(new GetCommand({ TableName: this.table, Key: { pk }, ConsistentRead: true }))).Item;
  }

  async create(run: Omit<SyncRun, "completed" | "status" | "epoch" | "createdAt" | "updatedAt">): Promise<SyncRun> {
    const at = new Date().toISOString();
    const record: SyncRun = { ...run, completed: 0, status: "running", epoch: 0, createdAt: at, updatedAt: at };
    await this.ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: SyncRunStore.runKey(run.runId), type: "syncRun", ttl: Math.floor(Date.now() / 1000) + this.ttlSeconds, ...record },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return record;
  }

  async get(runId: string): Promise<SyncRun | undefined> {
    const item = await this.item(SyncRunStore.runKey(runId));
    return item && fromRecord<SyncRun>(item);
  }

  /** Marks unit `index` done; false when it was not the next unit (already done, or a gap). */
  async advance(runId: string, index: number, total: number): Promise<boolean> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: SyncRunStore.runKey(runId) },
          UpdateExpression: "SET completed = :next, #status = :status, updatedAt = :at",
          ConditionExpression: "completed = :index AND #status = :running",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":next": index + 1,
            ":index": index,
            ":running": "running",
            ":status": index + 1 >= total ? "completed" : "running",
            ":at": new Date().toISOString(),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  /** Running again under a new epoch, from the first unit not completed. */
  async reopen(runId: string): Promise<SyncRun> {
    const out = await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: SyncRunStore.runKey(runId) },
        UpdateExpression: "SET #status = :running, epoch = epoch + :one, updatedAt = :at REMOVE reason",
        ConditionExpression: "attribute_exists(pk) AND #status <> :completed",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":running": "running", ":one": 1, ":completed": "completed", ":at": new Date().toISOString() },
        ReturnValues: "ALL_NEW",
      }),
    );
    return fromRecord<SyncRun>(out.Attributes ?? {});
  }

  setStatus(runId: string, status: SyncRunStatus, reason?: string) {
    return this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: SyncRunStore.runKey(runId) },
        UpdateExpression: reason ? "SET #status = :status, updatedAt = :at, reason = :reason" : "SET #status = :status, updatedAt = :at REMOVE reason",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":status": status, ":at": new Date().toISOString(), ...(reason ? { ":reason": reason } : {}) },
      }),
    );
  }

  /** Runs still in progress, for re-queueing after the local queue service restarts empty. */
  listRunning(): Promise<SyncRun[]> {
    return scanRecords<SyncRun>(this.ddb, this.table, "syncRun", { filter: "#status = :running", names: { "#status": "status" }, values: { ":running": "running" } });
  }

  /** The daily runs last started for a connection; the next tick waits while one still runs. */
  async dailyRuns(connectionId: string): Promise<string[]> {
    return ((await this.item(SyncRunStore.dailyKey(connectionId)))?.runIds as string[] | undefined) ?? [];
  }

  async setDailyRuns(connectionId: string, runIds: string[]): Promise<void> {
    await this.ddb.send(new PutCommand({ TableName: this.table, Item: { pk: SyncRunStore.dailyKey(connectionId), type: "dailyRuns", runIds } }));
  }

  async checkpoint(connectionId: string, dataset: string): Promise<string | undefined> {
    return (await this.item(SyncRunStore.checkpointKey(connectionId, dataset)))?.lastCompletedDay as string | undefined;
  }

  /**
   * Moves the checkpoint to `day` only when it is the next day (or the first ever): a backfill of
   * later days past a gap must not let the daily catch-up skip the gap.
   */
  async recordDay(connectionId: string, dataset: string, day: string): Promise<void> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: SyncRunStore.checkpointKey(connectionId, dataset) },
          UpdateExpression: "SET lastCompletedDay = :day, #type = :type",
          ConditionExpression: "attribute_not_exists(lastCompletedDay) OR lastCompletedDay = :previous",
          ExpressionAttributeNames: { "#type": "type" },
          ExpressionAttributeValues: { ":day": day, ":previous": addDays(day, -1), ":type": "checkpoint" },
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }
}

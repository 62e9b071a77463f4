import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { SerializedVendorError } from "./errors";
import { fromRecord, scanRecords } from "./records";

/**
 * A job is accepted work that runs off the request path: a write that could not get a vendor slot
 * within the caller's budget, or a `switchboard.command` event. Its record is the single place to
 * ask what happened to it.
 *
 * `vendorCallStartedAt` is set just before a non-idempotent request leaves, and cleared when the
 * vendor clearly did not act on it. Finding it set on redelivery means a crash mid-call: the
 * outcome is unknown and the job fails rather than risk doing the work twice.
 */
export type JobStatus = "queued" | "running" | "succeeded" | "failed";

export interface JobError {
  code: string;
  message: string;
  retryable: boolean;
  vendor?: SerializedVendorError;
  deadLettered?: boolean;
}

export interface Job {
  jobId: string;
  tenantId: string;
  connectionId: string;
  operationId: string;
  status: JobStatus;
  input: unknown;
  correlationId: string;
  source: "api" | "event";
  /** The user the job acts as (auth/acting-user.ts), for an operation with `actsAs`. */
  actingUser?: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  vendorCallStartedAt?: string;
  /** Where a job that polls the vendor has got to (job-completion.ts). */
  progress?: unknown;
  result?: unknown;
  error?: JobError;
}

export interface JobMessage {
  jobId: string;
  connectionId: string;
  operationId: string;
  correlationId: string;
  /**
   * A job's continuation after a wait (job-completion.ts): its own message group, so a job waiting
   * on the vendor never holds up its connection's other work, and the round number, which makes
   * each continuation a new message.
   */
  continuation?: number;
}

export const newJobId = () => `job_${randomUUID().replace(/-/g, "")}`;

export class JobStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly ttlSeconds: number,
  ) {}

  private static key(jobId: string) {
    return `JOB#${jobId}`;
  }

  async create(job: Omit<Job, "status" | "attempts" | "createdAt" | "updatedAt">): Promise<Job> {
    const at = new Date().toISOString();
    const record: Job = { ...job, status: "queued", attempts: 0, createdAt: at, updatedAt: at };
    await this.ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: JobStore.key(job.jobId), type: "job", ttl: this.expiry(), ...record },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return record;
  }

  async get(jobId: string): Promise<Job | undefined> {
    const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key: { pk: JobStore.key(jobId) }, ConsistentRead: true }));
    if (!out.Item) return undefined;
    return fromRecord<Job>(out.Item);
  }

  markRunning(jobId: string) {
    return this.update(jobId, "SET #status = :running, attempts = attempts + :one REMOVE #error", { ":running": "running", ":one": 1 });
  }

  markCallStarted(jobId: string) {
    return this.update(jobId, "SET vendorCallStartedAt = :at", { ":at": new Date().toISOString() });
  }

  /** The attempt failed in a way that a later delivery may fix; the vendor did not act on it. */
  markRetrying(jobId: string, error: JobError) {
    return this.update(jobId, "SET #status = :queued, #error = :error REMOVE vendorCallStartedAt", { ":queued": "queued", ":error": error });
  }

  /** Back to the queue after a dead-letter redrive: the earlier failure no longer stands. */
  reopen(jobId: string) {
    return this.update(jobId, "SET #status = :queued REMOVE #error, vendorCallStartedAt", { ":queued": "queued" });
  }

  /** A step done: its progress kept, and the vendor call it made is no longer in doubt. */
  saveProgress(jobId: string, progress: unknown) {
    return this.update(jobId, "SET #progress = :progress REMOVE vendorCallStartedAt", { ":progress": progress });
  }

  markSucceeded(jobId: string, result: unknown) {
    return this.update(jobId, "SET #status = :done, #result = :result REMOVE #error", { ":done": "succeeded", ":result": result ?? null });
  }

  markFailed(jobId: string, error: JobError) {
    return this.update(jobId, "SET #status = :failed, #error = :error", { ":failed": "failed", ":error": error });
  }

  /** Jobs not yet finished, for re-enqueueing after the local queue service restarts empty. */
  listUnfinished(): Promise<Job[]> {
    return scanRecords<Job>(this.ddb, this.table, "job", {
      filter: "#status IN (:queued, :running)",
      names: { "#status": "status" },
      values: { ":queued": "queued", ":running": "running" },
    });
  }

  private expiry() {
    return Math.floor(Date.now() / 1000) + this.ttlSeconds;
  }

  private async update(jobId: string, expression: string, values: Record<string, unknown>): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: JobStore.key(jobId) },
        UpdateExpression: `${expression.replace(/^SET /, "SET updatedAt = :updatedAt, ")}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: namesIn(expression),
        ExpressionAttributeValues: { ...values, ":updatedAt": new Date().toISOString() },
      }),
    );
  }
}

const RESERVED: Record<string, string> = { "#status": "status", "#error": "error", "#result": "result", "#progress": "progress" };

function namesIn(expression: string): Record<string, string> | undefined {
  const names = Object.fromEntries(Object.entries(RESERVED).filter(([alias]) => expression.includes(alias)));
  return Object.keys(names).length ? names : undefined;
}

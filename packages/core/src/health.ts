import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Deps } from "./deps";

/** Reachability of the stores a request depends on, each with its latency. */
export interface ComponentHealth {
  ok: boolean;
  latencyMs?: number;
  detail?: string;
}

export async function probe(check: () => Promise<unknown>): Promise<ComponentHealth> {
  const started = Date.now();
  try {
    await check();
    return { ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    return { ok: false, latencyMs: Date.now() - started, detail: (err as Error).name };
  }
}

export async function coreHealth(deps: Deps, sqs: SQSClient, vendors: string[]): Promise<Record<string, ComponentHealth>> {
  const checks: Record<string, Promise<ComponentHealth>> = {
    table: probe(() => deps.ddb.send(new GetCommand({ TableName: deps.config.TABLE_NAME, Key: { pk: "HEALTH" } }))),
  };
  for (const vendor of vendors) {
    checks[`queue:${vendor}`] = probe(() =>
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: deps.queue.queueUrl(vendor), AttributeNames: ["ApproximateNumberOfMessages"] })),
    );
  }
  const entries = await Promise.all(Object.entries(checks).map(async ([name, p]) => [name, await p] as const));
  return Object.fromEntries(entries);
}

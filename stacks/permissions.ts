import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { CONNECTIONS_INDEX } from "@switchboard/core/naming";
import type { PlatformResources } from "./Platform";

/**
 * Least-privilege statements, each naming its resources: nothing here ever grants a data-plane
 * action on `*`. Each call returns new statements, so no two roles share a mutable statement.
 */

/**
 * Item-level access on the one table (its ARN only). Scan is not among them:
 * besides the operator's CLI and the local stack, only the sync schedule lists records.
 */
const TABLE_ITEM_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:ConditionCheckItem",
] as const;

type TableItemAction = (typeof TABLE_ITEM_ACTIONS)[number];

export const tableItems = (table: ITable, actions: readonly TableItemAction[] = TABLE_ITEM_ACTIONS) =>
  new PolicyStatement({ actions: [...actions], resources: [table.tableArn] });

const sendMessages = (queue: IQueue) => new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [queue.queueArn] });

export const queueAttributes = (queues: IQueue[]) =>
  new PolicyStatement({ actions: ["sqs:GetQueueAttributes"], resources: queues.map((q) => q.queueArn) });

const putEvents = (bus: IEventBus) => new PolicyStatement({ actions: ["events:PutEvents"], resources: [bus.eventBusArn] });

/** Only this vendor's connections' credentials: `switchboard/{stage}/{vendor}/*`. */
const readSecrets = (secretArnPattern: string) =>
  new PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [secretArnPattern] });

/** Raw sync archives only: objects under `raw/`, written and never read, listed or deleted. */
const archiveRaw = (bucket: IBucket) => new PolicyStatement({ actions: ["s3:PutObject"], resources: [bucket.arnForObjects("raw/*")] });

/**
 * A sync unit too long for one invocation keeps its progress under `partial/{vendor}/` and reads
 * it back on the next delivery. Listing, limited to that prefix, is what makes S3 answer a
 * missing object with 404 rather than 403.
 */
const unitProgress = (bucket: IBucket, vendor: string) => [
  new PolicyStatement({ actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], resources: [bucket.arnForObjects(`partial/${vendor}/*`)] }),
  new PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn], conditions: { StringLike: { "s3:prefix": [`partial/${vendor}/*`] } } }),
];

const vendorQueue = (platform: PlatformResources, vendor: string) => {
  const queues = platform.queues[vendor];
  if (!queues) throw new Error(`The platform has no queue for vendor "${vendor}"`);
  return queues.queue;
};

/**
 * What a vendor's operation functions and its consumer both do: read the vendor's credentials,
 * pace, record jobs and idempotency, queue jobs on the vendor's queue and emit job events. The
 * consumer's receive/delete rights come from its event source, on its own queue only.
 */
export function vendorRuntime(platform: PlatformResources, vendor: string): PolicyStatement[] {
  return [readSecrets(platform.secretArnPattern(vendor)), tableItems(platform.table), sendMessages(vendorQueue(platform, vendor)), putEvents(platform.bus)];
}

/**
 * The consumer of a vendor with a daily sync also runs the sync units: on top of its runtime
 * (vendor calls, record events, run and checkpoint updates) it archives the raw responses and
 * keeps the progress of units that span invocations.
 */
export const syncConsumer = (platform: PlatformResources, vendor: string): PolicyStatement[] => [
  ...vendorRuntime(platform, vendor),
  archiveRaw(platform.archive),
  ...unitProgress(platform.archive, vendor),
];

/**
 * The daily-sync schedule lists the connections (a Query on the sparse connections index, the
 * one index any function reads), reads checkpoints and runs, creates runs, may ask the vendor for
 * an account's locations (its credentials, its pacing records) and queues the units (SendMessage
 * also covers SendMessageBatch). It publishes no events and deletes nothing.
 */
export function syncSchedule(platform: PlatformResources, vendor: string): PolicyStatement[] {
  return [
    new PolicyStatement({ actions: ["dynamodb:Query"], resources: [`${platform.table.tableArn}/index/${CONNECTIONS_INDEX}`] }),
    tableItems(platform.table, ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]),
    readSecrets(platform.secretArnPattern(vendor)),
    sendMessages(vendorQueue(platform, vendor)),
  ];
}

import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { ILogGroup } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { CONNECTIONS_INDEX } from "@switchboard/core/naming";
import type { PlatformResources } from "./Platform";

/**
 * Least-privilege statements, each naming its resources: nothing here ever grants a data-plane
 * action on `*`. Each call returns new statements, so no two roles share a mutable statement.
 * A statement whose resource is a pattern says why (`wildcardReason`): FunctionRole refuses
 * wildcards without one and shows the reason to the security checks.
 */
const wildcardReasons = new WeakMap<PolicyStatement, string>();

const because = (reason: string, statement: PolicyStatement) => {
  wildcardReasons.set(statement, reason);
  return statement;
};

export const wildcardReason = (statement: PolicyStatement) => wildcardReasons.get(statement);

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
  because(
    "Connections are added at run time (the CLI creates switchboard/{stage}/{vendor}/{connectionId}), so the role names its vendor's prefix: read-only, one vendor, one stage.",
    new PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [secretArnPattern] }),
  );

/** Raw sync archives only: objects under `raw/`, written and never read, listed or deleted. */
const archiveRaw = (bucket: IBucket) =>
  because(
    "Archive keys are per connection, dataset and day (raw/{vendor}/{connectionId}/{dataset}/{date}.json); the grant is PutObject only, under raw/.",
    new PolicyStatement({ actions: ["s3:PutObject"], resources: [bucket.arnForObjects("raw/*")] }),
  );

/**
 * A sync unit too long for one invocation keeps its progress under `partial/{vendor}/` and reads
 * it back on the next delivery. Listing, limited to that prefix, is what makes S3 answer a
 * missing object with 404 rather than 403.
 */
const unitProgress = (bucket: IBucket, vendor: string) => [
  because(
    "A long sync unit's saved progress is one object per unit under partial/{vendor}/; the grant covers that vendor's prefix only.",
    new PolicyStatement({ actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], resources: [bucket.arnForObjects(`partial/${vendor}/*`)] }),
  ),
  new PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn], conditions: { StringLike: { "s3:prefix": [`partial/${vendor}/*`] } } }),
];

const vendorQueue = (platform: PlatformResources, vendor: string) => {
  const queues = platform.queues[vendor];
  if (!queues) throw new Error(`The platform has no queue for vendor "${vendor}"`);
  return queues.queue;
};

/**
 * The stage key, for the encrypted table, queues, archive and secrets: Decrypt to read them,
 * GenerateDataKey to write (SQS SendMessage, S3 PutObject). This key only, and no key management.
 */
export const useKey = (key: IKey, write = true) =>
  new PolicyStatement({ actions: write ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"], resources: [key.keyArn] });

/** Instead of AWSLambdaBasicExecutionRole (every log group): the function's own log group. */
export const writeLogs = (logGroup: ILogGroup) =>
  new PolicyStatement({ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [logGroup.logGroupArn] });

/**
 * A role shared by many of a vendor's functions writes to their log groups by name prefix:
 * listing each group's ARN would outgrow a policy's size limit at 80 functions.
 */
export const writeLogsByPrefix = (logGroupArnPrefix: string) =>
  because(
    "The role is shared by up to 80 functions of one vendor in one stage, each with its own log group; the prefix /aws/lambda/switchboard-{stage}-{vendor}- names exactly those, and listing them would exceed the policy size limit.",
    new PolicyStatement({ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroupArnPrefix}*`] }),
  );

/**
 * S3 replication of the archive to the replica bucket, as AWS documents it for SSE-KMS objects:
 * read the source versions (decrypting with the stage key), write replicas there (encrypting
 * with the replica's key).
 */
const EVERY_ARCHIVE_OBJECT = "Replication copies every archive object: the source object versions and the replica bucket's objects, in those two buckets only.";

export const archiveReplication = (source: IBucket, sourceKey: IKey, replica: { bucketArn: string; keyArn: string }) => [
  new PolicyStatement({ actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"], resources: [source.bucketArn] }),
  because(
    EVERY_ARCHIVE_OBJECT,
    new PolicyStatement({
      actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
      resources: [source.arnForObjects("*")],
    }),
  ),
  because(
    EVERY_ARCHIVE_OBJECT,
    new PolicyStatement({ actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], resources: [`${replica.bucketArn}/*`] }),
  ),
  new PolicyStatement({ actions: ["kms:Decrypt"], resources: [sourceKey.keyArn] }),
  new PolicyStatement({ actions: ["kms:Encrypt", "kms:GenerateDataKey"], resources: [replica.keyArn] }),
];

/** Lambda's asynchronous invocations that fail end up here (the function's DeadLetterConfig). */
export const sendFailures = (queue: IQueue) => new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [queue.queueArn] });

/**
 * What AWSLambdaVPCAccessExecutionRole grants, for a function in the egress VPC: Lambda manages
 * the function's network interfaces with the function's role.
 */
export const networkInterfaces = () =>
  because(
    "Lambda creates and deletes the function's network interfaces in the egress VPC with its role; ec2:DescribeNetworkInterfaces supports no resource-level permissions and AWS's AWSLambdaVPCAccessExecutionRole grants these on * too.",
    new PolicyStatement({
      actions: [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ],
      resources: ["*"],
    }),
  );

/**
 * What a vendor's operation functions and its consumer both do: read the vendor's credentials,
 * pace, record jobs and idempotency, queue jobs on the vendor's queue and emit job events. The
 * consumer's receive/delete rights come from its event source, on its own queue only.
 */
export function vendorRuntime(platform: PlatformResources, vendor: string): PolicyStatement[] {
  return [
    readSecrets(platform.secretArnPattern(vendor)),
    tableItems(platform.table),
    sendMessages(vendorQueue(platform, vendor)),
    putEvents(platform.bus),
    useKey(platform.key),
  ];
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
    useKey(platform.key),
  ];
}

/**
 * The inbox's archive prefixes for one vendor: deliveries under `inbox/{vendor}/` (written, and
 * read back when a delivery was too large for the table), refused ones under `rejected/{vendor}/`.
 */
const inboxArchive = (bucket: IBucket, vendor: string) =>
  because(
    "Inbound deliveries are one object each, keyed by connection, day and delivery id, under inbox/{vendor}/ (put and get) and rejected/{vendor}/ (put only): that vendor's prefixes only.",
    new PolicyStatement({ actions: ["s3:PutObject", "s3:GetObject"], resources: [bucket.arnForObjects(`inbox/${vendor}/*`)] }),
  );
const rejectedArchive = (bucket: IBucket, vendor: string) =>
  because(
    "Refused inbound deliveries are kept for inspection, one object each, under rejected/{vendor}/: PutObject only, that vendor's prefix only.",
    new PolicyStatement({ actions: ["s3:PutObject"], resources: [bucket.arnForObjects(`rejected/${vendor}/*`)] }),
  );

/**
 * A vendor that receives events (webhooks, pulled notifications): the functions that take them
 * in store them in the inbox (table), archive them and publish them (bus).
 */
export const inboxWriter = (platform: PlatformResources, vendor: string): PolicyStatement[] => [
  inboxArchive(platform.archive, vendor),
  rejectedArchive(platform.archive, vendor),
];

/**
 * Files handed out by short-lived link (packages/core/src/downloads.ts): written under
 * downloads/{vendor}/, and read, because an S3 presigned GET acts with the rights of the role
 * that signed it. Nothing else of the archive, and no listing or deleting (the lifecycle expires them).
 */
export const downloadFiles = (platform: PlatformResources, vendor: string): PolicyStatement[] => [
  because(
    "Downloads are one object each, keyed by connection, day and a random id, under downloads/{vendor}/: put, and get for the presigned links the role signs; that vendor's prefix only.",
    new PolicyStatement({ actions: ["s3:PutObject", "s3:GetObject"], resources: [platform.archive.arnForObjects(`downloads/${vendor}/*`)] }),
  ),
];

/**
 * A vendor whose answers carry secrets the connection must keep (Solo's webhook encryption key):
 * a new value for its connections' existing secrets, never creating, reading others' or deleting.
 */
export const storeSecrets = (platform: PlatformResources, vendor: string): PolicyStatement[] => [
  because(
    "Connections are added at run time, so the grant names the vendor's prefix switchboard/{stage}/{vendor}/: PutSecretValue only (existing secrets), one vendor, one stage.",
    new PolicyStatement({ actions: ["secretsmanager:PutSecretValue"], resources: [platform.secretArnPattern(vendor)] }),
  ),
];

/** A webhook receiver: the connection and its secrets, the inbox, the bus. It calls no vendor. */
export const webhookReceiver = (platform: PlatformResources, vendor: string): PolicyStatement[] => [
  readSecrets(platform.secretArnPattern(vendor)),
  tableItems(platform.table, ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]),
  putEvents(platform.bus),
  ...inboxWriter(platform, vendor),
  useKey(platform.key),
];

/** The vendor's credentials, read and updated (an OAuth grant's tokens); never created or deleted. */
const updateSecrets = (secretArnPattern: string) =>
  because(
    "Connections are added at run time (the CLI creates switchboard/{stage}/{vendor}/{connectionId}), so the role names its vendor's prefix: it reads a connection's secret and puts a new version of it (the tokens an OAuth authorization returns); it cannot create or delete secrets.",
    new PolicyStatement({ actions: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"], resources: [secretArnPattern] }),
  );

/**
 * A vendor's own route (an OAuth authorization's start or callback): the connection, its secrets
 * (read, or also updated with the tokens a grant returns), its records (single-use states,
 * shared tokens). It queues nothing and publishes nothing.
 */
export const vendorRouteRights = (platform: PlatformResources, vendor: string, access: { secrets: "read" | "update" }): PolicyStatement[] => [
  access.secrets === "update" ? updateSecrets(platform.secretArnPattern(vendor)) : readSecrets(platform.secretArnPattern(vendor)),
  tableItems(platform.table, ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]),
  useKey(platform.key),
];

/**
 * A vendor schedule (Docplanner's notification puller and release): it lists the connections
 * (the connections index), calls the vendor for each (credentials, pacing, tokens) and takes in
 * what it pulls (inbox, bus).
 */
export const vendorScheduleRights = (platform: PlatformResources, vendor: string): PolicyStatement[] => [
  new PolicyStatement({ actions: ["dynamodb:Query"], resources: [`${platform.table.tableArn}/index/${CONNECTIONS_INDEX}`] }),
  ...vendorRuntime(platform, vendor),
  ...inboxWriter(platform, vendor),
];

/**
 * The FHIR facade calls whichever vendor a connection uses: every vendor's runtime (credentials,
 * pacing, jobs on its queue, events) and, for vendors that take in events, their inbox (the
 * appointment events it publishes are deduplicated there against the vendor's own notifications).
 */
export const fhirFacade = (platform: PlatformResources, vendors: string[], inboxVendors: string[]): PolicyStatement[] => [
  ...vendors.flatMap((vendor) => [readSecrets(platform.secretArnPattern(vendor)), sendMessages(vendorQueue(platform, vendor))]),
  tableItems(platform.table),
  putEvents(platform.bus),
  ...inboxVendors.flatMap((vendor) => inboxWriter(platform, vendor)),
  useKey(platform.key),
];

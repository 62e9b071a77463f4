import { ArnFormat, RemovalPolicy } from "aws-cdk-lib";
import { BackupPlan, BackupResource, BackupVault } from "aws-cdk-lib/aws-backup";
import { AttributeType, BillingMode, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { EventBus, Rule } from "aws-cdk-lib/aws-events";
import { SnsTopic } from "aws-cdk-lib/aws-events-targets";
import { Key } from "aws-cdk-lib/aws-kms";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass, type BucketProps } from "aws-cdk-lib/aws-s3";
import { Topic } from "aws-cdk-lib/aws-sns";
import { NagSuppressions } from "cdk-nag";
import type { StackContext } from "sst/constructs";
import { busName, CONNECTIONS_INDEX, CONNECTIONS_INDEX_KEY, EVENT_SOURCE, secretPrefix, tableName } from "@switchboard/core/naming";
import { isProductionStage, removalPolicyFor, type StageConfig } from "./config";
import { EgressNetwork } from "./egress-network";
import { stageKey } from "./encryption";
import { FailureQueue } from "./failure-queue";
import { acceptStackFindings } from "./findings";
import { ManagedPolicyRole } from "./managed-policy-role";
import { pascalCase, platformName } from "./names";
import { archiveReplication } from "./permissions";
import { asyncDelivery, retention } from "./sizing";
import { VendorQueue } from "./vendor-queue";

/** What the other stacks build on. */
export interface PlatformResources {
  /** The stage's customer-managed key: every store, queue, topic and log group is encrypted with it. */
  key: Key;
  table: Table;
  bus: EventBus;
  queues: Record<string, VendorQueue>;
  /** Raw sync archives, written under `raw/` by the scheduled syncs. */
  archive: Bucket;
  /** Every alarm notifies this topic; subscribe the on-call channel to it. */
  alarmTopic: Topic;
  /** With the `vpcEgress` option: where the vendor-calling functions run. */
  egress?: EgressNetwork;
  /** `arn:…:secret:switchboard/{stage}/{vendor}/*`: the vendor's connections' credentials. */
  secretArnPattern(vendor: string): string;
}

/**
 * The stateful core: the key, one table (backed up in production), one bus, one queue pair per
 * vendor, the archive bucket and its access-log bucket, and with `vpcEgress` the egress network.
 */
export function platformStack(vendors: string[], config: StageConfig) {
  return function Platform({ stack }: StackContext): PlatformResources {
    const { stage } = stack;
    const production = isProductionStage(stage);
    const removalPolicy = removalPolicyFor(stage);
    const key = stageKey(stack);

    // Partition key only: every record (connection, pacing, idempotency, job) is read by `pk`;
    // the sparse connections index lists connections without reading anything else.
    const table = new Table(stack, "Table", {
      tableName: tableName(stage),
      partitionKey: { name: "pk", type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Idempotency records and finished jobs expire through this attribute.
      timeToLiveAttribute: "ttl",
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      deletionProtection: production,
      removalPolicy,
    });
    table.addGlobalSecondaryIndex({ indexName: CONNECTIONS_INDEX, partitionKey: { name: CONNECTIONS_INDEX_KEY, type: AttributeType.STRING } });
    if (production) backUp(stack, table, key);

    const bus = new EventBus(stack, "Bus", { eventBusName: busName(stage) });

    // Alarm notifications carry no patient data, but the topic is encrypted like everything else;
    // the key policy lets CloudWatch and EventBridge publish to it (encryption.ts).
    const alarmTopic = new Topic(stack, "Alarms", { topicName: platformName(stage, "alarms"), masterKey: key, enforceSSL: true });

    // A stalled sync waits for an operator; its event (ids, counts and a reason, no patient data)
    // reaches whoever watches the alarms. A notification EventBridge cannot deliver is kept.
    const undelivered = new FailureQueue(stack, "NotificationFailures", {
      stage,
      owner: "notifications",
      carries: "Stalled-sync notifications for the alarms topic",
      key,
      alarmTopic,
    });
    NagSuppressions.addResourceSuppressions(undelivered.queue, [
      { id: "AwsSolutions-SQS3", reason: "This queue is itself a dead-letter queue: the stalled-syncs rule's undeliverable notifications land here, and its alarm reports them." },
    ]);
    new Rule(stack, "StalledSyncs", {
      eventBus: bus,
      description: "Sync runs that stopped and need a resume",
      eventPattern: { source: [EVENT_SOURCE], detailType: ["switchboard.sync.stalled"] },
      targets: [new SnsTopic(alarmTopic, { deadLetterQueue: undelivered.queue, ...asyncDelivery.notification })],
    });

    const queues = Object.fromEntries(
      vendors.map((vendor) => [vendor, new VendorQueue(stack, `${pascalCase(vendor)}Queues`, { stage, vendor, alarmTopic, key })]),
    );

    const logBucket = accessLogBucket(stack, removalPolicy, production);
    const { grant, ...replicationProps } = replication(stack, config);
    const archive = new Bucket(stack, "Archive", {
      ...replicationProps,
      ...privateBucket,
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      // One data key per bucket rather than per object: far fewer KMS calls for the same protection.
      bucketKeyEnabled: true,
      versioned: true,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: "archive/",
      lifecycleRules: [
        {
          id: "raw-archives",
          prefix: "raw/",
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: retention.archiveInfrequentAccessAfter }],
          expiration: retention.archiveExpireAfter,
        },
        { id: "sync-unit-progress", prefix: "partial/", expiration: retention.unitProgress },
        // Files handed out by short-lived link (packages/core/src/downloads.ts): gone, old versions too, after a day.
        { id: "downloads", prefix: "downloads/", expiration: retention.downloads, noncurrentVersionExpiration: retention.downloads },
        { id: "incomplete-uploads", abortIncompleteMultipartUploadAfter: retention.incompleteUploads },
        { id: "old-versions", noncurrentVersionExpiration: retention.archiveNoncurrentVersions, expiredObjectDeleteMarker: true },
      ],
      removalPolicy,
      // A non-production stage must be removable even with archives in it.
      autoDeleteObjects: !production,
    });
    grant?.(archive, key);
    if (!config.archiveReplica) {
      NagSuppressions.addResourceSuppressions(archive, [
        {
          id: "HIPAA.Security-S3BucketReplicationEnabled",
          reason: "Replication is the stage option SWITCHBOARD_ARCHIVE_REPLICA_BUCKET_ARN, off here: the archive is a copy of records the vendors keep (re-fetchable by a backfill) and expires after 90 days; it is versioned and retained on removal; and copying it to another region can move patient data out of the country where it must stay (docs/deploy.md).",
        },
      ]);
    }

    const egress = config.vpcEgress ? new EgressNetwork(stack, "Egress", { stack, logBucket }) : undefined;

    stack.addOutputs({
      TableName: table.tableName,
      EventBusName: bus.eventBusName,
      ArchiveBucket: archive.bucketName,
      AlarmTopicArn: alarmTopic.topicArn,
      KeyArn: key.keyArn,
    });
    acceptStackFindings(stack, config);

    return {
      key,
      table,
      bus,
      queues,
      archive,
      alarmTopic,
      ...(egress && { egress }),
      secretArnPattern: (vendor) =>
        stack.formatArn({
          service: "secretsmanager",
          resource: "secret",
          resourceName: `${secretPrefix(stage, vendor)}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
    };
  };
}

const privateBucket = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  enforceSSL: true,
} as const satisfies BucketProps;

/**
 * The archive's S3 server access logs (and, with `vpcEgress`, the VPC flow logs): who read or
 * wrote which archive object, kept a year. Versioned like the archive.
 */
function accessLogBucket(stack: StackContext["stack"], removalPolicy: RemovalPolicy, production: boolean): Bucket {
  const bucket = new Bucket(stack, "Logs", {
    ...privateBucket,
    // S3 delivers server access logs only to buckets encrypted with S3-managed keys.
    encryption: BucketEncryption.S3_MANAGED,
    versioned: true,
    lifecycleRules: [{ id: "logs", expiration: retention.archiveAccessLogs, noncurrentVersionExpiration: retention.archiveNoncurrentVersions }],
    removalPolicy,
    autoDeleteObjects: !production,
  });
  NagSuppressions.addResourceSuppressions(bucket, [
    {
      id: "HIPAA.Security-S3DefaultEncryptionKMS",
      reason: "S3 server access logging delivers only to a target bucket with SSE-S3 default encryption (SSE-KMS targets are not supported); the bucket is private, TLS-only and holds logs, not archives.",
    },
    {
      id: "HIPAA.Security-S3BucketReplicationEnabled",
      reason: "Access logs of the archive, kept a year for audit; they are not the record of any patient data and are not replicated with the archive (whose replication is a stage option).",
    },
  ]);
  return bucket;
}

/**
 * The archive is replicated only when the stage names a replica bucket (docs/deploy.md: off by
 * default, since the archive is a re-fetchable copy of the vendors' records and a second region
 * can take patient data out of the country it must stay in). The role is ours rather than CDK's,
 * whose default role name is the same for every stage in an account.
 */
function replication(stack: StackContext["stack"], config: StageConfig): Pick<BucketProps, "replicationRole" | "replicationRules"> & { grant?(archive: Bucket, key: Key): void } {
  const replica = config.archiveReplica;
  if (!replica) return {};
  const role = new ManagedPolicyRole(stack, "ArchiveReplicationRole", { service: "s3.amazonaws.com", description: `Switchboard ${stack.stage}: archive replication` });
  return {
    replicationRole: role,
    replicationRules: [
      {
        destination: Bucket.fromBucketArn(stack, "ArchiveReplica", replica.bucketArn),
        kmsKey: Key.fromKeyArn(stack, "ArchiveReplicaKey", replica.keyArn),
        sseKmsEncryptedObjects: true,
        deleteMarkerReplication: true,
        priority: 1,
      },
    ],
    grant: (archive, key) => archiveReplication(archive, key, replica).forEach((statement) => role.addToPrincipalPolicy(statement)),
  };
}

/** Daily backups kept 35 days, on top of point-in-time recovery, in a vault under the stage key. */
function backUp(stack: StackContext["stack"], table: Table, key: Key): void {
  const vault = new BackupVault(stack, "BackupVault", {
    backupVaultName: platformName(stack.stage, "backups"),
    encryptionKey: key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const plan = BackupPlan.daily35DayRetention(stack, "BackupPlan", vault);
  const selection = plan.addSelection("Table", { resources: [BackupResource.fromDynamoDbTable(table)] });
  NagSuppressions.addResourceSuppressions(
    selection,
    [
      {
        id: "AwsSolutions-IAM4",
        reason: "AWS Backup's own service-role policy (AWSBackupServiceRolePolicyForBackup), maintained by AWS for the resource types Backup supports; this role is assumed only by backup.amazonaws.com for this plan's selection.",
        appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"],
      },
    ],
    true,
  );
}

import { ArnFormat } from "aws-cdk-lib";
import { AttributeType, BillingMode, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { EventBus, Rule } from "aws-cdk-lib/aws-events";
import { SnsTopic } from "aws-cdk-lib/aws-events-targets";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass } from "aws-cdk-lib/aws-s3";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { StackContext } from "sst/constructs";
import { busName, CONNECTIONS_INDEX, CONNECTIONS_INDEX_KEY, EVENT_SOURCE, secretPrefix, tableName } from "@switchboard/core/naming";
import { isProductionStage, removalPolicyFor } from "./config";
import { pascalCase, platformName } from "./names";
import { retention } from "./sizing";
import { VendorQueue } from "./vendor-queue";

/** What the other stacks build on. */
export interface PlatformResources {
  table: Table;
  bus: EventBus;
  queues: Record<string, VendorQueue>;
  /** Raw sync archives, written under `raw/` by the scheduled syncs. */
  archive: Bucket;
  /** Every alarm notifies this topic; subscribe the on-call channel to it. */
  alarmTopic: Topic;
  /** `arn:…:secret:switchboard/{stage}/{vendor}/*`: the vendor's connections' credentials. */
  secretArnPattern(vendor: string): string;
}

/** The stateful core: one table, one bus, one queue pair per vendor, the archive bucket. */
export function platformStack(vendors: string[]) {
  return function Platform({ stack }: StackContext): PlatformResources {
    const { stage } = stack;
    const production = isProductionStage(stage);
    const removalPolicy = removalPolicyFor(stage);

    // Partition key only: every record (connection, pacing, idempotency, job) is read by `pk`;
    // the sparse connections index lists connections without reading anything else.
    const table = new Table(stack, "Table", {
      tableName: tableName(stage),
      partitionKey: { name: "pk", type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Idempotency records and finished jobs expire through this attribute.
      timeToLiveAttribute: "ttl",
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: production,
      removalPolicy,
    });
    table.addGlobalSecondaryIndex({ indexName: CONNECTIONS_INDEX, partitionKey: { name: CONNECTIONS_INDEX_KEY, type: AttributeType.STRING } });

    const bus = new EventBus(stack, "Bus", { eventBusName: busName(stage) });

    // Alarm notifications carry no patient data; CloudWatch cannot publish to a topic encrypted
    // with the AWS-managed SNS key, so the topic stays unencrypted.
    const alarmTopic = new Topic(stack, "Alarms", { topicName: platformName(stage, "alarms") });

    // A stalled sync waits for an operator; its event (ids, counts and a reason, no patient data)
    // reaches whoever watches the alarms.
    new Rule(stack, "StalledSyncs", {
      eventBus: bus,
      description: "Sync runs that stopped and need a resume",
      eventPattern: { source: [EVENT_SOURCE], detailType: ["switchboard.sync.stalled"] },
      targets: [new SnsTopic(alarmTopic)],
    });

    const queues = Object.fromEntries(
      vendors.map((vendor) => [vendor, new VendorQueue(stack, `${pascalCase(vendor)}Queues`, { stage, vendor, alarmTopic })]),
    );

    const archive = new Bucket(stack, "Archive", {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [
        {
          id: "raw-archives",
          prefix: "raw/",
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: retention.archiveInfrequentAccessAfter }],
          expiration: retention.archiveExpireAfter,
        },
        { id: "sync-unit-progress", prefix: "partial/", expiration: retention.unitProgress },
        { id: "incomplete-uploads", abortIncompleteMultipartUploadAfter: retention.incompleteUploads },
      ],
      removalPolicy,
      // A non-production stage must be removable even with archives in it.
      autoDeleteObjects: !production,
    });

    stack.addOutputs({
      TableName: table.tableName,
      EventBusName: bus.eventBusName,
      ArchiveBucket: archive.bucketName,
      AlarmTopicArn: alarmTopic.topicArn,
    });

    return {
      table,
      bus,
      queues,
      archive,
      alarmTopic,
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

import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { deadLetterQueueName, MAX_RECEIVE_COUNT, queueName } from "@switchboard/core/naming";
import { alarmWhenNotEmpty } from "./alarms";
import { platformName } from "./names";
import { queueTimings } from "./sizing";

export interface VendorQueueProps {
  stage: string;
  vendor: string;
  alarmTopic: ITopic;
  key: IKey;
}

/**
 * A vendor's FIFO job queue (message group = connection, so one account's jobs run in order, one
 * at a time) and its FIFO dead-letter queue, with the two alarms an operator acts on.
 */
export class VendorQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { stage, vendor, alarmTopic, key }: VendorQueueProps) {
    super(scope, id);
    // Content-based deduplication stays off: the runtime sends MessageDeduplicationId = jobId, and
    // a redrive needs a fresh id for the same body.
    const common = { fifo: true, contentBasedDeduplication: false, encryption: QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true } as const;
    this.deadLetterQueue = new Queue(this, "DeadLetters", {
      ...common,
      queueName: deadLetterQueueName(stage, vendor),
      retentionPeriod: queueTimings.deadLetterRetention,
    });
    this.queue = new Queue(this, "Jobs", {
      ...common,
      queueName: queueName(stage, vendor),
      visibilityTimeout: queueTimings.visibilityTimeout,
      retentionPeriod: queueTimings.retention,
      // The runtime marks the job failed on this same receive count, then SQS moves the message.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    alarmWhenNotEmpty(this, "DeadLettersAlarm", {
      queue: this.deadLetterQueue,
      alarmName: platformName(stage, vendor, "dead-letters"),
      alarmDescription: `${vendor} jobs were dead-lettered. Inspect the failed jobs, then: npx switchboard dlq redrive ${vendor} --stage ${stage}`,
      topic: alarmTopic,
    });
    new Alarm(this, "BacklogAlarm", {
      alarmName: platformName(stage, vendor, "backlog"),
      alarmDescription: `The oldest ${vendor} job has waited longer than a job can spend being retried: the consumer is not draining the queue.`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: "Maximum" }),
      threshold: queueTimings.oldestMessageAlarmAge.toSeconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(alarmTopic));
  }
}

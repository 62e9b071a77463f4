import type { IKey } from "aws-cdk-lib/aws-kms";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { alarmWhenNotEmpty } from "./alarms";
import { platformName } from "./names";
import { queueTimings } from "./sizing";

export interface FailureQueueProps {
  stage: string;
  /** Name part after `switchboard-{stage}-`, e.g. `mocdoc` for `switchboard-{stage}-mocdoc-async-dlq`. */
  owner: string;
  /** What lands here, for the alarm's description. */
  carries: string;
  key: IKey;
  alarmTopic: ITopic;
}

/**
 * The dead-letter queue of asynchronous deliveries: EventBridge targets that could not be invoked
 * after their retries, and asynchronous Lambda invocations that failed after Lambda's. A standard
 * queue (neither EventBridge nor Lambda delivers to FIFO), alarmed like the vendors' job
 * dead-letter queues, so a dropped tick or command reaches the on-call channel.
 */
export class FailureQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, { stage, owner, carries, key, alarmTopic }: FailureQueueProps) {
    super(scope, id);
    this.queue = new Queue(this, "Queue", {
      queueName: platformName(stage, owner, "async-dlq"),
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: queueTimings.deadLetterRetention,
    });
    alarmWhenNotEmpty(this, "Alarm", {
      queue: this.queue,
      alarmName: platformName(stage, owner, "async-failures"),
      alarmDescription: `${carries} failed after their retries. The messages in ${platformName(stage, owner, "async-dlq")} hold the events and their error attributes.`,
      topic: alarmTopic,
    });
  }
}

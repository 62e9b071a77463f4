import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { ConfigurationError } from "./errors";
import type { JobMessage } from "./jobs";
import { queueUrlEnv } from "./naming";

/**
 * Job messages go to the vendor's FIFO queue with the connection as message group, so one vendor
 * account's jobs run one at a time and in order while other accounts proceed. The message carries
 * ids only; the job's input stays in the job record.
 */
export class JobQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  queueUrl(vendor: string): string {
    const url = this.env[queueUrlEnv(vendor)];
    if (!url) throw new ConfigurationError(`No queue configured for ${vendor} (${queueUrlEnv(vendor)})`);
    return url;
  }

  async send(vendor: string, message: JobMessage): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl(vendor),
        MessageBody: JSON.stringify(message),
        MessageGroupId: message.connectionId,
        MessageDeduplicationId: message.jobId,
        MessageAttributes: { correlationId: { DataType: "String", StringValue: message.correlationId } },
      }),
    );
  }
}

import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Sdk, SqsSdk } from "./aws";
import { ConfigurationError } from "./errors";
import type { JobMessage } from "./jobs";
import { queueUrlEnv } from "./naming";

/**
 * Job and sync messages go to the vendor's FIFO queue with the connection as message group, so one
 * vendor account's work runs one at a time and in order while other accounts proceed. Messages
 * carry ids only; inputs stay in the job record. The SQS client (and its SDK module) loads on the
 * first send: most invocations never queue anything.
 */
export class JobQueue {
  constructor(
    private readonly sqs: () => Promise<Sdk<SqsSdk, SQSClient>>,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  queueUrl(vendor: string): string {
    const url = this.env[queueUrlEnv(vendor)];
    if (!url) throw new ConfigurationError(`No queue configured for ${vendor} (${queueUrlEnv(vendor)})`);
    return url;
  }

  async send(vendor: string, message: JobMessage): Promise<void> {
    const { sdk, client } = await this.sqs();
    await client.send(
      new sdk.SendMessageCommand({
        QueueUrl: this.queueUrl(vendor),
        MessageBody: JSON.stringify(message),
        MessageGroupId: message.continuation === undefined ? message.connectionId : message.jobId,
        MessageDeduplicationId: message.continuation === undefined ? message.jobId : `${message.jobId}-${message.continuation}`,
        MessageAttributes: { correlationId: { DataType: "String", StringValue: message.correlationId } },
      }),
    );
  }

  /** Makes a message being handled visible again at once, for a consumer that hands it back to continue. */
  release(vendor: string, receiptHandle: string): Promise<void> {
    return this.hide(vendor, receiptHandle, 0);
  }

  /** Keeps a message being handled out of sight for `seconds`, for a job that waits before its next step. */
  async hide(vendor: string, receiptHandle: string, seconds: number): Promise<void> {
    const { sdk, client } = await this.sqs();
    await client.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl(vendor), ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
  }

  /** Sends many messages in order, ten per request (the SQS batch limit). */
  async sendBatch(vendor: string, entries: { body: unknown; groupId: string; deduplicationId: string }[]): Promise<void> {
    const QueueUrl = this.queueUrl(vendor);
    const { sdk, client } = await this.sqs();
    for (let start = 0; start < entries.length; start += SQS_BATCH) {
      const batch = entries.slice(start, start + SQS_BATCH);
      const out = await client.send(
        new sdk.SendMessageBatchCommand({
          QueueUrl,
          Entries: batch.map((e, i) => ({ Id: String(i), MessageBody: JSON.stringify(e.body), MessageGroupId: e.groupId, MessageDeduplicationId: e.deduplicationId })),
        }),
      );
      if (out.Failed?.length) throw new Error(`${out.Failed.length} of ${batch.length} messages were not queued`);
    }
  }
}

const SQS_BATCH = 10;

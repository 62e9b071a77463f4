import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";
import { rootLogger } from "@switchboard/core/log";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { lambdaContext, type LambdaHandler } from "./lambda-context";

/**
 * What Lambda's SQS event source mapping does, for one queue: long-poll, invoke the consumer with
 * a batch of one, delete on success, and leave a reported failure to reappear after the
 * visibility timeout (SQS then dead-letters it after maxReceiveCount receives).
 *
 * Deployed, the visibility timeout is six times the consumer's timeout, so a message is never
 * handed out twice while it is being worked on. Locally it is short (tests want quick retries),
 * so the poller keeps a message invisible for as long as its invocation runs.
 */
export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  functionName: string;
  timeoutMs: number;
  visibilitySeconds: number;
  handler: LambdaHandler;
  /** Parallel pollers (message groups in flight at once); FIFO still runs one message per group. */
  concurrency?: number;
}

function toRecord(m: Message, queueArn: string, region: string): SQSRecord {
  const attrs = (m.Attributes ?? {}) as Record<string, string>;
  return {
    messageId: m.MessageId as string,
    receiptHandle: m.ReceiptHandle as string,
    body: m.Body ?? "",
    attributes: {
      ApproximateReceiveCount: attrs.ApproximateReceiveCount ?? "1",
      SentTimestamp: attrs.SentTimestamp ?? String(Date.now()),
      SenderId: attrs.SenderId ?? "local",
      ApproximateFirstReceiveTimestamp: attrs.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      MessageGroupId: attrs.MessageGroupId,
      MessageDeduplicationId: attrs.MessageDeduplicationId,
      SequenceNumber: attrs.SequenceNumber,
    },
    messageAttributes: Object.fromEntries(
      Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, { stringValue: v.StringValue, dataType: v.DataType ?? "String" }]),
    ),
    md5OfBody: m.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

export class QueuePoller {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly aborts = new Set<AbortController>();

  constructor(private readonly opts: PollerOptions) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.opts.concurrency ?? 4 }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const a of this.aborts) a.abort();
    await Promise.allSettled(this.loops);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const abort = new AbortController();
      this.aborts.add(abort);
      try {
        const out = await this.opts.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.opts.queueUrl,
            MaxNumberOfMessages: 1,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ["All"],
            MessageAttributeNames: ["All"],
          }),
          { abortSignal: abort.signal },
        );
        for (const message of out.Messages ?? []) await this.invoke(message);
      } catch (err) {
        if (!this.running) return;
        rootLogger.warn("queue poll failed", { queue: this.opts.functionName, error: (err as Error).name });
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        this.aborts.delete(abort);
      }
    }
  }

  private async invoke(message: Message): Promise<void> {
    const event: SQSEvent = { Records: [toRecord(message, this.opts.queueArn, this.opts.region)] };
    const extend = () =>
      this.opts.sqs
        .send(new ChangeMessageVisibilityCommand({ QueueUrl: this.opts.queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: this.opts.visibilitySeconds }))
        .catch(() => undefined);
    const heartbeat = setInterval(extend, (this.opts.visibilitySeconds * 1000) / 2);
    try {
      const result = (await this.opts.handler(event, lambdaContext(this.opts.functionName, this.opts.timeoutMs))) as SQSBatchResponse | undefined;
      const failed = result?.batchItemFailures?.some((f) => f.itemIdentifier === message.MessageId);
      if (!failed) await this.opts.sqs.send(new DeleteMessageCommand({ QueueUrl: this.opts.queueUrl, ReceiptHandle: message.ReceiptHandle }));
    } catch (err) {
      // A thrown invocation fails the whole batch: the message reappears after the visibility timeout.
      rootLogger.error("consumer invocation failed", { queue: this.opts.functionName, error: err as Error });
    } finally {
      clearInterval(heartbeat);
    }
  }
}

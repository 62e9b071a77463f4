import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Deps } from "./deps";
import type { JobMessage } from "./jobs";
import { isSyncMessage, resumeSyncRun, type SyncMessage } from "./sync/engine";

/**
 * Moves dead-lettered job messages back to their queue, reopening each job before its message
 * returns. Done message by message so it behaves the same on fauxqs and in AWS; a fresh
 * deduplication id is needed since the original may still be inside the 5-minute window.
 * A dead-lettered sync unit stalled its run; the run resumes (once) from its first unfinished unit.
 */
export async function redriveDeadLetters(deps: Deps, sqs: SQSClient, queues: { queueUrl: string; dlqUrl: string }): Promise<number> {
  let moved = 0;
  const resumed = new Set<string>();
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ["All"] }));
    const messages = out.Messages ?? [];
    if (!messages.length) return moved;
    for (const m of messages) {
      const message = JSON.parse(m.Body ?? "{}") as JobMessage | SyncMessage;
      if (isSyncMessage(message)) {
        if (!resumed.has(message.runId)) await resumeSyncRun(deps, message.runId, message.correlationId);
        resumed.add(message.runId);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queues.dlqUrl, ReceiptHandle: m.ReceiptHandle }));
        moved += 1;
        continue;
      }
      await deps.jobs.reopen(message.jobId);
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queues.queueUrl,
          MessageBody: m.Body,
          MessageGroupId: message.connectionId,
          MessageDeduplicationId: `${message.jobId}-redrive-${Date.now()}`,
          MessageAttributes: m.MessageAttributes,
        }),
      );
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queues.dlqUrl, ReceiptHandle: m.ReceiptHandle }));
      moved += 1;
    }
  }
}

import * as v from "valibot";
import type { AnyOperation } from "./catalogue";
import type { Connection } from "./connections";
import type { Deps } from "./deps";
import { ConfigurationError, VendorError } from "./errors";
import { callVendor } from "./execute";
import { BinaryBody, storeDownload } from "./http/binary-response";
import type { Job } from "./jobs";
import type { Log } from "./log";

/**
 * Jobs for work the vendor finishes later (an operation's `completion`, catalogue.ts): start it,
 * poll its status with backoff, fetch the result. Each step's outcome is kept in the job record
 * (`progress`), so a redelivery carries on where the last one stopped and the start, a write, is
 * never sent twice.
 *
 * Waiting: within one invocation the job sleeps between polls while its time allows. A longer wait
 * hands the job to a new message of its own (its own message group, so the connection's other
 * jobs do not queue behind it); when that message arrives early, the consumer hides it until the
 * next poll is due (SQS FIFO queues have no per-message delay). Each message so sees about two
 * receives, far below the dead-letter limit, however long the vendor takes.
 */
export interface Invocation {
  remainingMs(): number;
  receiptHandle?: string;
}

/** Leaves the message on the queue, hidden until the job's next step is due: not a failure. */
export class JobWaiting extends Error {
  override readonly name = "JobWaiting";
}

interface CompletionProgress {
  started: unknown;
  startedAt: number;
  polls: number;
  nextPollAt: number;
  continuation: number;
  status?: unknown;
}

/** SQS hides a message for at most 12 hours. */
const MAX_HIDE_SECONDS = 43_200;

/** Time kept for the last steps after a poll: the result's download and its storage. */
const reserveMs = (deps: Deps) => 2 * deps.config.VENDOR_TIMEOUT_MS + 5_000;

/** Hides the message and throws JobWaiting when the job's next poll is further off than this invocation can wait. */
export async function waitIfEarly(deps: Deps, job: Job, op: AnyOperation, invocation: Invocation): Promise<void> {
  const progress = job.progress as CompletionProgress | undefined;
  if (!progress || !invocation.receiptHandle) return;
  const wait = progress.nextPollAt - Date.now();
  if (wait <= invocation.remainingMs() - reserveMs(deps)) return;
  await deps.queue.hide(op.vendor.id, invocation.receiptHandle, Math.min(MAX_HIDE_SECONDS, Math.ceil(wait / 1000)));
  throw new JobWaiting(`job ${job.jobId} polls again in ${Math.ceil(wait / 1000)} s`);
}

/** Runs the job's next steps: its result when the vendor is done, undefined when it continues in a new message. */
export async function completeJob(
  deps: Deps,
  args: { job: Job; op: AnyOperation; connection: Connection; log: Log; invocation: Invocation; resolve: (id: string) => AnyOperation | undefined },
): Promise<{ result: unknown } | undefined> {
  const { job, op, connection, log, invocation } = args;
  const completion = op.completion!;
  const statusOp = args.resolve(completion.status.operationId);
  const resultOp = args.resolve(completion.result.operationId);
  if (!statusOp || !resultOp) throw new ConfigurationError(`${op.id}: its status or result operation is not in this catalogue`);
  const input = job.input as Record<string, unknown>;
  const call = (target: AnyOperation, targetInput: Record<string, unknown>, beforeSend?: () => Promise<void>) =>
    callVendor(target, targetInput, connection, { deps, log, correlationId: job.correlationId, budgetMs: deps.config.CONSUMER_WAIT_BUDGET_MS, beforeSend });
  // The follow-up inputs come from the vendor's answer: one without what they need ends the job, clearly.
  const followUp = (target: AnyOperation, targetInput: Record<string, unknown>) => {
    const parsed = v.safeParse(target.input, targetInput);
    if (parsed.success) return parsed.output as Record<string, unknown>;
    throw new VendorError({ vendor: op.vendor.id, operation: op.id, code: "MALFORMED_RESPONSE", vendorMessage: `the answer lacks what ${target.name} needs`, retryable: false });
  };

  let progress = job.progress as CompletionProgress | undefined;
  if (!progress) {
    const started = await call(op, input, () => deps.jobs.markCallStarted(job.jobId));
    const now = Date.now();
    progress = { started, startedAt: now, polls: 0, nextPollAt: now + completion.backoff.firstMs, continuation: 0 };
    await deps.jobs.saveProgress(job.jobId, progress);
    log.info("vendor work started; polling its status", { firstPollMs: completion.backoff.firstMs });
  }
  for (;;) {
    const wait = progress.nextPollAt - Date.now();
    if (wait > invocation.remainingMs() - reserveMs(deps)) {
      progress = { ...progress, continuation: progress.continuation + 1 };
      await deps.jobs.saveProgress(job.jobId, progress);
      await deps.queue.send(op.vendor.id, { jobId: job.jobId, connectionId: job.connectionId, operationId: job.operationId, correlationId: job.correlationId, continuation: progress.continuation });
      log.info("job continues in a new message", { waitMs: wait, continuation: progress.continuation });
      return undefined;
    }
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const status = await call(statusOp, followUp(statusOp, completion.status.input(progress.started, input)));
    const state = completion.status.state(status);
    if (state === "failed") {
      throw new VendorError({ vendor: op.vendor.id, operation: statusOp.id, code: "REJECTED", vendorMessage: "the vendor reports that the work failed", retryable: false });
    }
    if (state === "done") {
      const answer = await call(resultOp, followUp(resultOp, completion.result.input(progress.started, input)));
      const outcome = answer instanceof BinaryBody ? { download: await storeDownload(deps, { vendor: op.vendor.id, connectionId: job.connectionId }, answer) } : { result: answer };
      return { result: { started: progress.started, status, ...outcome } };
    }
    const polls: number = progress.polls + 1;
    const delay = Math.min(completion.backoff.maxMs, completion.backoff.firstMs * 2 ** polls);
    if (Date.now() + delay - progress.startedAt > completion.backoff.giveUpMs) {
      throw new VendorError({ vendor: op.vendor.id, operation: statusOp.id, code: "TIMEOUT", vendorMessage: `still pending after ${polls} polls`, retryable: false });
    }
    progress = { ...progress, polls, status, nextPollAt: Date.now() + delay };
  }
}

import type { AnyOperation } from "./catalogue";
import type { Deps } from "./deps";
import { callVendor } from "./execute";
import { jobResult } from "./http/binary-response";
import { completeJob, waitIfEarly, type Invocation } from "./job-completion";
import { emitJobOutcome, toJobError } from "./job-events";
import type { JobError, JobMessage } from "./jobs";
import { loggerFor } from "./log";
import { MAX_RECEIVE_COUNT } from "./naming";

/**
 * Runs one queued job. Final outcomes (success, a vendor's definitive refusal, an unknown outcome)
 * are recorded and emitted, and the message is consumed. Retryable failures are thrown so SQS
 * delivers the message again; on its last delivery the job is marked failed first, so the caller
 * hears about it while the message waits in the dead-letter queue for a redrive.
 */
export async function runJob(
  deps: Deps,
  message: JobMessage,
  receiveCount: number,
  resolve: (id: string) => AnyOperation | undefined,
  invocation: Invocation = { remainingMs: () => deps.config.CONSUMER_WAIT_BUDGET_MS },
): Promise<void> {
  const log = loggerFor(message.correlationId, { jobId: message.jobId, operationId: message.operationId });
  const job = await deps.jobs.get(message.jobId);
  if (!job) {
    log.error("job record missing; message dropped", { connectionId: message.connectionId });
    return;
  }
  if (job.status === "succeeded" || job.status === "failed") {
    log.info("job already finished; duplicate delivery ignored", { status: job.status });
    return;
  }
  const fail = async (error: JobError) => {
    await deps.jobs.markFailed(job.jobId, error);
    await emitJobOutcome(deps, job, { error });
    log.warn("job failed", { code: error.code, retryable: error.retryable, deadLettered: error.deadLettered ?? false });
  };
  const op = resolve(job.operationId);
  if (!op) return fail({ code: "UNKNOWN_OPERATION", message: `No operation ${job.operationId} here`, retryable: false });
  if (job.vendorCallStartedAt && !op.idempotent) {
    return fail({
      code: "OUTCOME_UNKNOWN",
      message: "A previous attempt was interrupted after the request was sent; the vendor may have processed it",
      retryable: false,
    });
  }

  if (op.completion) await waitIfEarly(deps, job, op, invocation);

  await deps.jobs.markRunning(job.jobId);
  try {
    const connection = await deps.connections.require(job.connectionId);
    const owner = { vendor: op.vendor.id, connectionId: job.connectionId };
    const outcome = op.completion
      ? await completeJob(deps, { job, op, connection, log, invocation, resolve })
      : {
          result: await callVendor(op, job.input as Record<string, unknown>, connection, {
            deps,
            log,
            correlationId: job.correlationId,
            budgetMs: deps.config.CONSUMER_WAIT_BUDGET_MS,
            beforeSend: () => deps.jobs.markCallStarted(job.jobId),
            ...(job.actingUser && { user: { code: job.actingUser } }),
          }),
        };
    // Polling goes on in a new message.
    if (!outcome) return;
    const result = await jobResult(deps, owner, outcome.result);
    await deps.jobs.markSucceeded(job.jobId, result);
    await emitJobOutcome(deps, job, { result });
    log.info("job succeeded");
  } catch (err) {
    const error = toJobError(err);
    if (!error.retryable) return fail(error);
    if (receiveCount >= MAX_RECEIVE_COUNT) {
      await fail({ ...error, deadLettered: true });
    } else {
      await deps.jobs.markRetrying(job.jobId, error);
      log.warn("job attempt failed; will retry", { code: error.code, receiveCount });
    }
    throw err;
  }
}

import type { Deps } from "./deps";
import { ConfigurationError, PacingBudgetExceeded, VendorError } from "./errors";
import { DetailType } from "./events";
import type { Job, JobError } from "./jobs";

/** A failure as a job records and reports it: a code, a safe message, and whether a retry can help. */
export function toJobError(err: unknown): JobError {
  if (err instanceof VendorError) {
    return { code: err.code, message: err.message, retryable: err.retryable, vendor: err.toJSON() };
  }
  if (err instanceof PacingBudgetExceeded) return { code: "PACING", message: err.message, retryable: true };
  if (err instanceof ConfigurationError) return { code: "CONNECTION_MISCONFIGURED", message: err.message, retryable: false };
  return { code: "INTERNAL", message: "Internal error", retryable: true };
}

/** Emits the job's outcome on the bus. */
export async function emitJobOutcome(deps: Deps, job: Job, outcome: { result: unknown } | { error: JobError }): Promise<void> {
  const succeeded = "result" in outcome;
  await deps.events.publish([
    {
      detailType: succeeded ? DetailType.jobSucceeded : DetailType.jobFailed,
      detail: {
        jobId: job.jobId,
        tenantId: job.tenantId,
        connectionId: job.connectionId,
        operationId: job.operationId,
        correlationId: job.correlationId,
        status: succeeded ? "succeeded" : "failed",
        ...outcome,
      },
    },
  ]);
}

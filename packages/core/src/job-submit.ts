import type { ActingUser, AnyOperation } from "./catalogue";
import type { Connection } from "./connections";
import type { Deps } from "./deps";
import { newJobId, type Job } from "./jobs";

/**
 * Records a job and puts it on its vendor's queue. If the queue refuses, the job is marked failed
 * before the error propagates, so no record claims to be queued when nothing will run it.
 */
export async function submitJob(
  deps: Deps,
  args: { op: AnyOperation; connection: Connection; input: unknown; correlationId: string; source: Job["source"]; user?: ActingUser },
): Promise<Job> {
  const job = await deps.jobs.create({
    jobId: newJobId(),
    tenantId: args.connection.tenantId,
    connectionId: args.connection.connectionId,
    operationId: args.op.id,
    input: args.input,
    correlationId: args.correlationId,
    source: args.source,
    ...(args.user && { actingUser: args.user.code }),
  });
  try {
    await deps.queue.send(args.op.vendor.id, {
      jobId: job.jobId,
      connectionId: job.connectionId,
      operationId: job.operationId,
      correlationId: job.correlationId,
    });
  } catch (err) {
    await deps.jobs.markFailed(job.jobId, { code: "ENQUEUE_FAILED", message: "The job could not be queued", retryable: true });
    throw err;
  }
  return job;
}

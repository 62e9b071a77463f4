import type { Deps } from "../deps";
import { loggerFor } from "../log";
import { correlationIdOf, tenantOf, type HttpEvent } from "./event";
import { json, problem, toProblem, type HttpResult } from "./problem";

/** `GET /v1/jobs/{jobId}`: a tenant sees only its own jobs; anyone else's look like they do not exist. */
const JOB_ID = /^job_[a-f0-9]{32}$/;

export async function handleJobRequest(event: HttpEvent, deps: Deps): Promise<HttpResult> {
  const correlationId = correlationIdOf(event);
  try {
    const tenant = tenantOf(event, deps.config.TENANT_CLAIM);
    const jobId = event.pathParameters?.jobId ?? "";
    const job = JOB_ID.test(jobId) ? await deps.jobs.get(jobId) : undefined;
    if (!job || job.tenantId !== tenant) return problem(404, "not-found", "Not Found", `No job ${jobId}`);
    const { input: _input, vendorCallStartedAt: _started, ...visible } = job;
    return json(200, visible, { "x-correlation-id": correlationId });
  } catch (err) {
    const result = toProblem(err);
    if (result.statusCode >= 500) loggerFor(correlationId).error("job lookup failed", { error: err as Error });
    return result;
  }
}

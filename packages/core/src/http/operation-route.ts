import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from "@aws-lambda-powertools/idempotency";
import type { Context } from "aws-lambda";
import { actingUserOfRequest } from "../auth/acting-user";
import type { ActingUser, AnyOperation } from "../catalogue";
import { assertConnectionId, type Connection } from "../connections";
import type { Deps } from "../deps";
import { PacingBudgetExceeded, RequestError, VendorError } from "../errors";
import { callVendor } from "../execute";
import { once } from "../idempotency";
import { submitJob } from "../job-submit";
import type { Job } from "../jobs";
import { loggerFor, type Log } from "../log";
import { parseInput } from "../validation";
import { operationResult } from "./binary-response";
import { correlationIdOf, headerOf, inputOf, tenantOf, type HttpEvent } from "./event";
import { json, problem, toProblem, type HttpResult } from "./problem";

/**
 * One operation called over HTTP. Order matters: authenticate, find the connection and check the
 * tenant owns it, validate the input — all before any vendor call. Reads wait for a pacing slot up
 * to the read budget. Writes run now when a slot comes within the write budget and otherwise
 * become jobs (202); with an Idempotency-Key, a replay returns the first response.
 */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** A job record is one DynamoDB item (400 KB at most, with its other attributes). */
const MAX_JOB_INPUT_BYTES = 350_000;

export async function handleOperationRequest(op: AnyOperation, event: HttpEvent, context: Context | undefined, deps: Deps): Promise<HttpResult> {
  const correlationId = correlationIdOf(event);
  const log = loggerFor(correlationId, { operationId: op.id });
  const respond = (result: HttpResult): HttpResult => ({ ...result, headers: { ...result.headers, "x-correlation-id": correlationId } });
  try {
    const tenant = tenantOf(event, deps.config.TENANT_CLAIM);
    const connectionId = event.pathParameters?.connectionId ?? "";
    assertConnectionId(connectionId);
    const connection = await deps.connections.get(connectionId);
    if (!connection || connection.vendor !== op.vendor.id) {
      throw new RequestError(404, "Not Found", `No ${op.vendor.title} connection ${connectionId}`);
    }
    if (connection.tenantId !== tenant) throw new RequestError(403, "Forbidden", `Connection ${connectionId} belongs to another tenant`);
    const user = actingUserOfRequest(op, event, deps.config.ACTING_USER_SCOPE);
    const input = parseInput(op.input, inputOf(event, op)) as Record<string, unknown>;

    const owner = { vendor: op.vendor.id, connectionId };
    if (op.kind === "read") {
      const body = await callVendor(op, input, connection, { deps, log, correlationId, budgetMs: deps.config.READ_WAIT_BUDGET_MS, user });
      return respond(await operationResult(deps, owner, body));
    }
    const key = headerOf(event, "idempotency-key");
    const write = () => runWrite(op, input, connection, correlationId, deps, log, user);
    if (key === undefined) return respond(await write());
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new RequestError(400, "Invalid Idempotency-Key", "Idempotency-Key must be 1-255 printable ASCII characters");
    }
    // One user's key never replays another user's answer.
    const request = { key: [tenant, connectionId, op.id, ...(user ? [`user:${user.code}`] : []), key].join("|"), payload: input };
    return respond(await once(deps, request, context, write));
  } catch (err) {
    if (err instanceof IdempotencyValidationError) {
      return respond(problem(422, "idempotency-key-reused", "Idempotency-Key reused", "This Idempotency-Key was used with a different request body"));
    }
    if (err instanceof IdempotencyAlreadyInProgressError) {
      return respond(problem(409, "idempotency-in-progress", "Request in progress", "A request with this Idempotency-Key is still running", {}, { "retry-after": "1" }));
    }
    const result = toProblem(err);
    if (result.statusCode >= 500) log.error("request failed", { error: err as Error });
    else log.info("request refused", { status: result.statusCode, error: (err as Error).name });
    return respond(result);
  }
}

/**
 * The outcome of a write, as stored for replays. Vendor answers (including "outcome unknown") are
 * returned and so remembered; our own failures are thrown, so the caller may retry the same key.
 */
async function runWrite(op: AnyOperation, input: Record<string, unknown>, connection: Connection, correlationId: string, deps: Deps, log: Log, user: ActingUser | undefined): Promise<HttpResult> {
  // Work the vendor finishes later is a job from the start (job-completion.ts).
  if (op.completion) return accepted(await submitJob(deps, { op, connection, input, correlationId, source: "api", user }));
  try {
    const body = await callVendor(op, input, connection, { deps, log, correlationId, budgetMs: deps.config.WRITE_WAIT_BUDGET_MS, user });
    return await operationResult(deps, { vendor: op.vendor.id, connectionId: connection.connectionId }, body);
  } catch (err) {
    const deferrable = err instanceof PacingBudgetExceeded || (err instanceof VendorError && err.retryable);
    if (deferrable && Buffer.byteLength(JSON.stringify(input)) > MAX_JOB_INPUT_BYTES) {
      // Too large for a job record: refuse now, clearly, rather than accept work we cannot keep.
      const retryAfterMs = err instanceof PacingBudgetExceeded ? err.retryAfterMs : ((err as VendorError).retryAfterMs ?? 5000);
      return problem(503, "too-large-to-queue", "Vendor busy", "The vendor has no free slot now and this request is too large to queue; retry later", {}, {
        "retry-after": String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
      });
    }
    if (deferrable) {
      const job = await submitJob(deps, { op, connection, input, correlationId, source: "api", user });
      log.info("write deferred to a job", { jobId: job.jobId, reason: (err as Error).name });
      return accepted(job);
    }
    if (err instanceof VendorError) {
      log.warn("vendor refused write", { code: err.code, outcomeUnknown: err.outcomeUnknown });
      return toProblem(err);
    }
    throw err;
  }
}

function accepted(job: Job): HttpResult {
  const location = `/v1/jobs/${job.jobId}`;
  return json(202, { jobId: job.jobId, status: job.status, location }, { location });
}

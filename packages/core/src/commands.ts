import { IdempotencyValidationError } from "@aws-lambda-powertools/idempotency";
import type { Context } from "aws-lambda";
import * as v from "valibot";
import { actingUser } from "./auth/acting-user";
import type { ActingUser, AnyOperation } from "./catalogue";
import type { Deps } from "./deps";
import { ValidationError, type FieldIssue } from "./errors";
import { DetailType, type BusEvent } from "./events";
import { once } from "./idempotency";
import { submitJob } from "./job-submit";
import { loggerFor } from "./log";
import { issuesOf, parseInput } from "./validation";

/**
 * A `switchboard.command` event from any AWS service becomes a job on the vendor's queue. The
 * command's idempotencyKey makes redelivered or repeated events one job. A command that cannot be
 * accepted is answered with `switchboard.command.rejected`, never dropped silently.
 */
const commandSchema = v.object({
  connectionId: v.pipe(v.string(), v.minLength(1)),
  operationId: v.pipe(v.string(), v.minLength(1)),
  input: v.optional(v.unknown(), {}),
  idempotencyKey: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  correlationId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9._:-]{8,128}$/))),
  /** The user an operation with `actsAs` acts as (auth/acting-user.ts). */
  actingUser: v.optional(v.string()),
});

export function isBusEvent(event: unknown): event is BusEvent {
  return typeof event === "object" && event !== null && "detail-type" in event && "detail" in event;
}

export async function acceptCommand(
  deps: Deps,
  event: BusEvent,
  resolve: (id: string) => AnyOperation | undefined,
  context?: Context,
): Promise<{ jobId?: string; rejected?: string }> {
  const raw = (event.detail ?? {}) as Record<string, unknown>;
  const correlationId = typeof raw.correlationId === "string" ? raw.correlationId : event.id;
  const log = loggerFor(correlationId);
  const reject = async (reason: string, errors: FieldIssue[] = []) => {
    const detail = {
      reason,
      errors,
      eventId: event.id,
      correlationId,
      connectionId: typeof raw.connectionId === "string" ? raw.connectionId : undefined,
      operationId: typeof raw.operationId === "string" ? raw.operationId : undefined,
      idempotencyKey: typeof raw.idempotencyKey === "string" ? raw.idempotencyKey : undefined,
    };
    await deps.events.publish([{ detailType: DetailType.commandRejected, detail }]);
    log.warn("command rejected", { reason, fields: errors.map((e) => e.path) });
    return { rejected: reason };
  };

  const parsed = v.safeParse(commandSchema, raw);
  if (!parsed.success) return reject("invalid command", issuesOf(parsed.issues, "detail"));
  const command = parsed.output;
  const op = resolve(command.operationId);
  if (!op) return reject(`unknown operation ${command.operationId}`);
  const connection = await deps.connections.get(command.connectionId);
  if (!connection || connection.vendor !== op.vendor.id) return reject(`no ${op.vendor.id} connection ${command.connectionId}`);
  let input: unknown;
  let user: ActingUser | undefined;
  try {
    user = actingUser(op, command.actingUser, "detail.actingUser");
    input = parseInput(op.input, command.input);
  } catch (err) {
    if (err instanceof ValidationError) return reject("invalid input", err.issues);
    throw err;
  }
  try {
    const request = { key: ["command", connection.connectionId, op.id, ...(user ? [`user:${user.code}`] : []), command.idempotencyKey].join("|"), payload: input };
    const job = await once(deps, request, context, () =>
      submitJob(deps, { op, connection, input, correlationId: command.correlationId ?? correlationId, source: "event", user }),
    );
    log.info("command accepted", { jobId: job.jobId, operationId: op.id });
    return { jobId: job.jobId };
  } catch (err) {
    if (err instanceof IdempotencyValidationError) return reject("idempotencyKey reused with a different input");
    throw err;
  }
}

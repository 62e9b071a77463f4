import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import type { AnyOperation } from "./catalogue";
import { acceptCommand, isBusEvent } from "./commands";
import { getDeps } from "./deps";
import { isHttpEvent, routeKeyOf, type HttpEvent } from "./http/event";
import { handleOperationRequest } from "./http/operation-route";
import { problem } from "./http/problem";
import { handleSyncStart } from "./http/sync-route";
import { runJob } from "./job-runner";
import type { JobMessage } from "./jobs";
import { lambda } from "./lambda";
import { loggerFor } from "./log";
import type { VendorSync } from "./sync/dataset";
import { isSyncMessage, runSyncUnit, type SyncMessage } from "./sync/engine";
import { handleWebhook, type WebhookReceiver } from "./inbox/webhook";
import type { Deps } from "./deps";
import type { RouteHandler, ScheduleRun } from "./schedules";
import { scheduleDailySyncs } from "./sync/schedule";

/**
 * Turns catalogue entries into one Lambda handler that accepts the three ways work arrives:
 * API Gateway HTTP API v2 requests, SQS FIFO records (batch size 1, partial batch responses) and
 * EventBridge `switchboard.command` events. A per-operation function passes its one entry; a
 * vendor's queue consumer passes the vendor's whole catalogue.
 */
function isSqsEvent(event: unknown): event is SQSEvent {
  const records = (event as SQSEvent | undefined)?.Records;
  return Array.isArray(records) && records.length > 0 && records[0]?.eventSource === "aws:sqs";
}

export function createHandler(operations: AnyOperation[], options: { sync?: VendorSync } = {}) {
  const byId = new Map(operations.map((op) => [op.id, op]));
  const byRoute = new Map(operations.map((op) => [routeKeyOf(op), op]));
  const resolve = (id: string) => byId.get(id);

  const recordHandler = async (record: SQSRecord, context: Context) => {
    const message = JSON.parse(record.body) as JobMessage | SyncMessage;
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? "1");
    if (!isSyncMessage(message)) {
      return runJob(getDeps(), message, receiveCount, resolve, { remainingMs: () => context.getRemainingTimeInMillis(), receiptHandle: record.receiptHandle });
    }
    const sync = options.sync;
    if (!sync) throw new Error(`sync unit for ${message.runId} reached a handler without sync datasets`);
    await runSyncUnit(getDeps(), sync, message, receiveCount, loggerFor(message.correlationId, { runId: message.runId }), {
      remainingMs: () => context.getRemainingTimeInMillis(),
      release: () => getDeps().queue.release(sync.vendor.id, record.receiptHandle),
    });
  };

  return lambda(async (event: unknown, context: Context) => {
    if (isHttpEvent(event)) {
      const op = byRoute.get(event.routeKey) ?? (operations.length === 1 ? operations[0] : undefined);
      if (!op) return problem(404, "not-found", "Not Found", `No operation for ${event.routeKey}`);
      return handleOperationRequest(op, event, context, getDeps());
    }
    if (isSqsEvent(event)) {
      // Report the failed record (batch size 1) rather than throw: the event source mapping
      // returns it to the queue either way, and a report is not an invocation error.
      return processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), { context, throwOnFullBatchFailure: false });
    }
    if (isBusEvent(event)) return acceptCommand(getDeps(), event, resolve, context);
    throw new Error("Unsupported event: expected an HTTP API v2 request, SQS records or a switchboard.command event");
  });
}

/**
 * The vendor's daily-sync schedule target (an EventBridge scheduled event). "Yesterday" is taken
 * from the tick's own `time`, so a late or retried invocation still syncs the day it was meant for.
 */
export function syncScheduleHandler(sync: VendorSync) {
  return lambda(async (event: { id?: string; time?: string }) => {
    const tick = new Date(event.time ?? Date.now());
    const at = Number.isNaN(tick.getTime()) ? new Date() : tick;
    const started = await scheduleDailySyncs(getDeps(), sync, loggerFor(event.id ?? `schedule-${Date.now()}`), at);
    return { started };
  });
}

/** `POST /v1/{vendor}/{connectionId}/sync` */
export function syncStartHandler(sync: VendorSync) {
  return lambda((event: HttpEvent) => handleSyncStart(sync, event, getDeps()));
}

/** A vendor schedule's target (see schedules.ts): one tick, timed from the event's own `time`. */
export function scheduleHandler(tick: (deps: Deps, run: ScheduleRun) => Promise<unknown>) {
  return lambda(async (event: { id?: string; time?: string }, context: Context) => {
    const at = new Date(event.time ?? Date.now());
    const correlationId = event.id ?? `schedule-${Date.now()}`;
    return tick(getDeps(), {
      tick: Number.isNaN(at.getTime()) ? new Date() : at,
      remainingMs: () => context.getRemainingTimeInMillis(),
      log: loggerFor(correlationId),
      correlationId,
    });
  });
}

/** A vendor's own route (see schedules.ts). */
export function routeHandler(handle: RouteHandler) {
  return lambda((event: HttpEvent) => handle(event, getDeps()));
}

/** A vendor webhook route (see inbox/webhook.ts). */
export function webhookHandler(receiver: WebhookReceiver) {
  return lambda((event: HttpEvent, context: Context) => handleWebhook(receiver, event, context, getDeps()));
}

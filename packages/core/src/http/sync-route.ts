import { randomUUID } from "node:crypto";
import * as v from "valibot";
import { assertConnectionId } from "../connections";
import type { Deps } from "../deps";
import { RequestError } from "../errors";
import { loggerFor } from "../log";
import { daysBetween } from "../sync/days";
import type { VendorSync } from "../sync/dataset";
import { startSyncRun } from "../sync/engine";
import { parseInput } from "../validation";
import { correlationIdOf, jsonBodyOf, tenantOf, type HttpEvent } from "./event";
import { json, problem, toProblem, type HttpResult } from "./problem";

/**
 * `POST /v1/{vendor}/{connectionId}/sync` queues a backfill (the same units the daily sync runs);
 * `GET /v1/sync-runs/{runId}` reports its progress. Both only for the tenant owning the connection.
 */
const isoDay = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day as YYYY-MM-DD"));
const backfillSchema = v.strictObject({
  from: isoDay,
  to: isoDay,
  datasets: v.optional(v.array(v.pipe(v.string(), v.minLength(1)))),
});

/** A backfill this long would queue more units than anyone means to; split it. */
const MAX_BACKFILL_DAYS = 366;

export async function handleSyncStart(sync: VendorSync, event: HttpEvent, deps: Deps): Promise<HttpResult> {
  const correlationId = correlationIdOf(event);
  const log = loggerFor(correlationId, { operationId: `${sync.vendor.id}.sync` });
  try {
    const tenant = tenantOf(event, deps.config.TENANT_CLAIM);
    const connectionId = event.pathParameters?.connectionId ?? "";
    assertConnectionId(connectionId);
    const connection = await deps.connections.get(connectionId);
    if (!connection || connection.vendor !== sync.vendor.id) throw new RequestError(404, "Not Found", `No ${sync.vendor.title} connection ${connectionId}`);
    if (connection.tenantId !== tenant) throw new RequestError(403, "Forbidden", `Connection ${connectionId} belongs to another tenant`);
    const body = parseInput(backfillSchema, jsonBodyOf(event));
    let days: number;
    try {
      days = daysBetween(body.from, body.to).length;
    } catch (err) {
      throw new RequestError(400, "Invalid range", (err as Error).message);
    }
    if (days > MAX_BACKFILL_DAYS) throw new RequestError(400, "Range too long", `At most ${MAX_BACKFILL_DAYS} days per backfill`);
    const run = await startSyncRun(deps, sync, connection, { runId: `backfill-${randomUUID()}`, kind: "backfill", from: body.from, to: body.to, datasets: body.datasets, correlationId, log, budgetMs: deps.config.READ_WAIT_BUDGET_MS });
    const location = `/v1/sync-runs/${run.runId}`;
    return json(202, { runId: run.runId, status: run.status, total: run.total, location }, { location, "x-correlation-id": correlationId });
  } catch (err) {
    const result = toProblem(err);
    if (result.statusCode >= 500) log.error("sync start failed", { error: err as Error });
    return result;
  }
}

export async function handleSyncRunRequest(event: HttpEvent, deps: Deps): Promise<HttpResult> {
  try {
    const tenant = tenantOf(event, deps.config.TENANT_CLAIM);
    const runId = event.pathParameters?.runId ?? "";
    const run = /^[A-Za-z0-9_-]{1,200}$/.test(runId) ? await deps.syncRuns.get(runId) : undefined;
    if (!run || run.tenantId !== tenant) return problem(404, "not-found", "Not Found", `No sync run ${runId}`);
    return json(200, run);
  } catch (err) {
    return toProblem(err);
  }
}

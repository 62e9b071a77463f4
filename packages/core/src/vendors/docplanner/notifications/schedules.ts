import { parseConnectionConfig, type Connection } from "../../../connections";
import type { Deps } from "../../../deps";
import { VendorError } from "../../../errors";
import { callVendor } from "../../../execute";
import { takeLease } from "../../../lease";
import type { ScheduleRun } from "../../../schedules";
import { pullNotifications } from "../operations/pullNotifications";
import { releaseNotifications } from "../operations/releaseNotifications";
import { docplanner } from "../vendor";

/**
 * Docplanner's two schedules. Every minute, each pull-mode connection's puller (one at a time per
 * connection, under a lease) first finishes what an earlier puller stored but did not publish,
 * then pulls batches of 100 until Docplanner reports none remaining or the run's time is up; each
 * batch is in the inbox before the next is pulled. Every hour, each push-mode connection asks
 * Docplanner to push again what it failed to deliver (allowed once an hour).
 */
const BATCH = 100;
/** What a run keeps of its time after its last pull: storing and publishing a batch. */
const RESERVE_MS = 10_000;

async function connectionsIn(deps: Deps, mode: "pull" | "push"): Promise<Connection[]> {
  return (await deps.connections.list()).filter((c) => c.vendor === docplanner.id && parseConnectionConfig(docplanner, c.config).notifications === mode);
}

export async function pullNotificationsTick(deps: Deps, run: ScheduleRun) {
  const connections = await connectionsIn(deps, "pull");
  const results = await Promise.all(connections.map((c) => pullConnection(deps, c, run)));
  const pulled = results.reduce<number>((n, r) => n + (r ?? 0), 0);
  run.log.info("docplanner notifications pulled", { connections: connections.length, skipped: results.filter((r) => r === undefined).length, pulled });
  return { connections: connections.length, pulled };
}

/** Answers how many notifications it pulled, or undefined when another puller holds the connection. */
async function pullConnection(deps: Deps, connection: Connection, run: ScheduleRun): Promise<number | undefined> {
  const lease = await takeLease(deps.ddb, deps.config.TABLE_NAME, `docplanner-puller#${connection.connectionId}`, Math.max(1000, run.remainingMs()));
  if (!lease) return undefined;
  let pulled = 0;
  try {
    await deps.inbox.drain(docplanner.id, connection.connectionId);
    while (run.remainingMs() > RESERVE_MS) {
      const budgetMs = Math.min(deps.config.CONSUMER_WAIT_BUDGET_MS, run.remainingMs() - RESERVE_MS);
      let batch: { notifications?: unknown[]; remaining?: number };
      try {
        batch = (await callVendor(pullNotifications, { limit: BATCH }, connection, { deps, log: run.log, budgetMs, correlationId: run.correlationId })) as typeof batch;
      } catch (err) {
        // The contract's 404: the queue is empty.
        if (err instanceof VendorError && err.code === "NOT_FOUND") break;
        throw err;
      }
      pulled += batch.notifications?.length ?? 0;
      if (!batch.remaining || !batch.notifications?.length) break;
    }
  } catch (err) {
    run.log.warn("docplanner puller failed", { connectionId: connection.connectionId, error: (err as Error).name, code: (err as VendorError).code });
  } finally {
    await lease.release();
  }
  return pulled;
}

export async function releaseNotificationsTick(deps: Deps, run: ScheduleRun) {
  const connections = await connectionsIn(deps, "push");
  let released = 0;
  for (const connection of connections) {
    try {
      await callVendor(releaseNotifications, {}, connection, { deps, log: run.log, budgetMs: Math.min(deps.config.CONSUMER_WAIT_BUDGET_MS, run.remainingMs()), correlationId: run.correlationId });
      released += 1;
    } catch (err) {
      // 403: not a push client after all; 429: released within the hour already.
      run.log.warn("docplanner release refused", { connectionId: connection.connectionId, code: (err as VendorError).code });
    }
  }
  return { connections: connections.length, released };
}

import { createHash } from "node:crypto";
import { parseConnectionConfig } from "../connections";
import type { Deps } from "../deps";
import type { Log } from "../log";
import { addDays, todayIn } from "./days";
import type { VendorSync } from "./dataset";
import { startSyncRun } from "./engine";

/**
 * The daily sync, run by a schedule (hourly, so every account's midnight is followed within the
 * hour whatever its timezone). For each connection it catches every dataset up from its
 * checkpoint to yesterday in the account's timezone. Run ids are derived from the range, so a
 * second tick before the first run finishes queues nothing new.
 */
export async function scheduleDailySyncs(deps: Deps, sync: VendorSync, log: Log, now = new Date()): Promise<string[]> {
  const started: string[] = [];
  for (const connection of await deps.connections.list()) {
    if (connection.vendor !== sync.vendor.id) continue;
    try {
      const config = parseConnectionConfig(sync.vendor, connection.config);
      const yesterday = addDays(todayIn(sync.timezone(config), now), -1);
      const byStart = new Map<string, string[]>();
      for (const dataset of sync.datasets) {
        const checkpoint = await deps.syncRuns.checkpoint(connection.connectionId, dataset.name);
        const from = checkpoint ? addDays(checkpoint, 1) : yesterday;
        if (from > yesterday) continue;
        byStart.set(from, [...(byStart.get(from) ?? []), dataset.name]);
      }
      for (const [from, datasets] of byStart) {
        const digest = createHash("sha256").update(datasets.join(",")).digest("hex").slice(0, 8);
        const runId = `daily-${connection.connectionId}-${from}-${yesterday}-${digest}`;
        if (await deps.syncRuns.get(runId)) continue;
        await startSyncRun(deps, sync, connection, { runId, kind: "daily", from, to: yesterday, datasets, correlationId: runId, log, budgetMs: deps.config.CONSUMER_WAIT_BUDGET_MS });
        started.push(runId);
      }
    } catch (err) {
      // One connection's trouble (bad config, vendor down) must not stop the others' syncs.
      log.error("daily sync not started", { connectionId: connection.connectionId, error: err as Error });
    }
  }
  return started;
}

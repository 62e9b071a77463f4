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
 * checkpoint to yesterday in the account's timezone. A tick skips a connection whose last daily
 * runs are still running: their datasets' checkpoints move one by one, so regrouping them
 * mid-run would queue the unfinished ones a second time. Run ids are derived from the range,
 * so a retried tick queues nothing new either.
 */
export async function scheduleDailySyncs(deps: Deps, sync: VendorSync, log: Log, now = new Date()): Promise<string[]> {
  const started: string[] = [];
  for (const connection of await deps.connections.list()) {
    if (connection.vendor !== sync.vendor.id) continue;
    try {
      const running = await firstRunning(deps, await deps.syncRuns.dailyRuns(connection.connectionId));
      if (running) {
        log.info("daily sync still running", { connectionId: connection.connectionId, runId: running });
        continue;
      }
      const config = parseConnectionConfig(sync.vendor, connection.config);
      const yesterday = addDays(todayIn(sync.timezone(config), now), -1);
      const byStart = new Map<string, string[]>();
      for (const dataset of sync.datasets) {
        const checkpoint = await deps.syncRuns.checkpoint(connection.connectionId, dataset.name);
        const from = checkpoint ? addDays(checkpoint, 1) : yesterday;
        if (from > yesterday) continue;
        byStart.set(from, [...(byStart.get(from) ?? []), dataset.name]);
      }
      const planned = [...byStart].map(([from, datasets]) => {
        const digest = createHash("sha256").update(datasets.join(",")).digest("hex").slice(0, 8);
        return { runId: `daily-${connection.connectionId}-${from}-${yesterday}-${digest}`, from, datasets };
      });
      // Recorded before the runs start, so every run that starts is one the next tick checks.
      if (planned.length) await deps.syncRuns.setDailyRuns(connection.connectionId, planned.map((p) => p.runId));
      for (const { runId, from, datasets } of planned) {
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

async function firstRunning(deps: Deps, runIds: string[]): Promise<string | undefined> {
  for (const runId of runIds) if ((await deps.syncRuns.get(runId))?.status === "running") return runId;
  return undefined;
}

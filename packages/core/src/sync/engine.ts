import type { Archive } from "../archive";
import type { Rate } from "../catalogue";
import type { Connection } from "../connections";
import { parseConnectionConfig } from "../connections";
import type { Deps } from "../deps";
import { ValidationError } from "../errors";
import { MAX_RECEIVE_COUNT } from "../naming";
import { callVendor } from "../execute";
import type { Log } from "../log";
import { effectiveInterval } from "../pacing/gcra";
import { parseInput } from "../validation";
import type { OutgoingEvent } from "../events";
import { daysBetween } from "./days";
import type { SyncDataset, VendorSync } from "./dataset";
import { recordId, recordsOf } from "./records";
import type { SyncRun } from "./runs";

/**
 * Day-by-day syncs: a run's units (dataset × day, day-major) go on the vendor's FIFO queue in the
 * connection's message group, so they run in order at the account's paced rate alongside its API
 * traffic. Each unit fetches the whole day (every location and time window), archives the raw
 * responses, publishes one event per record and only then advances the run and the checkpoint.
 * A crash before that re-runs the unit: same archive key, same record ids.
 */
export interface SyncMessage {
  kind: "sync";
  runId: string;
  epoch: number;
  index: number;
  connectionId: string;
  correlationId: string;
}

export const isSyncMessage = (m: unknown): m is SyncMessage => (m as SyncMessage | undefined)?.kind === "sync";

export function unitAt(run: Pick<SyncRun, "from" | "to" | "datasets">, index: number): { day: string; dataset: string } {
  const days = daysBetween(run.from, run.to);
  const day = days[Math.floor(index / run.datasets.length)];
  const dataset = run.datasets[index % run.datasets.length];
  if (!day || !dataset) throw new Error(`no unit ${index} in this run`);
  return { day, dataset };
}

export function datasetsOf(sync: VendorSync, names?: string[]): SyncDataset[] {
  if (!names?.length) return sync.datasets;
  const unknown = names.filter((n) => !sync.datasets.some((d) => d.name === n));
  if (unknown.length) {
    throw new ValidationError(unknown.map((n) => ({ path: "datasets", message: `unknown dataset ${n}; known: ${sync.datasets.map((d) => d.name).join(", ")}` })));
  }
  return sync.datasets.filter((d) => names.includes(d.name));
}

export async function enqueueUnits(deps: Deps, run: SyncRun, fromIndex: number, correlationId: string): Promise<void> {
  const entries = Array.from({ length: run.total - fromIndex }, (_, i) => fromIndex + i).map((index) => ({
    body: { kind: "sync", runId: run.runId, epoch: run.epoch, index, connectionId: run.connectionId, correlationId } satisfies SyncMessage,
    groupId: run.connectionId,
    deduplicationId: `${run.runId}:${run.epoch}:${index}`,
  }));
  await deps.queue.sendBatch(run.vendor, entries);
}

/** Plans and queues a run; the locations are resolved once, now, so every unit sees the same. */
export async function startSyncRun(
  deps: Deps,
  sync: VendorSync,
  connection: Connection,
  args: {
    runId: string;
    kind: SyncRun["kind"];
    from: string;
    to: string;
    datasets?: string[];
    correlationId: string;
    log: Log;
    /** How long listing the locations may wait for a pacing slot (an API caller's budget is short). */
    budgetMs: number;
  },
): Promise<SyncRun> {
  const datasets = datasetsOf(sync, args.datasets);
  const days = daysBetween(args.from, args.to);
  const config = parseConnectionConfig(sync.vendor, connection.config);
  const locations =
    sync.locations(config) ??
    sync.listLocations.keys(await callVendor(sync.listLocations.operation, {}, connection, { deps, log: args.log, budgetMs: args.budgetMs }));
  const scope = { locations, windows: sync.windows(config) };
  const rate = sync.vendor.pacing(config)[datasets[0]!.operation.pacingClass];
  const interval = rate ? effectiveInterval(rate) : 0;
  const callsPerDay = datasets.reduce((n, d) => n + d.calls(sync.vendorDay(args.from), scope).length, 0);
  const run = await deps.syncRuns.create({
    runId: args.runId,
    kind: args.kind,
    vendor: sync.vendor.id,
    connectionId: connection.connectionId,
    tenantId: connection.tenantId,
    from: args.from,
    to: args.to,
    datasets: datasets.map((d) => d.name),
    locations,
    total: days.length * datasets.length,
    unitCostMs: Math.round((callsPerDay / datasets.length) * interval),
  });
  try {
    await enqueueUnits(deps, run, 0, args.correlationId);
  } catch (err) {
    // A run whose units never reached the queue would wait forever; stalled, it can be resumed.
    await deps.syncRuns.setStatus(run.runId, "stalled", `units could not be queued: ${(err as Error).name}`);
    throw err;
  }
  args.log.info("sync run queued", { runId: run.runId, units: run.total, datasets: run.datasets.length, days: days.length });
  return run;
}

/**
 * Queues again the units a run has not completed, under a new epoch: units still queued from
 * before are then ignored, so a resume can never run a unit twice or out of order.
 */
export async function resumeSyncRun(deps: Deps, runId: string, correlationId: string): Promise<SyncRun | undefined> {
  const current = await deps.syncRuns.get(runId);
  if (!current || current.status === "completed") return current;
  // A running run is reopened too: after a restart of a queue that lost its messages, or when
  // the caller knows its units are gone. Units still queued carry the old epoch and are ignored.
  const run = await deps.syncRuns.reopen(runId);
  await enqueueUnits(deps, run, run.completed, correlationId);
  return run;
}

/** Above this, an event carries a reference to the archived record instead of the record. */
export const MAX_INLINE_DETAIL_BYTES = 200_000;

const archiveBase = (run: Pick<SyncRun, "vendor" | "connectionId">, dataset: string) => `raw/${run.vendor}/${run.connectionId}/${dataset}`;

/**
 * One `{vendor}.{dataset}.record` event per record, each with its stable id. EventBridge takes at
 * most 256 KB per entry, so a record too large for that is archived beside the day and the event
 * carries its reference.
 */
export async function recordEvents(
  archive: Archive,
  source: Pick<SyncRun, "vendor" | "connectionId" | "tenantId" | "runId"> & { dataset: string; day: string },
  records: unknown[],
): Promise<OutgoingEvent[]> {
  const events: OutgoingEvent[] = [];
  for (const record of records) {
    const id = recordId(source, record);
    const detail: Record<string, unknown> = { recordId: id, runId: source.runId, tenantId: source.tenantId, connectionId: source.connectionId, dataset: source.dataset, day: source.day, record };
    if (Buffer.byteLength(JSON.stringify(detail)) > MAX_INLINE_DETAIL_BYTES) {
      delete detail.record;
      detail.recordRef = await archive.put(`${archiveBase(source, source.dataset)}/${source.day}/records/${id}.json`, JSON.stringify(record));
    }
    events.push({ detailType: `${source.vendor}.${source.dataset}.record`, detail });
  }
  return events;
}

/** How a unit learns its invocation's clock and hands its message back to continue. */
export interface UnitInvocation {
  remainingMs(): number;
  /** Makes the message visible again at once, so the continuation need not wait out its visibility timeout. */
  release(): Promise<void>;
}

/** A unit out of time in this invocation, its progress kept: the next delivery carries on. */
export class SyncUnitContinues extends Error {
  readonly retryable = true;
  readonly code = "CONTINUES";
  constructor(
    readonly done: number,
    readonly total: number,
  ) {
    super(`${done} of ${total} calls done; continuing in the next invocation`);
    this.name = "SyncUnitContinues";
  }
}

type Fetched = { input: Record<string, unknown>; body: unknown };

const partialKey = (run: Pick<SyncRun, "vendor" | "connectionId" | "runId">, index: number) => `partial/${run.vendor}/${run.connectionId}/${run.runId}/${index}.json`;

/** The calls a previous invocation of this unit completed, as long as they are still the ones planned. */
async function priorProgress(archive: Archive, key: string, inputs: Record<string, unknown>[]): Promise<{ found: boolean; fetched: Fetched[] }> {
  const saved = await archive.get(key);
  if (!saved) return { found: false, fetched: [] };
  const fetched = JSON.parse(saved) as Fetched[];
  const same = fetched.length <= inputs.length && fetched.every((f, i) => JSON.stringify(f.input) === JSON.stringify(inputs[i]));
  return { found: true, fetched: same ? fetched : [] };
}

export async function runSyncUnit(
  deps: Deps,
  sync: VendorSync,
  message: SyncMessage,
  receiveCount: number,
  log: Log,
  invocation: UnitInvocation = { remainingMs: () => Infinity, release: async () => undefined },
): Promise<void> {
  const run = await deps.syncRuns.get(message.runId);
  if (!run || run.status !== "running" || message.epoch !== run.epoch || message.index < run.completed) {
    log.info("sync unit skipped", { runId: message.runId, index: message.index, status: run?.status ?? "missing" });
    return;
  }
  if (message.index > run.completed) {
    await stall(deps, run, `unit ${run.completed} did not complete before unit ${message.index} arrived`, log);
    return;
  }
  const { day, dataset: name } = unitAt(run, message.index);
  const dataset = datasetsOf(sync, [name])[0]!;
  const progressKey = partialKey(run, message.index);
  try {
    const connection = await deps.connections.require(run.connectionId);
    const config = parseConnectionConfig(sync.vendor, connection.config);
    const inputs = dataset.calls(sync.vendorDay(day), { locations: run.locations, windows: sync.windows(config) }).map((raw) => parseInput(dataset.operation.input, raw) as Record<string, unknown>);
    // Only a redelivery or a resumed run can find progress of this unit: a first delivery skips the lookup.
    const prior = receiveCount > 1 || run.epoch > 0 ? await priorProgress(deps.archive, progressKey, inputs) : { found: false, fetched: [] };
    const rate = sync.vendor.pacing(config)[dataset.operation.pacingClass];
    const responses = await fetchAll(deps, dataset, connection, rate, inputs, prior.fetched, progressKey, invocation, log);
    await deps.archive.put(`${archiveBase(run, name)}/${day}.json`, JSON.stringify({ vendor: run.vendor, connectionId: run.connectionId, dataset: name, day, fetchedAt: new Date().toISOString(), responses }));
    const events = await recordEvents(deps.archive, { ...run, dataset: name, day }, responses.flatMap((r) => recordsOf(r.body)));
    await deps.events.publish(events);
    // The checkpoint is the daily sync's: a backfill of some old days does not commit the daily
    // catch-up to everything since.
    if (run.kind === "daily") await deps.syncRuns.recordDay(run.connectionId, name, day);
    await deps.syncRuns.advance(run.runId, message.index, run.total);
    if (prior.found) await deps.archive.delete(progressKey);
    log.info("sync unit done", { runId: run.runId, index: message.index, dataset: name, records: events.length, calls: inputs.length, resumedAt: prior.fetched.length });
    if (message.index + 1 >= run.total) {
      await deps.events.publish([{ detailType: "switchboard.sync.completed", detail: { runId: run.runId, connectionId: run.connectionId, tenantId: run.tenantId, units: run.total } }]);
    }
  } catch (err) {
    const retryable = !(err instanceof ValidationError) && (err as { retryable?: boolean }).retryable !== false;
    const continues = err instanceof SyncUnitContinues;
    const code = (err as { code?: string }).code;
    if (!retryable || receiveCount >= MAX_RECEIVE_COUNT) {
      const why = continues ? `did not finish in ${MAX_RECEIVE_COUNT} invocations (${err.message})` : `failed: ${(err as Error).name}${code ? ` ${code}` : ""}`;
      await stall(deps, run, `unit ${message.index} (${name} ${day}) ${why}`, log);
    } else if (continues) {
      log.info("sync unit continues", { runId: run.runId, index: message.index, done: err.done, calls: err.total, receiveCount });
      await invocation.release();
    } else {
      log.warn("sync unit failed; will retry", { runId: run.runId, index: message.index, error: (err as Error).name, code, receiveCount });
    }
    if (retryable) throw err;
  }
}

/**
 * Makes a unit's calls in order, skipping those an earlier invocation completed. Before each call
 * it checks that the invocation has time for the call and for the work after the last one; if
 * not, or if a call fails, it keeps what it has fetched so the next delivery carries on from there.
 */
async function fetchAll(
  deps: Deps,
  dataset: SyncDataset,
  connection: Connection,
  rate: Rate | undefined,
  inputs: Record<string, unknown>[],
  prior: Fetched[],
  progressKey: string,
  invocation: UnitInvocation,
  log: Log,
): Promise<Fetched[]> {
  const callMs = (rate ? effectiveInterval(rate) : 0) + deps.config.VENDOR_TIMEOUT_MS;
  const responses = [...prior];
  const keep = async () => {
    if (responses.length > prior.length) await deps.archive.put(progressKey, JSON.stringify(responses));
  };
  for (const input of inputs.slice(prior.length)) {
    const spare = invocation.remainingMs() - deps.config.SYNC_UNIT_RESERVE_MS;
    if (spare < callMs) {
      await keep();
      throw new SyncUnitContinues(responses.length, inputs.length);
    }
    try {
      const budgetMs = Math.min(deps.config.CONSUMER_WAIT_BUDGET_MS, spare - deps.config.VENDOR_TIMEOUT_MS);
      responses.push({ input, body: await callVendor(dataset.operation, input, connection, { deps, log, budgetMs }) });
    } catch (err) {
      await keep();
      throw err;
    }
  }
  return responses;
}

async function stall(deps: Deps, run: SyncRun, reason: string, log: Log): Promise<void> {
  await deps.syncRuns.setStatus(run.runId, "stalled", reason);
  await deps.events.publish([{ detailType: "switchboard.sync.stalled", detail: { runId: run.runId, connectionId: run.connectionId, tenantId: run.tenantId, completed: run.completed, total: run.total, reason } }]);
  log.warn("sync run stalled", { runId: run.runId, reason });
}


import type { AnyOperation } from "../catalogue";
import type { SyncDataset, SyncScope } from "./dataset";

/**
 * A day-per-call dataset declared from its operation: the day goes into `dateFields` (e.g.
 * `["date"]`, or `["startdate", "enddate"]` for a one-day range), and the calls fan out over the
 * operation's own parameters — one per location when it takes `entitylocation`, one per time
 * window when it takes `starttime`/`endtime`.
 */
export function dailyDataset(name: string, operation: AnyOperation, dateFields: string[]): SyncDataset {
  const fields = Object.keys((operation.input as { entries?: Record<string, unknown> }).entries ?? {});
  const missing = dateFields.filter((f) => !fields.includes(f));
  if (missing.length) throw new Error(`${operation.id} has no input field ${missing.join(", ")}`);
  const perLocation = fields.includes("entitylocation");
  const perWindow = fields.includes("starttime") && fields.includes("endtime");
  return {
    name,
    operation,
    calls(day: string, scope: SyncScope) {
      let inputs: Record<string, unknown>[] = [Object.fromEntries(dateFields.map((f) => [f, day]))];
      if (perLocation) inputs = scope.locations.flatMap((entitylocation) => inputs.map((i) => ({ ...i, entitylocation })));
      if (perWindow) inputs = scope.windows.flatMap((w) => inputs.map((i) => ({ ...i, starttime: w.start, endtime: w.end })));
      return inputs;
    },
  };
}

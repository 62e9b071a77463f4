import { rootLogger } from "@switchboard/core/log";

/** The deployed rule's next tick after `now`: every hour at :30 UTC. */
export function nextTick(now: Date): Date {
  const next = new Date(now);
  next.setUTCMinutes(30, 0, 0);
  if (next <= now) next.setUTCHours(next.getUTCHours() + 1);
  return next;
}

/**
 * EventBridge's schedule, in process: every hour at :30 (UTC), so each account's midnight is
 * followed within the hour whatever its timezone, as in the deployed rule. Each run gets its
 * tick's scheduled time, as a scheduled event's `time` carries it.
 */
export function startHourlySchedule(run: (at: Date) => Promise<unknown>): { stop(): void } {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const now = new Date();
    const at = nextTick(now);
    timer = setTimeout(() => {
      run(at).catch((err: Error) => rootLogger.error("scheduled sync failed", { error: err }));
      arm();
    }, at.getTime() - now.getTime());
    timer.unref();
  };
  arm();
  return { stop: () => clearTimeout(timer) };
}

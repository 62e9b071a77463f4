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

/** The next multiple of `everyMinutes` minutes (since the epoch, UTC) after `now`, as EventBridge's rate rules fire. */
export function nextRateTick(now: Date, everyMinutes: number): Date {
  const period = everyMinutes * 60_000;
  return new Date((Math.floor(now.getTime() / period) + 1) * period);
}

/** A vendor schedule (`rate(N minutes)`), in process; each run gets its tick's scheduled time. */
export function startMinuteSchedule(everyMinutes: number, run: (at: Date) => Promise<unknown>, name: string): { stop(): void } {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const now = new Date();
    const at = nextRateTick(now, everyMinutes);
    timer = setTimeout(() => {
      run(at).catch((err: Error) => rootLogger.error("scheduled tick failed", { schedule: name, error: err }));
      arm();
    }, at.getTime() - now.getTime());
    timer.unref();
  };
  arm();
  return { stop: () => clearTimeout(timer) };
}

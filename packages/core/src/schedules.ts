import type { Deps } from "./deps";
import type { Log } from "./log";
import type { WebhookReceiver } from "./inbox/webhook";

/**
 * Vendor schedules and webhook receivers beyond the catalogue's operations, declared once per
 * vendor (`vendors/{vendor}/extras.ts`): the function entries, the stacks' functions, rules and
 * routes, the local stack's timers and routes and the CLI's `schedules` and `webhooks` commands
 * all derive from these.
 */
export interface ScheduleRun {
  /** The tick's scheduled time (an EventBridge event's `time`), not when it ran. */
  tick: Date;
  remainingMs(): number;
  log: Log;
  correlationId: string;
}

export interface VendorSchedule {
  /** `{vendor}.{what}`, e.g. `docplanner.notifications`: the CLI's `schedules run NAME`. */
  name: string;
  description: string;
  /** How often: every this many minutes. */
  everyMinutes: number;
  /** The module (under packages/core/src) and export that run one tick. */
  module: string;
  export: string;
  run(deps: Deps, run: ScheduleRun): Promise<unknown>;
}

export interface VendorWebhook {
  /** `{vendor}.{what}`, e.g. `docplanner.push`. */
  name: string;
  description: string;
  module: string;
  export: string;
  receiver: WebhookReceiver;
}

export interface VendorExtras {
  schedules: VendorSchedule[];
  webhooks: VendorWebhook[];
}

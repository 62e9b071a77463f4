import type { Deps } from "./deps";
import type { HttpEvent } from "./http/event";
import type { HttpResult } from "./http/problem";
import type { Log } from "./log";
import type { WebhookReceiver } from "./inbox/webhook";

/**
 * Vendor schedules, webhook receivers and routes beyond the catalogue's operations, declared once
 * per vendor (`vendors/{vendor}/extras.ts`): the function entries, the stacks' functions, rules and
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

export type RouteHandler = (event: HttpEvent, deps: Deps) => Promise<HttpResult>;

/** An HTTP route of the vendor's own, e.g. the OAuth authorization-code flow's start and callback. */
export interface VendorRoute {
  /** `{vendor}.{what}`, e.g. `healthdock.oauth-callback`. */
  name: string;
  description: string;
  method: "GET" | "POST";
  /** The whole path, e.g. `/v1/healthdock/oauth/callback`. */
  path: string;
  /**
   * `jwt`: behind the API's JWT authorizer. `public`: without (a browser redirect carries no
   * token), so the handler proves each request itself and stacks/findings.ts must accept the path.
   */
  auth: "jwt" | "public";
  /** Its rights beyond the table: the vendor's secrets read, or read and updated; whether it calls the vendor (and so runs in the egress network). */
  access: { secrets: "read" | "update"; callsVendor: boolean };
  module: string;
  export: string;
  handle: RouteHandler;
}

export interface VendorExtras {
  schedules: VendorSchedule[];
  webhooks: VendorWebhook[];
  routes?: VendorRoute[];
}

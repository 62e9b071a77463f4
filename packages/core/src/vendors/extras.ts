import type { VendorExtras } from "../schedules";
import { docplannerExtras } from "./docplanner/extras";
import { healthdockExtras } from "./healthdock/extras";
import { soloExtras } from "./solo/extras";

/** Each vendor's schedules, webhook receivers and routes beyond its catalogue (see schedules.ts). */
export const extras: Record<string, VendorExtras> = { docplanner: docplannerExtras, solo: soloExtras, healthdock: healthdockExtras };

export const allSchedules = () => Object.values(extras).flatMap((e) => e.schedules);
export const allWebhooks = () => Object.values(extras).flatMap((e) => e.webhooks);
export const allRoutes = () => Object.values(extras).flatMap((e) => e.routes ?? []);

import type { VendorExtras } from "../schedules";
import { docplannerExtras } from "./docplanner/extras";

/** Each vendor's schedules and webhook receivers beyond its catalogue (see schedules.ts). */
export const extras: Record<string, VendorExtras> = { docplanner: docplannerExtras };

export const allSchedules = () => Object.values(extras).flatMap((e) => e.schedules);
export const allWebhooks = () => Object.values(extras).flatMap((e) => e.webhooks);
export const allRoutes = () => Object.values(extras).flatMap((e) => e.routes ?? []);

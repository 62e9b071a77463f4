import type { VendorSync } from "../sync/dataset";
import { mocdocSync } from "./mocdoc/sync";

/** Vendors with day-by-day datasets, and how to sync them. */
export const syncs: Record<string, VendorSync> = { mocdoc: mocdocSync };

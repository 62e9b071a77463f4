import type { AnyOperation, VendorDefinition } from "../catalogue";
import type { TimeWindow } from "./windows";

/**
 * A dataset a vendor serves one day per call. `calls` turns one day (vendor format, e.g.
 * YYYYMMDD) into the inputs that together cover it: one per location, one per time window…
 */
export interface SyncDataset {
  name: string;
  operation: AnyOperation;
  calls(day: string, scope: SyncScope): Record<string, unknown>[];
}

export interface SyncScope {
  locations: string[];
  windows: TimeWindow[];
}

/** What the sync engine needs to know about a vendor beyond its datasets. */
export interface VendorSync<Config = any> {
  vendor: VendorDefinition<Config>;
  datasets: SyncDataset[];
  /** The account's timezone: a day is complete once it has ended there. */
  timezone(config: Config): string;
  windows(config: Config): TimeWindow[];
  /** Locations to sync, when the connection names them; otherwise the engine lists them. */
  locations(config: Config): string[] | undefined;
  /** The read that lists the account's locations, and how to get their keys from its response. */
  listLocations: { operation: AnyOperation; keys(body: unknown): string[] };
  /** Vendor day format of an ISO day. */
  vendorDay(isoDay: string): string;
}

import { docplannerLocal } from "@switchboard/simulators/docplanner/local";
import { healthdockLocal } from "@switchboard/simulators/healthdock/local";
import { mocdocLocal } from "@switchboard/simulators/mocdoc/local";
import { soloLocal } from "@switchboard/simulators/solo/local";
import { vseeLocal } from "@switchboard/simulators/vsee/local";

/** Every vendor of the local stack: simulator, sandbox account, demo connection (see local-vendor.ts). */
export const localVendors = [mocdocLocal, docplannerLocal, soloLocal, vseeLocal, healthdockLocal] as const;

export type LocalVendorEntry = (typeof localVendors)[number];
export type LocalVendorId = LocalVendorEntry["vendor"];
/** Each vendor's running simulator, by vendor id. */
export type LocalSimulators = { [V in LocalVendorEntry as V["vendor"]]: Awaited<ReturnType<V["start"]>> };
export type SandboxAccounts = { [V in LocalVendorEntry as V["vendor"]]: ReturnType<V["newSandboxAccount"]> };

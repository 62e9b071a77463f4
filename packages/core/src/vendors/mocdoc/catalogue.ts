import type { AnyOperation } from "../../catalogue";
import { bookAppointment } from "./operations/bookAppointment";
import { listLocations } from "./operations/listLocations";

/**
 * The MocDoc catalogue (../shared/vendor-docs/mocdoc-api.txt): one module per operation under
 * operations/, so each operation's Lambda bundles only its own schema. The entity key always
 * comes from the connection's config, never from the caller.
 */
export const mocdocCatalogue: AnyOperation[] = [listLocations, bookAppointment];

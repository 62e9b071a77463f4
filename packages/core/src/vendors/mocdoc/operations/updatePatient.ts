import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { entitylocation, key, patientDetails } from "../fields";
import { mocdoc } from "../vendor";

/**
 * POST /api/update/patient/{EntityKey} (JSON; entitykey from the connection): sets the given fields of patient `phid`.
 * The docs require phid only and elide the rest ("...."); further fields pass through. Setting
 * fields is safe to repeat, so the operation is idempotent.
 */
export const updatePatient = defineOperation({
  vendor: mocdoc,
  name: "updatePatient",
  summary: "Update a patient's demographic details",
  kind: "write",
  pacingClass: "default",
  idempotent: true,
  route: { method: "PATCH", path: "/patients/{phid}" },
  request: { method: "POST", path: "/api/update/patient/{config.entityKey}", contentType: "application/json", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.pipe(
    v.strictObject({ phid: key, entitylocation: v.optional(entitylocation), ...patientDetails }),
    // Counts the vendor's own fields too: an update of only those is still an update.
    v.check((input) => Object.keys(input).length > 1, "must change at least one field besides phid"),
  ),
  vendorFields: "passthrough",
  example: { phid: "SB0001", address1: "12 Temple Street", city: "Chennai" },
});

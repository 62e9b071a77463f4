import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { deceasedRule, numericId, patientEntries } from "../fields";
import { solo } from "../vendor";

/** PUT /qapi/v1/patients/id/type/SPID/value/{spid}: Update a patient's demographics by Solo patient id (SPID). Same rules as updatePatient. */
export const updatePatientBySpid = defineOperation({
  vendor: solo,
  name: "updatePatientBySpid",
  summary: "Update a patient's demographics by Solo patient id (SPID)",
  kind: "write",
  pacingClass: "default",
  route: { method: "PUT", path: "/spid-patients/{spid}" },
  request: { method: "PUT", path: "/patients/id/type/SPID/value/{input.spid}", contentType: "application/json" },
  input: v.pipe(v.object({ spid: numericId, ...patientEntries }), deceasedRule()),
  vendorFields: "passthrough",
  example: { spid: 1, deceased: true, deceasedAt: "2020-03-31 10:12 AM" },
});

import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { deceasedRule, id, patientEntries } from "../fields";
import { solo } from "../vendor";

/** PUT /qapi/v1/patients/{patientId}: Update a patient's demographics. All fields optional; deceasedAt only with deceased true. The docs show an example, not a table: further fields pass through. */
export const updatePatient = defineOperation({
  vendor: solo,
  name: "updatePatient",
  summary: "Update a patient's demographics",
  kind: "write",
  pacingClass: "default",
  route: { method: "PUT", path: "/patients/{patientId}" },
  request: { method: "PUT", path: "/patients/{input.patientId}", contentType: "application/json" },
  input: v.pipe(v.object({ patientId: id, ...patientEntries }), deceasedRule()),
  vendorFields: "passthrough",
  example: { patientId: "1", mrn: "MRN-123", preferredLanguage: "English", deceased: false },
});

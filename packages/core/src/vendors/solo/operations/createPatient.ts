import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { deceasedRule, patientEntries, text } from "../fields";
import { solo } from "../vendor";

/** POST /qapi/v1/patients: Create a patient (answers the Solo patient id). "Field id is required"; deceasedAt only with deceased true; further fields pass through. */
export const createPatient = defineOperation({
  vendor: solo,
  name: "createPatient",
  summary: "Create a patient (answers the Solo patient id)",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/patients" },
  request: { method: "POST", path: "/patients", contentType: "application/json" },
  input: v.pipe(v.object({ id: text, ...patientEntries }), deceasedRule()),
  vendorFields: "passthrough",
  example: { id: "patient-123", mrn: "MRN-123", name: [{ use: "usual", firstName: "Mike", lastName: "Shinoda" }], birthDate: "1983-08-15", gender: "male" },
});

import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { entitylocation, patientDetails } from "../fields";
import { mocdoc } from "../vendor";

/**
 * POST /api/register/patient/{EntityKey} (JSON; entitykey from the connection). Answers `data.phid`.
 * The docs require entitykey and entitylocation and elide the rest ("...."): the demographics we
 * know are optional and validated, the account's further fields pass through.
 */
export const registerPatient = defineOperation({
  vendor: mocdoc,
  name: "registerPatient",
  summary: "Register a patient at a location",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/patients" },
  request: { method: "POST", path: "/api/register/patient/{config.entityKey}", contentType: "application/json", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, ...patientDetails }),
  vendorFields: "passthrough",
  example: { entitylocation: "location1", title: "Ms", fname: "Test", lname: "Patient", gender: "Female", dob: "19900115", mobile: "9000000000", city: "Chennai" },
});

import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { entitylocation, patientDetails } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/register/patient/{EntityKey} (JSON; entitykey from the connection). Answers `data.phid`. */
export const registerPatient = defineOperation({
  vendor: mocdoc,
  name: "registerPatient",
  summary: "Register a patient at a location",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/patients" },
  request: { method: "POST", path: "/api/register/patient/{config.entityKey}", contentType: "application/json", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, ...patientDetails }),
  example: { entitylocation: "location1", title: "Ms", fname: "Test", lname: "Patient", gender: "Female", dob: "19900115", mobile: "9000000000", city: "Chennai" },
});

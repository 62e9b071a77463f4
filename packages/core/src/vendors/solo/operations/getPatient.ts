import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/patients/{patientId}: Get a patient's demographics. */
export const getPatient = defineOperation({
  vendor: solo,
  name: "getPatient",
  summary: "Get a patient's demographics",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/patients/{patientId}" },
  request: { method: "GET", path: "/patients/{input.patientId}", contentType: "application/json" },
  input: v.strictObject({ patientId: id }),
  example: { patientId: "1" },
});

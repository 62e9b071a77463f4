import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/patients/{patientId}/episodes: List a patient's episodes of care. */
export const listPatientEpisodes = defineOperation({
  vendor: solo,
  name: "listPatientEpisodes",
  summary: "List a patient's episodes of care",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/patients/{patientId}/episodes" },
  request: { method: "GET", path: "/patients/{input.patientId}/episodes", contentType: "application/json" },
  input: v.strictObject({ patientId: id }),
  example: { patientId: "1" },
});

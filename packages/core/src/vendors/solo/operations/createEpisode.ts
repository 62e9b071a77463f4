import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { episodeEntries, id } from "../fields";
import { solo } from "../vendor";

/** POST /qapi/v1/patients/{patientId}/episodes: Create an episode of care for a patient. */
export const createEpisode = defineOperation({
  vendor: solo,
  name: "createEpisode",
  summary: "Create an episode of care for a patient",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/patients/{patientId}/episodes" },
  request: { method: "POST", path: "/patients/{input.patientId}/episodes", contentType: "application/json" },
  input: v.strictObject({ patientId: id, ...episodeEntries }),
  example: { patientId: "1", name: "covid care", type: "covid", from: "2023-03-29", status: "PLANNING" },
});

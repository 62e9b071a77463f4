import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id, text } from "../fields";
import { solo } from "../vendor";

/** PUT /qapi/v1/appointments/{appointmentId}/episode/assign: Assign an appointment to an episode of care. episodeId is marked optional. */
export const assignAppointmentEpisode = defineOperation({
  vendor: solo,
  name: "assignAppointmentEpisode",
  summary: "Assign an appointment to an episode of care",
  kind: "write",
  pacingClass: "default",
  route: { method: "PUT", path: "/appointments/{appointmentId}/episode" },
  request: { method: "PUT", path: "/appointments/{input.appointmentId}/episode/assign", contentType: "application/json" },
  input: v.strictObject({ appointmentId: id, episodeId: v.optional(text) }),
  example: { appointmentId: "1", episodeId: "a2c6e3fc-c2f7-4a24-a0d6-eb2343a15469" },
});

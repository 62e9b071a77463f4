import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/appointments/{appointmentId}: Get an appointment. */
export const getAppointment = defineOperation({
  vendor: solo,
  name: "getAppointment",
  summary: "Get an appointment",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/appointments/{appointmentId}" },
  request: { method: "GET", path: "/appointments/{input.appointmentId}", contentType: "application/json" },
  input: v.strictObject({ appointmentId: id }),
  example: { appointmentId: "1" },
});

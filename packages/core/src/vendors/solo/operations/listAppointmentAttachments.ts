import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/appointments/{appointmentId}/attachments: List an appointment's attachments. */
export const listAppointmentAttachments = defineOperation({
  vendor: solo,
  name: "listAppointmentAttachments",
  summary: "List an appointment's attachments",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/appointments/{appointmentId}/attachments" },
  request: { method: "GET", path: "/appointments/{input.appointmentId}/attachments", contentType: "application/json" },
  input: v.strictObject({ appointmentId: id }),
  example: { appointmentId: "1" },
});

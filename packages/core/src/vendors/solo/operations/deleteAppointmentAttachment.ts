import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** DELETE /qapi/v1/appointments/{appointmentId}/attachments/{attachmentId}: Delete an appointment's attachment. */
export const deleteAppointmentAttachment = defineOperation({
  vendor: solo,
  name: "deleteAppointmentAttachment",
  summary: "Delete an appointment's attachment",
  kind: "write",
  pacingClass: "default",
  route: { method: "DELETE", path: "/appointments/{appointmentId}/attachments/{attachmentId}" },
  request: { method: "DELETE", path: "/appointments/{input.appointmentId}/attachments/{input.attachmentId}", contentType: "application/json" },
  input: v.strictObject({ appointmentId: id, attachmentId: id }),
  example: { appointmentId: "1", attachmentId: "8411f863-0895-4300-af13-66b0dafce51d" },
});

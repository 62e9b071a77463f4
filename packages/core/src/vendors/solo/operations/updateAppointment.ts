import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { duration, id, timestamp } from "../fields";
import { publishUpdated } from "../appointment-changes";
import { solo } from "../vendor";

/** PUT /qapi/v1/appointments/{appointmentId}: Update an appointment (its status may only become cancelled). "status: only cancelled is allowed"; duration in [1, 86400]. */
export const updateAppointment = defineOperation({
  vendor: solo,
  name: "updateAppointment",
  summary: "Update an appointment (its status may only become cancelled)",
  kind: "write",
  pacingClass: "default",
  route: { method: "PUT", path: "/appointments/{appointmentId}" },
  request: { method: "PUT", path: "/appointments/{input.appointmentId}", contentType: "application/json" },
  input: v.strictObject({
    appointmentId: id,
    date: v.optional(timestamp),
    duration: v.optional(duration),
    status: v.optional(v.pipe(v.string(), v.check((s) => s === "cancelled", "may only be cancelled"))),
    externalId: v.optional(v.string()),
    reasons: v.optional(v.array(v.string())),
    accountNumber: v.optional(v.string()),
  }),
  example: { appointmentId: "1", status: "cancelled" },
  afterSuccess: publishUpdated,
});

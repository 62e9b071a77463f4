import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { dateTimeWithOffset } from "../../../schemas";
import { publishBooked } from "../appointment-changes";
import { id } from "../fields";
import { healthdock } from "../vendor";

/**
 * POST /v1/appointments (JSON). `date_time` is ISO 8601 with seconds and an offset (a booking in
 * a local time of no stated zone is refused); `duration` is HealthDock's to default (30). The
 * booking is published as `switchboard.appointment.booked` (appointment-changes.ts).
 */
export const createAppointment = defineOperation({
  vendor: healthdock,
  name: "createAppointment",
  summary: "Schedule an appointment",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/appointments" },
  request: { method: "POST", path: "/v1/appointments", contentType: "application/json" },
  input: v.strictObject({
    patient_id: id,
    doctor_id: id,
    date_time: dateTimeWithOffset,
    duration: v.optional(v.pipe(v.number(), v.integer("must be whole minutes"), v.minValue(1, "must be at least 1 minute"), v.maxValue(1440, "must be at most a day"))),
    type: v.optional(v.picklist(["consultation", "follow-up", "procedure"], "must be consultation, follow-up or procedure")),
  }),
  afterSuccess: publishBooked,
  example: { patient_id: "PAT123456", doctor_id: "DOC42", date_time: "2024-01-15T10:30:00+05:30", duration: 30, type: "consultation" },
});

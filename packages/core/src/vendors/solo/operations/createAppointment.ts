import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { appointmentEntries, id } from "../fields";
import { publishBooked } from "../appointment-changes";
import { solo } from "../vendor";

/** POST /qapi/v1/patients/{patientId}/appointments: Create an appointment for a patient. waitingRoom is required, duration in [1, 86400], date in Unix seconds. */
export const createAppointment = defineOperation({
  vendor: solo,
  name: "createAppointment",
  summary: "Create an appointment for a patient",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/patients/{patientId}/appointments" },
  request: { method: "POST", path: "/patients/{input.patientId}/appointments", contentType: "application/json" },
  input: v.strictObject({ patientId: id, ...appointmentEntries }),
  example: { patientId: "1", waitingRoom: "my waiting room", date: 1499441179, duration: 900, reasons: ["headache"] },
  afterSuccess: publishBooked,
});

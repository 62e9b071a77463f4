import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { appointmentEntries, numericId } from "../fields";
import { publishBooked } from "../appointment-changes";
import { solo } from "../vendor";

/** POST /qapi/v1/patients/id/type/SPID/value/{spid}/appointments: Create an appointment for a patient by Solo patient id (SPID). */
export const createAppointmentBySpid = defineOperation({
  vendor: solo,
  name: "createAppointmentBySpid",
  summary: "Create an appointment for a patient by Solo patient id (SPID)",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/spid-patients/{spid}/appointments" },
  request: { method: "POST", path: "/patients/id/type/SPID/value/{input.spid}/appointments", contentType: "application/json" },
  input: v.strictObject({ spid: numericId, ...appointmentEntries }),
  example: { spid: 1, waitingRoom: "my waiting room" },
  afterSuccess: publishBooked,
});

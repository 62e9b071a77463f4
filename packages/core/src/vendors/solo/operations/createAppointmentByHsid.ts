import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { appointmentEntries, id } from "../fields";
import { publishBooked } from "../appointment-changes";
import { solo } from "../vendor";

/** POST /qapi/v1/patients/HSID/{hsid}/appointments: Create an appointment for a patient by health system id (HSID). */
export const createAppointmentByHsid = defineOperation({
  vendor: solo,
  name: "createAppointmentByHsid",
  summary: "Create an appointment for a patient by health system id (HSID)",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/hsid-patients/{hsid}/appointments" },
  request: { method: "POST", path: "/patients/HSID/{input.hsid}/appointments", contentType: "application/json" },
  input: v.strictObject({ hsid: id, ...appointmentEntries }),
  example: { hsid: "12345", waitingRoom: "my waiting room" },
  afterSuccess: publishBooked,
});

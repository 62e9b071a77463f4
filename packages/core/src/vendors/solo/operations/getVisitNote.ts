import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/appointments/{appointmentId}/visit-note: Get an appointment's visit note. */
export const getVisitNote = defineOperation({
  vendor: solo,
  name: "getVisitNote",
  summary: "Get an appointment's visit note",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/appointments/{appointmentId}/visit-note" },
  request: { method: "GET", path: "/appointments/{input.appointmentId}/visit-note", contentType: "application/json" },
  input: v.strictObject({ appointmentId: id }),
  example: { appointmentId: "1" },
});

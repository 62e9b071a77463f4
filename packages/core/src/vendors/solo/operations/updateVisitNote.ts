import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id, text } from "../fields";
import { solo } from "../vendor";

/** PUT /qapi/v1/appointments/{appointmentId}/visit-note: Answer questions of an appointment's visit note. The docs show an example body and mark nothing required: name and questions are checked when given, further fields pass through. */
export const updateVisitNote = defineOperation({
  vendor: solo,
  name: "updateVisitNote",
  summary: "Answer questions of an appointment's visit note",
  kind: "write",
  pacingClass: "default",
  route: { method: "PUT", path: "/appointments/{appointmentId}/visit-note" },
  request: { method: "PUT", path: "/appointments/{input.appointmentId}/visit-note", contentType: "application/json" },
  input: v.object({
    appointmentId: id,
    name: v.optional(v.string()),
    questions: v.optional(v.array(v.looseObject({ id: text, value: v.array(v.string()) }))),
  }),
  vendorFields: "passthrough",
  example: { appointmentId: "1", name: "Acute Neurology - Physician Services", questions: [{ id: "923c5621-66a1-49a3-aa7b-a7753cbfd139", value: ["Male"] }] },
});

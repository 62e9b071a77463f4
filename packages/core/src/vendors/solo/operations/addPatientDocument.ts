import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id, text, timestamp } from "../fields";
import { solo } from "../vendor";

/** POST /qapi/v1/patients/{patientId}/documents: Add a document (questions and responses) to a patient. "All fields are required". A document is JSON (a name, a time and answered questions), not a file. */
export const addPatientDocument = defineOperation({
  vendor: solo,
  name: "addPatientDocument",
  summary: "Add a document (questions and responses) to a patient",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/patients/{patientId}/documents" },
  request: { method: "POST", path: "/patients/{input.patientId}/documents", contentType: "application/json" },
  input: v.strictObject({
    patientId: id,
    name: text,
    dateTime: timestamp,
    responses: v.array(v.strictObject({ question: v.string(), response: v.string() })),
  }),
  example: { patientId: "1", name: "document name", dateTime: 1510367140, responses: [{ question: "question 1", response: "response to question 1" }] },
});

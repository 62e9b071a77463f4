import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { dateTimeWithOffset, isoDate } from "../../../schemas";
import { text } from "../fields";
import { solo } from "../vendor";

/** POST /qapi/v1/perfect-answer: Create or update a patient and an appointment with a prefilled consult form (Perfect answer). The fields not marked "(optional)" are required. locationId is not checked as a UUID: the docs' example is "123" while their error example says it must be one. */
export const perfectAnswer = defineOperation({
  vendor: solo,
  name: "perfectAnswer",
  summary: "Create or update a patient and an appointment with a prefilled consult form (Perfect answer)",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/perfect-answer" },
  request: { method: "POST", path: "/perfect-answer", contentType: "application/json" },
  input: v.strictObject({
    firstName: text,
    lastName: text,
    dob: isoDate,
    locationId: text,
    mrn: text,
    physicianCallbackNumber: v.optional(v.string()),
    requestingProvider: text,
    callCenterNotified: v.optional(dateTimeWithOffset),
    physicianNotified: v.optional(dateTimeWithOffset),
    patientLocation: v.optional(v.string()),
    consultType: v.picklist(["new", "update"], "must be new or update"),
    reason: v.picklist(["Stroke", "EEG Stat", "EEG Routine"], "must be Stroke, EEG Stat or EEG Routine"),
    caller: v.optional(v.string()),
  }),
  example: { firstName: "John", lastName: "Doe", dob: "2001-01-20", locationId: "123", mrn: "AA-00000001", requestingProvider: "Bob Dylan", consultType: "new", reason: "EEG Stat" },
});

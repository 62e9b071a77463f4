import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { isoDate, nonEmpty } from "../../../schemas";
import { abhaNumber } from "../fields";
import { healthdock } from "../vendor";

/** POST /v1/patients (JSON). The docs list every field; optional: abha_number, validated as ABDM writes it. */
export const createPatient = defineOperation({
  vendor: healthdock,
  name: "createPatient",
  summary: "Create a patient record",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/patients" },
  request: { method: "POST", path: "/v1/patients", contentType: "application/json" },
  input: v.strictObject({
    first_name: nonEmpty,
    last_name: nonEmpty,
    date_of_birth: isoDate,
    gender: v.picklist(["M", "F", "Other"], "must be M, F or Other"),
    phone: v.pipe(v.string(), v.regex(/^\+?[0-9][0-9 -]{5,18}[0-9]$/, "must be a phone number of digits, spaces and -")),
    abha_number: v.optional(abhaNumber),
  }),
  example: { first_name: "John", last_name: "Doe", date_of_birth: "1985-06-15", gender: "M", phone: "+919876543210", abha_number: "91-1234-5678-9012" },
});

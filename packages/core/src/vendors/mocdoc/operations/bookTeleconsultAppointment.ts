import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { email, hhmm, phone, yyyymmdd } from "../../../schemas";
import { key, note, text } from "../fields";
import { mocdoc } from "../vendor";

/**
 * POST /api/telecon/book/appt/{DrKey}/{EntityKey} (form; entitykey from the connection): books `slot` on `date`.
 * The docs require drkey and entitykey and elide the rest ("...."): the slot (date, slot as the
 * response names them) and the patient fields (mirroring bookappt's) are optional and validated;
 * further fields pass through as form fields.
 */
export const bookTeleconsultAppointment = defineOperation({
  vendor: mocdoc,
  name: "bookTeleconsultAppointment",
  summary: "Book a teleconsultation with a doctor",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/teleconsult/doctors/{drkey}/appointments" },
  request: { method: "POST", path: "/api/telecon/book/appt/{input.drkey}/{config.entityKey}", contentType: "application/x-www-form-urlencoded", alsoInBody: ["drkey"], bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({
    drkey: key,
    date: v.optional(yyyymmdd),
    slot: v.optional(hhmm),
    fname: v.optional(text(100)),
    lname: v.optional(text(100)),
    mobile: v.optional(phone),
    email: v.optional(email),
    gender: v.optional(v.picklist(["Male", "Female", "Other"])),
    dob: v.optional(yyyymmdd),
    phid: v.optional(key),
    purpose: note(500),
  }),
  vendorFields: "passthrough",
  example: { drkey: "dr-senthil", date: "20261201", slot: "18:00", fname: "Test", mobile: "9000000000" },
});

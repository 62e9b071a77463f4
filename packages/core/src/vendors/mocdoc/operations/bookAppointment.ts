import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { email, hhmm, nonEmpty, phone, yyyymmdd } from "../../../schemas";
import { mocdoc } from "../vendor";

/** POST /api/bookappt/{EntityKey} (JSON) */
export const bookAppointment = defineOperation({
  vendor: mocdoc,
  name: "bookAppointment",
  summary: "Book an appointment with a doctor at a location",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/appointments" },
  request: { method: "POST", path: "/api/bookappt/{config.entityKey}", contentType: "application/json" },
  input: v.strictObject({
    entitylocation: nonEmpty,
    drkey: nonEmpty,
    date: yyyymmdd,
    start: hhmm,
    fname: nonEmpty,
    lname: v.optional(nonEmpty),
    phone,
    email: v.optional(email),
    gender: v.optional(v.picklist(["Male", "Female", "Other"])),
    dob: v.optional(yyyymmdd),
    purpose: v.optional(v.pipe(v.string(), v.maxLength(500))),
  }),
  example: { entitylocation: "location1", drkey: "dr-arthi", date: "20261201", start: "10:00", fname: "Test", phone: "9000000000" },
});

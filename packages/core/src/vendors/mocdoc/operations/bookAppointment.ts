import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { email, hhmm, nonEmpty, phone, yyyymmdd } from "../../../schemas";
import { publishBooked } from "../appointment-changes";
import { mocdoc } from "../vendor";

/**
 * POST /api/bookappt/{EntityKey} (JSON). The docs require fname and phone and elide the rest
 * ("...."): where and when (entitylocation, drkey, date, start) are the names MocDoc's apptkey and
 * calendar use, optional and validated; further fields pass through.
 */
export const bookAppointment = defineOperation({
  vendor: mocdoc,
  name: "bookAppointment",
  summary: "Book an appointment with a doctor at a location",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/appointments" },
  request: { method: "POST", path: "/api/bookappt/{config.entityKey}", contentType: "application/json" },
  input: v.strictObject({
    fname: nonEmpty,
    phone,
    entitylocation: v.optional(nonEmpty),
    drkey: v.optional(nonEmpty),
    date: v.optional(yyyymmdd),
    start: v.optional(hhmm),
    lname: v.optional(nonEmpty),
    email: v.optional(email),
    gender: v.optional(v.picklist(["Male", "Female", "Other"])),
    dob: v.optional(yyyymmdd),
    purpose: v.optional(v.pipe(v.string(), v.maxLength(500))),
  }),
  vendorFields: "passthrough",
  afterSuccess: publishBooked,
  example: { entitylocation: "location1", drkey: "dr-arthi", date: "20261201", start: "10:00", fname: "Test", phone: "9000000000" },
});

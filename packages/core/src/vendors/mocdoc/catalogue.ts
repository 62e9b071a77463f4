import * as v from "valibot";
import { defineOperation } from "../../catalogue";
import { email, hhmm, nonEmpty, phone, yyyymmdd } from "../../schemas";
import { mocdoc } from "./vendor";

/**
 * MocDoc operations (../shared/vendor-docs/mocdoc-api.txt). One entry per operation; the entity
 * key always comes from the connection's config, never from the caller.
 */

export const listLocations = defineOperation({
  vendor: mocdoc,
  name: "listLocations",
  summary: "List the entity's locations",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/locations" },
  request: { method: "GET", path: "/api/locationlist/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({}),
});

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
});

export const mocdocCatalogue = [listLocations, bookAppointment];

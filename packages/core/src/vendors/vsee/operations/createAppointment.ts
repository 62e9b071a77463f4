import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { unixSeconds, visitType, vseeId } from "../fields";
import { publishBooked } from "../appointment-changes";
import { vsee } from "../vendor";

/** POST /visits, multipart (`-F`): an appointment in a slot (Unix seconds; ISO 8601 converted). */
export const createAppointment = defineOperation({
  vendor: vsee,
  name: "createAppointment",
  summary: "Create an appointment",
  kind: "write",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "POST", path: "/visits" },
  request: { method: "POST", path: "/visits", contentType: "multipart/form-data" },
  input: v.strictObject({
    member_id: v.optional(vseeId),
    slot_start: v.optional(unixSeconds),
    slot_end: v.optional(unixSeconds),
    type: v.optional(visitType),
    intakeId: v.optional(vseeId),
  }),
  vendorFields: "passthrough",
  example: { member_id: "575", slot_start: "1470669300", slot_end: "1470670200", type: 2, intakeId: "57a0705e-1c4c-4f24-b51d-3c71ac1f0144" },
  afterSuccess: publishBooked,
});

import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { pathId, unixSeconds, visitStatus, visitType, vseeId } from "../fields";
import { publishRescheduled } from "../appointment-changes";
import { vsee } from "../vendor";

/**
 * POST /visits/:id?version=2. The docs say only "Do the same as above but this time set
 * provider_id to 0"; we read "the same" as creating an appointment (multipart, the same fields)
 * and take `provider_id` as a field the caller sets (0 hands the appointment back to the pool),
 * rather than forcing it to 0.
 */
export const updateAppointment = defineOperation({
  vendor: vsee,
  name: "updateAppointment",
  summary: "Update an appointment (provider_id 0 unassigns its provider)",
  kind: "write",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "POST", path: "/visits/{id}" },
  request: { method: "POST", path: "/visits/{input.id}?version=2", contentType: "multipart/form-data" },
  input: v.strictObject({
    id: pathId,
    provider_id: v.optional(vseeId),
    member_id: v.optional(vseeId),
    slot_start: v.optional(unixSeconds),
    slot_end: v.optional(unixSeconds),
    type: v.optional(visitType),
    status: v.optional(visitStatus),
    intakeId: v.optional(vseeId),
  }),
  vendorFields: "passthrough",
  example: { id: "18407167", provider_id: 0, slot_start: "1470669300", slot_end: "1470670200", type: 2 },
  afterSuccess: publishRescheduled,
});

import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { key, text, wholeRupees } from "../fields";
import { publishStatusChange } from "../appointment-changes";
import { mocdoc } from "../vendor";

/** POST /api/appt/updatestatus/{EntityKey} (JSON): sets an appointment's status, optionally with amounts. */
export const updateAppointmentStatus = defineOperation({
  vendor: mocdoc,
  name: "updateAppointmentStatus",
  summary: "Update an appointment's status",
  kind: "write",
  pacingClass: "default",
  route: { method: "PUT", path: "/appointments/{apptkey}/status" },
  request: { method: "POST", path: "/api/appt/updatestatus/{config.entityKey}", contentType: "application/json" },
  input: v.strictObject({ apptkey: key, status: text(50), totalamt: v.optional(wholeRupees), amount_paid: v.optional(wholeRupees) }),
  afterSuccess: publishStatusChange,
  example: { apptkey: "dr-arthi2026120110:00", status: "Confirmed" },
});

import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { flag, visitType, vseeId } from "../fields";
import { vsee } from "../vendor";

/**
 * POST /intakes, form-urlencoded (the docs' curl sends `-d`). Only an example is documented (and
 * VSee saves "any amount of custom JSON field-value pairs" into the intake), so the example's
 * fields are named and validated and the account's further fields pass through.
 */
export const createIntake = defineOperation({
  vendor: vsee,
  name: "createIntake",
  summary: "Create an intake (the visit's reason and questionnaire)",
  kind: "write",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "POST", path: "/intakes" },
  request: { method: "POST", path: "/intakes", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({
    provider: v.optional(vseeId),
    reason_for_visit: v.optional(v.string()),
    reset: v.optional(flag),
    type: v.optional(visitType),
  }),
  vendorFields: "passthrough",
  example: { provider: "541", reason_for_visit: "Test", reset: true, type: 1 },
});

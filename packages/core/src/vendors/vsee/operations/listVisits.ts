import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { visitStatus, visitType } from "../fields";
import { vsee } from "../vendor";

/**
 * GET /visits: the visits of the patient (the user's token) or, for the back office, the account's.
 * `type` and `status` filters are validated; further query parameters pass through.
 */
export const listVisits = defineOperation({
  vendor: vsee,
  name: "listVisits",
  summary: "List visits (upcoming when start is in the future, past otherwise)",
  kind: "read",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "GET", path: "/visits" },
  request: { method: "GET", path: "/visits", contentType: "application/json" },
  input: v.strictObject({ type: v.optional(visitType), status: v.optional(visitStatus) }),
  vendorFields: "passthrough",
  example: {},
});

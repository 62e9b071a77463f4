import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { mocdoc } from "../vendor";

/** POST /api/masters/referrals/{EntityKey} (no parameters; sent as an empty form). */
export const listReferrals = defineOperation({
  vendor: mocdoc,
  name: "listReferrals",
  summary: "List the entity's referrals",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/referrals" },
  request: { method: "POST", path: "/api/masters/referrals/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({}),
  example: {},
});

import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { mocdoc } from "../vendor";

/** GET /api/get/rateplan/{EntityKey} */
export const listRatePlans = defineOperation({
  vendor: mocdoc,
  name: "listRatePlans",
  summary: "List the entity's rate plans",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/rate-plans" },
  request: { method: "GET", path: "/api/get/rateplan/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({}),
  example: {},
});

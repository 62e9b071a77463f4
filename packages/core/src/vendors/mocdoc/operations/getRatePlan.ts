import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { key } from "../fields";
import { mocdoc } from "../vendor";

/** GET /api/get/rateplan/{RatePlanKey}/{EntityKey} */
export const getRatePlan = defineOperation({
  vendor: mocdoc,
  name: "getRatePlan",
  summary: "Get one rate plan's details",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/rate-plans/{ratePlanKey}" },
  request: { method: "GET", path: "/api/get/rateplan/{input.ratePlanKey}/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({ ratePlanKey: key }),
  example: { ratePlanKey: "rateplan-default" },
});

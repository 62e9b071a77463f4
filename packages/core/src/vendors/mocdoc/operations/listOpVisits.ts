import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/visitdata/{EntityKey} (form): the out-patient visits on `date`. */
export const listOpVisits = defineOperation({
  vendor: mocdoc,
  name: "listOpVisits",
  summary: "List the out-patient visits on a day",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/op-visits" },
  request: { method: "POST", path: "/api/get/visitdata/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({ date: yyyymmdd, entitylocation: v.optional(entitylocation) }),
  example: { date: "20260105", entitylocation: "location1" },
});

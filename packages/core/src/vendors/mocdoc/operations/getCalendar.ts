import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { key, notBefore } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/calendar/{EntityKey} (form): a doctor's slots from `startdate` to `enddate`. */
export const getCalendar = defineOperation({
  vendor: mocdoc,
  name: "getCalendar",
  summary: "Get a doctor's calendar over a date range",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/calendar" },
  request: { method: "POST", path: "/api/calendar/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.pipe(v.strictObject({ drkey: key, startdate: yyyymmdd, enddate: yyyymmdd }), notBefore("startdate", "enddate")),
  example: { drkey: "dr-arthi", startdate: "20261201", enddate: "20261202" },
});

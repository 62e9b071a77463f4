import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { dayWindow, key, notBefore } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/orderresult/{EntityKey} (form): the test results of `date` between `starttime` and `endtime`, optionally of one order. */
export const getTestResults = defineOperation({
  vendor: mocdoc,
  name: "getTestResults",
  summary: "Get the test results of a day's time window",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/test-results" },
  request: { method: "POST", path: "/api/orderresult/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.pipe(v.strictObject({ ...dayWindow, orderkey: v.optional(key) }), notBefore("starttime", "endtime")),
  example: { date: "20260105", starttime: "00:00", endtime: "24:00" },
});

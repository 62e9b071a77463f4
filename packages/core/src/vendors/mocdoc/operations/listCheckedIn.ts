import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation, notBefore, text } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/checkedin/{EntityKey} (form): check-ins from `startdate` to `enddate`; the daily sync asks for one day (startdate = enddate). */
export const listCheckedIn = defineOperation({
  vendor: mocdoc,
  name: "listCheckedIn",
  summary: "List the patients checked in over a date range",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/checked-in" },
  request: { method: "POST", path: "/api/checkedin/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.pipe(
    v.strictObject({
      entitylocation,
      startdate: yyyymmdd,
      enddate: yyyymmdd,
      speciality: v.optional(text(100)),
      drdept: v.optional(text(100)),
    }),
    notBefore("startdate", "enddate"),
  ),
  example: { entitylocation: "location1", startdate: "20260105", enddate: "20260105" },
});

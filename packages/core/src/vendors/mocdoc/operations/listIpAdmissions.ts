import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation, text } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/ipadmission/{EntityKey} (form): one location, one day (`date`). */
export const listIpAdmissions = defineOperation({
  vendor: mocdoc,
  name: "listIpAdmissions",
  summary: "List the in-patient admissions on a day",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/ip-admissions" },
  request: { method: "POST", path: "/api/get/ipadmission/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, date: yyyymmdd, drdept: v.optional(text(100)) }),
  example: { entitylocation: "location1", date: "20260105" },
});

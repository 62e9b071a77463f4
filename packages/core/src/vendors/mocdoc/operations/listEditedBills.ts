import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/editedbills/{EntityKey} (form): one location, one day (`date`). */
export const listEditedBills = defineOperation({
  vendor: mocdoc,
  name: "listEditedBills",
  summary: "List the bills edited on a day",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/bills/edited" },
  request: { method: "POST", path: "/api/get/editedbills/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, date: yyyymmdd }),
  example: { entitylocation: "location1", date: "20260105" },
});

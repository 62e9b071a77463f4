import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/opipdiscountedbills/{EntityKey} (form): one location, one day (`date`). */
export const listDiscountedBills = defineOperation({
  vendor: mocdoc,
  name: "listDiscountedBills",
  summary: "List the OP/IP bills discounted on a day",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/bills/discounted" },
  request: { method: "POST", path: "/api/get/opipdiscountedbills/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, date: yyyymmdd }),
  example: { entitylocation: "location1", date: "20260105" },
});

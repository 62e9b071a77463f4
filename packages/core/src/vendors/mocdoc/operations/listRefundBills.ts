import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/refundbills/{EntityKey} (form): one location, one day (`date`). */
export const listRefundBills = defineOperation({
  vendor: mocdoc,
  name: "listRefundBills",
  summary: "List the refunds made on a day",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/refund-bills" },
  request: { method: "POST", path: "/api/get/refundbills/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, date: yyyymmdd }),
  example: { entitylocation: "location1", date: "20260105" },
});

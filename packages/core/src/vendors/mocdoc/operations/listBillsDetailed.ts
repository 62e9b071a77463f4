import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/billlist/detailed/{EntityKey} (form): one location, one day (`date`). */
export const listBillsDetailed = defineOperation({
  vendor: mocdoc,
  name: "listBillsDetailed",
  summary: "List a day's bills with their details",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/bills/detailed" },
  request: { method: "POST", path: "/api/get/billlist/detailed/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, date: yyyymmdd }),
  example: { entitylocation: "location1", date: "20260105" },
});

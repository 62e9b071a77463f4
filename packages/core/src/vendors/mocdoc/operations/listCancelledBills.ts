import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/opipcancelledbills/{EntityKey} (form): one location, one day (`date`). */
export const listCancelledBills = defineOperation({
  vendor: mocdoc,
  name: "listCancelledBills",
  summary: "List the OP/IP bills cancelled on a day",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/bills/cancelled" },
  request: { method: "POST", path: "/api/get/opipcancelledbills/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, date: yyyymmdd }),
  example: { entitylocation: "location1", date: "20260105" },
});

import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/stocksalecancelledbills/{EntityKey} (form): one location, one day (`date`). */
export const listStockSaleCancelledBills = defineOperation({
  vendor: mocdoc,
  name: "listStockSaleCancelledBills",
  summary: "List the stock sale bills cancelled on a day",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/stock-sales/cancelled-bills" },
  request: { method: "POST", path: "/api/get/stocksalecancelledbills/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, date: yyyymmdd }),
  example: { entitylocation: "location1", date: "20260105" },
});

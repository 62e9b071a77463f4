import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/stocksalediscountedbills/{EntityKey} (form): one location, one day (`date`). */
export const listStockSaleDiscountedBills = defineOperation({
  vendor: mocdoc,
  name: "listStockSaleDiscountedBills",
  summary: "List the stock sale bills discounted on a day",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/stock-sales/discounted-bills" },
  request: { method: "POST", path: "/api/get/stocksalediscountedbills/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, date: yyyymmdd }),
  example: { entitylocation: "location1", date: "20260105" },
});

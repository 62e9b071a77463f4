import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { dayWindow, notBefore } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/orderlist/{EntityKey} (form): the lab orders placed on `date` between `starttime` and `endtime`. */
export const listLabOrders = defineOperation({
  vendor: mocdoc,
  name: "listLabOrders",
  summary: "List the lab orders of a day's time window",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/lab-orders" },
  request: { method: "POST", path: "/api/orderlist/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.pipe(v.strictObject({ ...dayWindow }), notBefore("starttime", "endtime")),
  example: { date: "20260105", starttime: "00:00", endtime: "12:00" },
});

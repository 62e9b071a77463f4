import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { mocdoc } from "../vendor";

/** POST /api/get/billlist/{EntityKey} (form): every bill on `date` (the docs take no location). */
export const listBills = defineOperation({
  vendor: mocdoc,
  name: "listBills",
  summary: "List a day's bills",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/bills" },
  request: { method: "POST", path: "/api/get/billlist/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ date: yyyymmdd }),
  example: { date: "20260105" },
});

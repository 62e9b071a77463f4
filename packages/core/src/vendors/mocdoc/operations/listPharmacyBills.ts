import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/pharmacybill/{EntityKey} (form): one location, one day (`date`); no entitykey in the body. */
export const listPharmacyBills = defineOperation({
  vendor: mocdoc,
  name: "listPharmacyBills",
  summary: "List a day's pharmacy bills",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/pharmacy-bills" },
  request: { method: "POST", path: "/api/get/pharmacybill/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({ entitylocation, date: yyyymmdd }),
  example: { entitylocation: "location1", date: "20260105" },
});

import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/ipdischarge/{EntityKey} (form): one location, one day (`date`). */
export const listIpDischarges = defineOperation({
  vendor: mocdoc,
  name: "listIpDischarges",
  summary: "List the in-patient discharges on a day",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/ip-discharges" },
  request: { method: "POST", path: "/api/get/ipdischarge/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, date: yyyymmdd }),
  example: { entitylocation: "location1", date: "20260105" },
});

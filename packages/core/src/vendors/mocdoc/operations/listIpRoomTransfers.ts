import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/transferroom/{EntityKey} (form): one location, one day (`date`). */
export const listIpRoomTransfers = defineOperation({
  vendor: mocdoc,
  name: "listIpRoomTransfers",
  summary: "List the in-patient room transfers on a day",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/ip-room-transfers" },
  request: { method: "POST", path: "/api/get/transferroom/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ entitylocation, date: yyyymmdd }),
  example: { entitylocation: "location1", date: "20260105" },
});

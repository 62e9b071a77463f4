import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { key, notBefore } from "../fields";
import { mocdoc } from "../vendor";

/**
 * POST /api/telecon/dr/slots/{DrKey} (form; entitykey from the connection): a teleconsult doctor's slots
 * from `startdate` to `enddate`. The doctor goes in the path only.
 */
export const listTeleconsultSlots = defineOperation({
  vendor: mocdoc,
  name: "listTeleconsultSlots",
  summary: "List a teleconsult doctor's slots over a date range",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/teleconsult/doctors/{drkey}/slots" },
  request: { method: "POST", path: "/api/telecon/dr/slots/{input.drkey}", contentType: "application/x-www-form-urlencoded", alsoInBody: ["drkey"], bodyFromConfig: { entitykey: "entityKey" } },
  input: v.pipe(v.strictObject({ drkey: key, startdate: yyyymmdd, enddate: yyyymmdd }), notBefore("startdate", "enddate")),
  example: { drkey: "dr-senthil", startdate: "20261201", enddate: "20261201" },
});

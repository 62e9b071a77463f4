import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { hhmm, yyyymmdd } from "../../../schemas";
import { key } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/telecon/block/slot/{DrKey}/{EntityKey} (form; entitykey from the connection): holds `slotstart` on `date`. */
export const blockTeleconsultSlot = defineOperation({
  vendor: mocdoc,
  name: "blockTeleconsultSlot",
  summary: "Block a teleconsult doctor's slot",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/teleconsult/doctors/{drkey}/slot-blocks" },
  request: { method: "POST", path: "/api/telecon/block/slot/{input.drkey}/{config.entityKey}", contentType: "application/x-www-form-urlencoded", alsoInBody: ["drkey"], bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ drkey: key, date: yyyymmdd, slotstart: hhmm }),
  example: { drkey: "dr-senthil", date: "20261201", slotstart: "18:30" },
});

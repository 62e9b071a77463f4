import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { vseeId } from "../fields";
import { vsee } from "../vendor";

/**
 * POST /visits/add_econsult, JSON (its curl sends `--data-raw` JSON with Content-Type
 * application/json, and X-ApiKey besides the token): an e-consult providers accept from their
 * dashboards.
 */
export const createEconsultVisit = defineOperation({
  vendor: vsee,
  name: "createEconsultVisit",
  summary: "Create an asynchronous e-consult visit",
  kind: "write",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "POST", path: "/visits/add_econsult" },
  request: { method: "POST", path: "/visits/add_econsult", contentType: "application/json" },
  input: v.strictObject({
    intake_id: v.optional(vseeId),
    room_code: v.optional(v.string()),
  }),
  vendorFields: "passthrough",
  example: { intake_id: "6050d1a8-b120-45b4-a568-61a664457b11", room_code: "vclinic_room_code" },
});

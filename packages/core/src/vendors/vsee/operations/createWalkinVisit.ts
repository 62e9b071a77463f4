import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { vseeId } from "../fields";
import { vsee } from "../vendor";

/** POST /visits/add_walkin, multipart (`-F`): a visit that starts now in the provider's room. */
export const createWalkinVisit = defineOperation({
  vendor: vsee,
  name: "createWalkinVisit",
  summary: "Create a walk-in visit",
  kind: "write",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "POST", path: "/visits/add_walkin" },
  request: { method: "POST", path: "/visits/add_walkin", contentType: "multipart/form-data" },
  input: v.strictObject({
    provider_id: v.optional(vseeId),
    intake_id: v.optional(vseeId),
    room_code: v.optional(v.string()),
  }),
  vendorFields: "passthrough",
  example: { provider_id: "826", intake_id: "57a0705e-1c4c-4f24-b51d-3c71ac1f0144", room_code: "ceproom1" },
});

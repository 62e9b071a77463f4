import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { pathId, phone } from "../fields";
import { vsee } from "../vendor";

/** POST /intakes/:id, multipart (`-F`). Example-only docs: named fields validated, further fields pass through. */
export const updateIntake = defineOperation({
  vendor: vsee,
  name: "updateIntake",
  summary: "Update an intake",
  kind: "write",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "POST", path: "/intakes/{id}" },
  request: { method: "POST", path: "/intakes/{input.id}", contentType: "multipart/form-data" },
  input: v.strictObject({
    id: pathId,
    location: v.optional(v.string()),
    phone: v.optional(phone),
    reason_for_visit: v.optional(v.string()),
  }),
  vendorFields: "passthrough",
  example: { id: "57a0705e-1c4c-4f24-b51d-3c71ac1f0144", location: "CA", phone: "7123456789", reason_for_visit: "Test intake functionalities 2" },
});

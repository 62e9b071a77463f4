import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { pathId } from "../fields";
import { vsee } from "../vendor";

/** GET /intakes/:id. */
export const getIntake = defineOperation({
  vendor: vsee,
  name: "getIntake",
  summary: "Get an intake",
  kind: "read",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "GET", path: "/intakes/{id}" },
  request: { method: "GET", path: "/intakes/{input.id}", contentType: "application/json" },
  input: v.strictObject({ id: pathId }),
  vendorFields: "passthrough",
  example: { id: "57b4c678-de20-4c1a-a52b-43e9ac1f0144" },
});

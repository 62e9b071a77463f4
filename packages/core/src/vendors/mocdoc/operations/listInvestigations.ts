import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { mocdoc } from "../vendor";

/** POST /api/masters/testprofiles/{EntityKey} (no parameters; sent as an empty form). */
export const listInvestigations = defineOperation({
  vendor: mocdoc,
  name: "listInvestigations",
  summary: "List the entity's lab tests and profiles",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/investigations" },
  request: { method: "POST", path: "/api/masters/testprofiles/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({}),
  example: {},
});

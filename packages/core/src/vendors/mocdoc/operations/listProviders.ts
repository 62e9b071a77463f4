import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/provider/{EntityKey} (form); optional `entitylocation` narrows the list. */
export const listProviders = defineOperation({
  vendor: mocdoc,
  name: "listProviders",
  summary: "List the entity's providers, optionally at one location",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/providers" },
  request: { method: "POST", path: "/api/get/provider/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({ entitylocation: v.optional(entitylocation) }),
  example: { entitylocation: "location1" },
});

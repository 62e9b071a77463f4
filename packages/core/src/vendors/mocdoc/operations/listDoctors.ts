import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/dr/{EntityKey} (form); optional `entitylocation` narrows the list. */
export const listDoctors = defineOperation({
  vendor: mocdoc,
  name: "listDoctors",
  summary: "List the entity's doctors, optionally at one location",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/doctors" },
  request: { method: "POST", path: "/api/get/dr/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({ entitylocation: v.optional(entitylocation) }),
  example: { entitylocation: "location1" },
});

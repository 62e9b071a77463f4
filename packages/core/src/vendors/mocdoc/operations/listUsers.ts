import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/userlist/{EntityKey} (form); optional `entitylocation` narrows the list. */
export const listUsers = defineOperation({
  vendor: mocdoc,
  name: "listUsers",
  summary: "List the entity's users, optionally at one location",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/users" },
  request: { method: "POST", path: "/api/get/userlist/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({ entitylocation: v.optional(entitylocation) }),
  example: { entitylocation: "location1" },
});

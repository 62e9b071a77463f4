import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { mocdoc } from "../vendor";

/** GET /api/locationlist/{EntityKey} */
export const listLocations = defineOperation({
  vendor: mocdoc,
  name: "listLocations",
  summary: "List the entity's locations",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/locations" },
  request: { method: "GET", path: "/api/locationlist/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({}),
  example: {},
});

import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { mocdoc } from "../vendor";

/** GET /api/get/packages/{EntityKey} */
export const listPackages = defineOperation({
  vendor: mocdoc,
  name: "listPackages",
  summary: "List the entity's packages",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/packages" },
  request: { method: "GET", path: "/api/get/packages/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({}),
  example: {},
});

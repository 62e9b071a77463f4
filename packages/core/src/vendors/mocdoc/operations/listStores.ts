import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { mocdoc } from "../vendor";

/** GET /api/list/stores/{EntityKey} */
export const listStores = defineOperation({
  vendor: mocdoc,
  name: "listStores",
  summary: "List the entity's stores",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/stores" },
  request: { method: "GET", path: "/api/list/stores/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({}),
  example: {},
});

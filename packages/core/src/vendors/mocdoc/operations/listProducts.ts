import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { mocdoc } from "../vendor";

/** GET /api/list/products/{EntityKey} */
export const listProducts = defineOperation({
  vendor: mocdoc,
  name: "listProducts",
  summary: "List the entity's products",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/products" },
  request: { method: "GET", path: "/api/list/products/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({}),
  example: {},
});

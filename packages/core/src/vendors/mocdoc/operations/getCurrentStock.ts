import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { key } from "../fields";
import { mocdoc } from "../vendor";

/** GET /api/currentstock/{EntityKey}/{StoreKey} */
export const getCurrentStock = defineOperation({
  vendor: mocdoc,
  name: "getCurrentStock",
  summary: "Get a store's current stock",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/stores/{storeKey}/stock" },
  request: { method: "GET", path: "/api/currentstock/{config.entityKey}/{input.storeKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({ storeKey: key }),
  example: { storeKey: "location1_store-one" },
});

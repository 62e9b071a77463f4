import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { entitylocation, key } from "../fields";
import { mocdoc } from "../vendor";

/** GET /api/stocks/listbatch/{EntityKey}/{EntityLocation}/{StoreKey}/{ProdKey}; `entitylocation` is a query parameter on our side. */
export const listStockBatches = defineOperation({
  vendor: mocdoc,
  name: "listStockBatches",
  summary: "List a product's stock batches in a store",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/stores/{storeKey}/products/{prodKey}/batches" },
  request: { method: "GET", path: "/api/stocks/listbatch/{config.entityKey}/{input.entitylocation}/{input.storeKey}/{input.prodKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({ entitylocation, storeKey: key, prodKey: key }),
  example: { entitylocation: "location1", storeKey: "location1_store-one", prodKey: "prod_1" },
});

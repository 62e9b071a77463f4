import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { phone } from "../../../schemas";
import { entitylocation, key, money, text } from "../fields";
import { mocdoc } from "../vendor";

/**
 * POST /api/pharmacy/bill/save/{EntityKey} (JSON; the docs list no entitykey): a pharmacy sale.
 * The docs require patientname and patientmobile and elide the rest ("...."): our fields are
 * optional (an `items` line, when sent, is ours: prodkey and qty, with batchno), further fields
 * pass through. MocDoc refuses quantities above the current stock (body status 400).
 */
export const createPharmacyBill = defineOperation({
  vendor: mocdoc,
  name: "createPharmacyBill",
  summary: "Create a pharmacy bill",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/pharmacy-bills" },
  request: { method: "POST", path: "/api/pharmacy/bill/save/{config.entityKey}", contentType: "application/json" },
  input: v.strictObject({
    patientname: text(200),
    patientmobile: phone,
    entitylocation: v.optional(entitylocation),
    storekey: v.optional(key),
    phid: v.optional(key),
    drname: v.optional(text(200)),
    items: v.optional(
      v.pipe(
        v.array(v.strictObject({ prodkey: key, qty: v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(1), v.maxValue(10_000)), batchno: v.optional(key) })),
        v.minLength(1, "must list at least one item"),
        v.maxLength(100, "must list at most 100 items"),
      ),
    ),
    discount: v.optional(money),
    paymentmode: v.optional(text(30)),
  }),
  vendorFields: "passthrough",
  example: { patientname: "Test Patient", patientmobile: "9000000000", entitylocation: "location1", storekey: "location1_store-one", items: [{ prodkey: "prod_1", qty: 2 }], paymentmode: "Cash" },
});

import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { entitylocation, key, money, note, text } from "../fields";
import { mocdoc } from "../vendor";

/**
 * POST /api/lims/laborder/create/{EntityKey} (JSON; entitykey from the connection): an OP bill for lab tests/profiles
 * (codes from listInvestigations). Answers patientkey, patientid, doctorkey and billkey.
 * The docs require entitykey and entitylocation and elide the rest ("...."): our fields are
 * optional (an `items` line, when sent, is ours: a code, with qty and rate), further fields pass through.
 */
export const createOpBill = defineOperation({
  vendor: mocdoc,
  name: "createOpBill",
  summary: "Create an OP bill (lab order) for a patient",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/op-bills" },
  request: { method: "POST", path: "/api/lims/laborder/create/{config.entityKey}", contentType: "application/json", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({
    entitylocation,
    phid: v.optional(key),
    drkey: v.optional(key),
    items: v.optional(
      v.pipe(
        v.array(v.strictObject({ code: key, qty: v.optional(v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(1), v.maxValue(100))), rate: v.optional(money) })),
        v.minLength(1, "must list at least one item"),
        v.maxLength(100, "must list at most 100 items"),
      ),
    ),
    discount: v.optional(money),
    amount_paid: v.optional(money),
    paymentmode: v.optional(text(30)),
    remarks: note(500),
  }),
  vendorFields: "passthrough",
  example: { entitylocation: "location1", phid: "SB0001", drkey: "dr-arthi", items: [{ code: "CBC" }, { code: "TSH" }], paymentmode: "Cash" },
});

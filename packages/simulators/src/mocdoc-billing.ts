import { isBlank, isMobile, istNow, ok, text, validationError, type MocDocBody } from "./mocdoc-checks";
import { batchesOf, doctorByKey, isInvestigation, isLocation, storeByKey } from "./mocdoc-masters";
import { knownPatient } from "./mocdoc-patients";
import type { MocDocRouteContext } from "./mocdoc-routes";

/**
 * Bill creation: OP bills (MocDoc's LIMS lab order create) for known patients and investigation
 * codes, and pharmacy bills checked against the store's current stock. Stock is not drawn down,
 * so the same sale can be repeated.
 */

/** `items` as a JSON array, or as JSON text when the body was a form; undefined when neither. */
function itemsOf(value: unknown): Record<string, unknown>[] | undefined {
  let items = value;
  if (typeof items === "string") {
    try {
      items = JSON.parse(items);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(items) || items.length === 0) return undefined;
  return items.every((i) => typeof i === "object" && i !== null && !Array.isArray(i)) ? (items as Record<string, unknown>[]) : undefined;
}

function newBill(ctx: MocDocRouteContext, phid: string, prefix: string): { billkey: string; billno: string } {
  ctx.state.billsCreated += 1;
  const n = ctx.state.billsCreated;
  const { date, time } = istNow(ctx.now);
  return { billkey: `${ctx.state.account.entityKey}${phid}_${date}${time}_${String(n).padStart(5, "0")}`, billno: `${prefix}-SIM-${n}` };
}

export function createOpBill(ctx: MocDocRouteContext): MocDocBody {
  const { state, fields } = ctx;
  if (!isLocation(text(fields.entitylocation))) return validationError("Invalid entitylocation");
  const items = itemsOf(fields.items);
  if (!items) return validationError("Invalid items");
  if (!items.every((i) => isInvestigation(text(i.code)))) return validationError("Invalid test code");
  const phid = text(fields.phid);
  const patient = knownPatient(state, phid);
  if (!patient) return validationError("Invalid phid");
  const drkey = text(fields.drkey);
  if (!isBlank(fields.drkey) && !doctorByKey(drkey)) return validationError("Invalid drkey");
  const { billkey } = newBill(ctx, phid, "OP");
  const doctorkey = drkey ? `${state.account.entityKey}-${drkey}` : "";
  return ok({ data: [{ patientkey: patient.patientkey, patientid: phid, doctorkey, billkey }] });
}

export function createPharmacyBill(ctx: MocDocRouteContext): MocDocBody {
  const { fields } = ctx;
  if (!isMobile(text(fields.patientmobile))) return validationError("Invalid patientmobile");
  const store = storeByKey(text(fields.storekey));
  if (!store) return validationError("Invalid storekey");
  if (!isBlank(fields.entitylocation) && text(fields.entitylocation) !== store.entitylocation) return validationError("Invalid entitylocation");
  const items = itemsOf(fields.items);
  if (!items) return validationError("Invalid items");
  for (const item of items) {
    const qty = Number(item.qty);
    if (!Number.isInteger(qty) || qty < 1) return validationError("Invalid qty");
    const batches = batchesOf(store.storekey, text(item.prodkey)).filter((b) => isBlank(item.batchno) || b.batchno === text(item.batchno));
    const inStock = batches.reduce((sum, b) => sum + b.qty, 0);
    // The docs list this one as a body status 400, not 402.
    if (qty > inStock) return { status: "400", message: "Quantity exceeds current stock quantity" };
  }
  const { billkey, billno } = newBill(ctx, isBlank(fields.phid) ? "walkin" : text(fields.phid), "PHARM");
  return ok({ info: [{ billkey, billno }] });
}

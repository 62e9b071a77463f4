import { isBlank, isMobile, istNow, ok, text, validationError, type MocDocBody } from "./checks";
import { batchesOf, doctorByKey, isInvestigation, isLocation, storeByKey } from "./masters";
import { knownPatient } from "./patients";
import type { MocDocRouteContext } from "./routes";

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

/** Keeps the bill's fields as received (the vendor's own included) under a new bill key. */
function newBill(ctx: MocDocRouteContext, phid: string, prefix: string): { billkey: string; billno: string } {
  const n = ctx.state.bills.size + 1;
  const { date, time } = istNow(ctx.now);
  const billkey = `${ctx.state.account.entityKey}${phid}_${date}${time}_${String(n).padStart(5, "0")}`;
  ctx.state.bills.set(billkey, { ...ctx.fields });
  return { billkey, billno: `${prefix}-SIM-${n}` };
}

/**
 * The docs require entitylocation only (with entitykey); items, phid and drkey are checked when
 * sent. Without a phid the bill is a walk-in's, identified by whatever further fields came.
 */
export function createOpBill(ctx: MocDocRouteContext): MocDocBody {
  const { state, fields } = ctx;
  if (!isLocation(text(fields.entitylocation))) return validationError("Invalid entitylocation");
  if (!isBlank(fields.items)) {
    const items = itemsOf(fields.items);
    if (!items) return validationError("Invalid items");
    if (!items.every((i) => isInvestigation(text(i.code)))) return validationError("Invalid test code");
  }
  const phid = text(fields.phid);
  const patient = isBlank(fields.phid) ? undefined : knownPatient(state, phid);
  if (!isBlank(fields.phid) && !patient) return validationError("Invalid phid");
  const drkey = text(fields.drkey);
  if (!isBlank(fields.drkey) && !doctorByKey(drkey)) return validationError("Invalid drkey");
  const { billkey } = newBill(ctx, phid || "walkin", "OP");
  const doctorkey = drkey ? `${state.account.entityKey}-${drkey}` : "";
  return ok({ data: [{ patientkey: patient?.patientkey ?? "", patientid: phid, doctorkey, billkey }] });
}

/**
 * The docs require patientname and patientmobile; a store, its location and items are checked
 * when sent, and items against the store's stock when both are.
 */
export function createPharmacyBill(ctx: MocDocRouteContext): MocDocBody {
  const { fields } = ctx;
  if (!isMobile(text(fields.patientmobile))) return validationError("Invalid patientmobile");
  const store = isBlank(fields.storekey) ? undefined : storeByKey(text(fields.storekey));
  if (!isBlank(fields.storekey) && !store) return validationError("Invalid storekey");
  if (store && !isBlank(fields.entitylocation) && text(fields.entitylocation) !== store.entitylocation) return validationError("Invalid entitylocation");
  if (!isBlank(fields.entitylocation) && !isLocation(text(fields.entitylocation))) return validationError("Invalid entitylocation");
  const items = isBlank(fields.items) ? [] : itemsOf(fields.items);
  if (!items) return validationError("Invalid items");
  for (const item of items) {
    const qty = Number(item.qty);
    if (!Number.isInteger(qty) || qty < 1) return validationError("Invalid qty");
    if (!store) continue;
    const batches = batchesOf(store.storekey, text(item.prodkey)).filter((b) => isBlank(item.batchno) || b.batchno === text(item.batchno));
    const inStock = batches.reduce((sum, b) => sum + b.qty, 0);
    // The docs list this one as a body status 400, not 402.
    if (qty > inStock) return { status: "400", message: "Quantity exceeds current stock quantity" };
  }
  const { billkey, billno } = newBill(ctx, isBlank(fields.phid) ? "walkin" : text(fields.phid), "PHARM");
  return ok({ info: [{ billkey, billno }] });
}

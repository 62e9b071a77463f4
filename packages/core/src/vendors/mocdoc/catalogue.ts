import type { AnyOperation } from "../../catalogue";
import { addPatientImage } from "./operations/addPatientImage";
import { addVisitImage } from "./operations/addVisitImage";
import { blockTeleconsultSlot } from "./operations/blockTeleconsultSlot";
import { bookAppointment } from "./operations/bookAppointment";
import { bookTeleconsultAppointment } from "./operations/bookTeleconsultAppointment";
import { createHl7LabOrder } from "./operations/createHl7LabOrder";
import { createOpBill } from "./operations/createOpBill";
import { createPharmacyBill } from "./operations/createPharmacyBill";
import { getCalendar } from "./operations/getCalendar";
import { getCurrentStock } from "./operations/getCurrentStock";
import { getPatientInfo } from "./operations/getPatientInfo";
import { getRatePlan } from "./operations/getRatePlan";
import { getTestResults } from "./operations/getTestResults";
import { listBills } from "./operations/listBills";
import { listBillsDetailed } from "./operations/listBillsDetailed";
import { listCancelledBills } from "./operations/listCancelledBills";
import { listCheckedIn } from "./operations/listCheckedIn";
import { listDiscountedBills } from "./operations/listDiscountedBills";
import { listDoctors } from "./operations/listDoctors";
import { listEditedBills } from "./operations/listEditedBills";
import { listInvestigations } from "./operations/listInvestigations";
import { listIpAdmissions } from "./operations/listIpAdmissions";
import { listIpDischarges } from "./operations/listIpDischarges";
import { listIpRoomTransfers } from "./operations/listIpRoomTransfers";
import { listLabOrders } from "./operations/listLabOrders";
import { listLocations } from "./operations/listLocations";
import { listOpVisits } from "./operations/listOpVisits";
import { listPackages } from "./operations/listPackages";
import { listPharmacyBills } from "./operations/listPharmacyBills";
import { listProducts } from "./operations/listProducts";
import { listProviders } from "./operations/listProviders";
import { listRatePlans } from "./operations/listRatePlans";
import { listReferrals } from "./operations/listReferrals";
import { listRefundBills } from "./operations/listRefundBills";
import { listRegisteredPatients } from "./operations/listRegisteredPatients";
import { listStockBatches } from "./operations/listStockBatches";
import { listStockSaleCancelledBills } from "./operations/listStockSaleCancelledBills";
import { listStockSaleDiscountedBills } from "./operations/listStockSaleDiscountedBills";
import { listStockSaleReturnCancelledBills } from "./operations/listStockSaleReturnCancelledBills";
import { listStores } from "./operations/listStores";
import { listTeleconsultDoctors } from "./operations/listTeleconsultDoctors";
import { listTeleconsultPatients } from "./operations/listTeleconsultPatients";
import { listTeleconsultSlots } from "./operations/listTeleconsultSlots";
import { listUsers } from "./operations/listUsers";
import { registerPatient } from "./operations/registerPatient";
import { updateAppointmentStatus } from "./operations/updateAppointmentStatus";
import { updatePatient } from "./operations/updatePatient";

/**
 * The MocDoc catalogue (../shared/vendor-docs/mocdoc-api.txt): one module per operation under
 * operations/, so each operation's Lambda bundles only its own schema. The entity key always
 * comes from the connection's config, never from the caller: `{config.entityKey}` in the path, and
 * `bodyFromConfig: { entitykey: "entityKey" }` where the docs list `entitykey` as a body field.
 *
 * Reads are GET on our side (input from the query string) even where MocDoc wants a POST; writes
 * take a JSON body.
 *
 * Content-Type (MocDoc signs it, so it must be exactly what we declare): as documented per
 * endpoint; "Either application/x-www-form-urlencoded or application/json" → application/json
 * (structured inputs); none documented (GETs, parameterless POSTs, teleconsult doctors/patients/
 * booking) → application/x-www-form-urlencoded, as in the docs' signing example.
 */
export const mocdocCatalogue: AnyOperation[] = [
  // Masters
  listLocations,
  listUsers,
  listProviders,
  listDoctors,
  listReferrals,
  listInvestigations,
  listPackages,
  listRatePlans,
  getRatePlan,
  listProducts,
  listStores,
  getCurrentStock,
  listStockBatches,
  // Patients, appointments and bills
  registerPatient,
  updatePatient,
  getPatientInfo,
  bookAppointment,
  updateAppointmentStatus,
  createOpBill,
  createPharmacyBill,
  // Day-per-call datasets
  listRegisteredPatients,
  listOpVisits,
  listCheckedIn,
  getCalendar,
  listIpAdmissions,
  listIpDischarges,
  listIpRoomTransfers,
  listBills,
  listBillsDetailed,
  listEditedBills,
  listCancelledBills,
  listStockSaleCancelledBills,
  listStockSaleReturnCancelledBills,
  listDiscountedBills,
  listStockSaleDiscountedBills,
  listRefundBills,
  listPharmacyBills,
  listLabOrders,
  getTestResults,
  createHl7LabOrder,
  // Teleconsultation
  listTeleconsultDoctors,
  listTeleconsultSlots,
  listTeleconsultPatients,
  bookTeleconsultAppointment,
  blockTeleconsultSlot,
  // Images
  addVisitImage,
  addPatientImage,
];

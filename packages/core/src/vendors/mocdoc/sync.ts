import { dailyDataset } from "../../sync/daily";
import type { VendorSync } from "../../sync/dataset";
import { compactDay } from "../../sync/days";
import { dayWindows } from "../../sync/windows";
import { getTestResults } from "./operations/getTestResults";
import { listBills } from "./operations/listBills";
import { listBillsDetailed } from "./operations/listBillsDetailed";
import { listCancelledBills } from "./operations/listCancelledBills";
import { listCheckedIn } from "./operations/listCheckedIn";
import { listDiscountedBills } from "./operations/listDiscountedBills";
import { listEditedBills } from "./operations/listEditedBills";
import { listIpAdmissions } from "./operations/listIpAdmissions";
import { listIpDischarges } from "./operations/listIpDischarges";
import { listIpRoomTransfers } from "./operations/listIpRoomTransfers";
import { listLabOrders } from "./operations/listLabOrders";
import { listLocations } from "./operations/listLocations";
import { listOpVisits } from "./operations/listOpVisits";
import { listPharmacyBills } from "./operations/listPharmacyBills";
import { listRefundBills } from "./operations/listRefundBills";
import { listRegisteredPatients } from "./operations/listRegisteredPatients";
import { listStockSaleCancelledBills } from "./operations/listStockSaleCancelledBills";
import { listStockSaleDiscountedBills } from "./operations/listStockSaleDiscountedBills";
import { listStockSaleReturnCancelledBills } from "./operations/listStockSaleReturnCancelledBills";
import type { MocDocConfig } from "./vendor";
import { mocdoc } from "./vendor";

/**
 * MocDoc's daily sync: every dataset its docs serve one day per call. The day field is named as
 * MocDoc names it; locations and time windows fan out from each operation's own parameters.
 */
export const mocdocSync: VendorSync<MocDocConfig> = {
  vendor: mocdoc,
  datasets: [
    dailyDataset("registeredPatients", listRegisteredPatients, ["registrationdate"]),
    dailyDataset("opVisits", listOpVisits, ["date"]),
    dailyDataset("checkedIn", listCheckedIn, ["startdate", "enddate"]),
    dailyDataset("ipAdmissions", listIpAdmissions, ["date"]),
    dailyDataset("ipDischarges", listIpDischarges, ["date"]),
    dailyDataset("ipRoomTransfers", listIpRoomTransfers, ["date"]),
    dailyDataset("bills", listBills, ["date"]),
    dailyDataset("billsDetailed", listBillsDetailed, ["date"]),
    dailyDataset("editedBills", listEditedBills, ["date"]),
    dailyDataset("cancelledBills", listCancelledBills, ["date"]),
    dailyDataset("stockSaleCancelledBills", listStockSaleCancelledBills, ["date"]),
    dailyDataset("stockSaleReturnCancelledBills", listStockSaleReturnCancelledBills, ["date"]),
    dailyDataset("discountedBills", listDiscountedBills, ["date"]),
    dailyDataset("stockSaleDiscountedBills", listStockSaleDiscountedBills, ["date"]),
    dailyDataset("refundBills", listRefundBills, ["date"]),
    dailyDataset("pharmacyBills", listPharmacyBills, ["date"]),
    dailyDataset("labOrders", listLabOrders, ["date"]),
    dailyDataset("testResults", getTestResults, ["date"]),
  ],
  timezone: (c) => c.timezone,
  windows: (c) => dayWindows(c.labWindowMinutes, c.windowEnd),
  locations: (c) => c.syncLocations,
  listLocations: {
    operation: listLocations,
    keys: (body) =>
      ((body as { entitylocations?: { entitylocation?: string }[] }).entitylocations ?? [])
        .map((l) => l.entitylocation)
        .filter((k): k is string => typeof k === "string" && k !== ""),
  },
  vendorDay: compactDay,
};

import { describe, expect, it } from "vitest";
import { daysFrom } from "./checks";
import { dayEntries, findGeneratedPatient, MAX_RECORDS_PER_DAY, registeredCount, type DayDataset } from "./data";

const DATASETS: DayDataset[] = [
  "registeredPatients", "opVisits", "checkedIn", "ipAdmissions", "ipDischarges", "ipRoomTransfers", "bills", "billsDetailed",
  "editedBills", "cancelledBills", "discountedBills", "refundBills", "pharmacyBills", "stockSaleCancelledBills",
  "stockSaleDiscountedBills", "stockSaleReturnCancelledBills", "labOrders", "testResults",
];

/** The field that identifies a record of each dataset. */
const KEY: Record<DayDataset, string> = {
  registeredPatients: "phid",
  opVisits: "visitkey",
  checkedIn: "checkinkey",
  ipAdmissions: "ipno",
  ipDischarges: "ipno",
  ipRoomTransfers: "roomallocationkey",
  bills: "billno",
  billsDetailed: "billno",
  editedBills: "bill_no",
  cancelledBills: "billno",
  discountedBills: "billno",
  refundBills: "refund_no",
  pharmacyBills: "billno",
  stockSaleCancelledBills: "billno",
  stockSaleDiscountedBills: "billno",
  stockSaleReturnCancelledBills: "billno",
  labOrders: "orderkey",
  testResults: "orderkey",
};

/** The field that carries each record's day (YYYYMMDD, alone or followed by the time). */
const DAY_FIELD: Partial<Record<DayDataset, string>> = {
  registeredPatients: "registrationdate",
  opVisits: "date",
  checkedIn: "checkindate",
  ipAdmissions: "admissiondate",
  ipDischarges: "dischargedate",
  ipRoomTransfers: "created_at",
  bills: "billdate",
  editedBills: "edited_at",
  cancelledBills: "cancelled_at",
  pharmacyBills: "billdate",
  labOrders: "orderdate",
  testResults: "resultdate",
};

const MONTH = daysFrom("20260101", "20260131");

describe("MocDoc simulator data: day-partitioned datasets", () => {
  it.each(DATASETS)("%s is the same for the same entity and day, whatever was asked before", (dataset) => {
    const first = dayEntries("clinic-a", dataset, "20260115");
    dayEntries("clinic-b", dataset, "20260115");
    dayEntries("clinic-a", dataset, "20260116");
    expect(dayEntries("clinic-a", dataset, "20260115")).toEqual(first);
  });

  it.each(DATASETS)("%s: at most 12 records a day, in time order, inside the day, with keys unique across a month", (dataset) => {
    const keys = new Set<unknown>();
    let total = 0;
    for (const day of MONTH) {
      const entries = dayEntries("clinic-a", dataset, day);
      expect(entries.length).toBeLessThanOrEqual(dataset === "ipDischarges" ? 40 : MAX_RECORDS_PER_DAY);
      expect(entries.map((e) => e.minute)).toEqual([...entries.map((e) => e.minute)].sort((a, b) => a - b));
      for (const { minute, entitylocation, record } of entries) {
        expect(minute).toBeGreaterThanOrEqual(0);
        expect(minute).toBeLessThan(24 * 60);
        expect(["location1", "location2"]).toContain(entitylocation);
        const dayField = DAY_FIELD[dataset];
        if (dayField) expect(String(record[dayField]).slice(0, 8)).toBe(day);
        const key = record[KEY[dataset]];
        expect(key, `${dataset} ${day}`).toBeDefined();
        expect(keys.has(key), `${dataset}: ${String(key)} repeats`).toBe(false);
        keys.add(key);
      }
      total += entries.length;
    }
    if (!["editedBills", "cancelledBills", "discountedBills", "refundBills", "stockSaleCancelledBills", "stockSaleDiscountedBills", "stockSaleReturnCancelledBills"].includes(dataset)) {
      expect(total, `${dataset} has data over a month`).toBeGreaterThan(31);
    }
  });

  it("differs between entities and between days", () => {
    expect(dayEntries("clinic-a", "bills", "20260115")).not.toEqual(dayEntries("clinic-b", "bills", "20260115"));
    const counts = new Set(MONTH.map((day) => dayEntries("clinic-a", "labOrders", day).length));
    expect(counts.size).toBeGreaterThan(3);
  });

  it("registers patients as YYYYMMDD_NNN, and knows them by phid afterwards", () => {
    const day = MONTH.find((d) => registeredCount("clinic-a", d) > 1)!;
    const patients = dayEntries("clinic-a", "registeredPatients", day).map((e) => e.record);
    expect(patients.map((p) => p.phid)).toEqual(patients.map((_, i) => `${day}_${String(i + 1).padStart(3, "0")}`));
    expect(findGeneratedPatient("clinic-a", String(patients[1]!.phid))).toMatchObject({ name: patients[1]!.name, mobile: patients[1]!.mobile });
    expect(findGeneratedPatient("clinic-a", `${day}_${String(patients.length + 1).padStart(3, "0")}`)).toBeUndefined();
  });

  it("relates datasets as a clinic would", () => {
    for (const day of MONTH.slice(0, 10)) {
      const bills = new Set(dayEntries("clinic-a", "bills", day).map((e) => e.record.billno));
      for (const e of dayEntries("clinic-a", "cancelledBills", day)) expect(bills.has(e.record.billno)).toBe(true);
      const detailed = dayEntries("clinic-a", "billsDetailed", day);
      expect(detailed.map((e) => e.record.billno)).toEqual([...bills]);
      expect(detailed.every((e) => Array.isArray(e.record.items))).toBe(true);
      const orders = new Set([...dayEntries("clinic-a", "labOrders", day), ...dayEntries("clinic-a", "labOrders", daysFrom("20251231", day).at(-2)!)].map((e) => e.record.orderkey));
      for (const e of dayEntries("clinic-a", "testResults", day)) expect(orders.has(e.record.orderkey)).toBe(true);
      for (const e of dayEntries("clinic-a", "opVisits", day)) expect(findGeneratedPatient("clinic-a", String(e.record.phid)) ?? e.record.phid === "SB0001").toBeTruthy();
    }
  });
});

import { addDays } from "./checks";
import { DOCTORS, LAB_TESTS, LOCATIONS, PRODUCTS, STORES, USERS } from "./masters";
import { generatedPatient, patientRef, somePatient } from "./people";
import { billSeq, clock, dayNumber, financialYear, money, moments, pad, pick, seeded, SECONDS_PER_DAY } from "./random";

export { findGeneratedPatient, generatedPatient, registeredCount, type SimPatientRecord } from "./people";
export { MAX_RECORDS_PER_DAY, seeded } from "./random";

/**
 * Realistic, deterministic data for MocDoc's day-per-call datasets. Each (entity, dataset, day)
 * seeds its own PRNG, so a day always has the same records — whichever order days are asked in,
 * across restarts — and days never share a record: 0–12 records a day, at distinct seconds of
 * that day, each with a stable unique key (phid, billno, visit/checkin/order key, ipno…).
 *
 * Datasets reference each other as a clinic's would: visits, bills and orders are for patients
 * registered on earlier days; edited/cancelled/discounted/refunded bills are bills of that day;
 * discharges are earlier admissions whose stay ends that day; test results follow that day's (or
 * the previous evening's) lab orders.
 */
export type DayDataset =
  | "registeredPatients"
  | "opVisits"
  | "checkedIn"
  | "ipAdmissions"
  | "ipDischarges"
  | "ipRoomTransfers"
  | "bills"
  | "billsDetailed"
  | "editedBills"
  | "cancelledBills"
  | "discountedBills"
  | "refundBills"
  | "pharmacyBills"
  | "stockSaleCancelledBills"
  | "stockSaleDiscountedBills"
  | "stockSaleReturnCancelledBills"
  | "labOrders"
  | "testResults";

/** One record of a day, with the minute of the day and location it is filtered on. */
export interface DayEntry {
  minute: number;
  entitylocation: string;
  record: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Base datasets: one PRNG per (entity, dataset, day)

type Builder = (entityKey: string, day: string) => DayEntry[];

function perMoment(dataset: DayDataset, build: (ctx: { entityKey: string; day: string; rng: () => number; seconds: number; time: string; i: number }) => DayEntry): Builder {
  return (entityKey, day) => {
    const rng = seeded(entityKey, dataset, day);
    return moments(rng).map((seconds, i) => build({ entityKey, day, rng, seconds, time: clock(seconds), i }));
  };
}

const registeredPatients = perMoment("registeredPatients", ({ entityKey, day, seconds, time, i }) => {
  const p = generatedPatient(entityKey, day, i + 1);
  return { minute: Math.floor(seconds / 60), entitylocation: p.entitylocation, record: { ...p, registrationtime: time, created_at: `${day}${time}` } };
});

const opVisits = perMoment("opVisits", ({ entityKey, day, rng, seconds, time }) => {
  const p = somePatient(entityKey, rng, day);
  const dr = pick(rng, DOCTORS);
  return {
    minute: Math.floor(seconds / 60),
    entitylocation: dr.entitylocation,
    record: { visitkey: `${entityKey}${p.phid}_${day}${time}`, location: dr.entitylocation, date: day, time: time.slice(0, 5), ...patientRef(p), drkey: dr.drkey, drname: dr.name, visittype: rng() < 0.4 ? "New" : "Review", purpose: pick(rng, ["Consultation", "Follow-up", "Procedure"]) },
  };
});

const checkedIn = perMoment("checkedIn", ({ entityKey, day, rng, seconds, time }) => {
  const p = somePatient(entityKey, rng, day);
  const dr = pick(rng, DOCTORS);
  return {
    minute: Math.floor(seconds / 60),
    entitylocation: dr.entitylocation,
    record: { checkinkey: `${entityKey}${p.phid}_${day}${time}`, speciality: dr.speciality, drdept: dr.drdept, drkey: dr.drkey, drname: dr.name, ...patientRef(p), entitylocation: dr.entitylocation, checkindate: day, checkintime: time },
  };
});

interface Admission extends DayEntry {
  stayDays: number;
  ipno: number;
}

function ipAdmissionsOf(entityKey: string, day: string): Admission[] {
  const rng = seeded(entityKey, "ipAdmissions", day);
  return moments(rng).map((seconds, i) => {
    const p = somePatient(entityKey, rng, day);
    const dr = pick(rng, DOCTORS);
    const ipno = (dayNumber(day) - dayNumber("20200101")) * 13 + i + 1;
    const ward = pick(rng, ["General Ward", "Semi Private", "Private"]);
    const room = 100 + Math.floor(rng() * 20);
    const time = clock(seconds);
    return {
      minute: Math.floor(seconds / 60),
      entitylocation: dr.entitylocation,
      ipno,
      stayDays: 1 + Math.floor(rng() * 10),
      record: {
        ipno,
        ipkey: `${entityKey}_IP${ipno}`,
        ...patientRef(p),
        firstvisit_date: p.registrationdate,
        firstvisit_time: "09:30",
        admissiondate: day,
        admissiontime: time.slice(0, 5),
        drkey: dr.drkey,
        drname: dr.name,
        drdept: dr.drdept,
        ward,
        room: String(room),
        bed: `${room}-${1 + Math.floor(rng() * 4)}`,
        entitylocation: dr.entitylocation,
      },
    };
  });
}

const ipAdmissions: Builder = (entityKey, day) => ipAdmissionsOf(entityKey, day).map(({ minute, entitylocation, record }) => ({ minute, entitylocation, record }));

/** Admissions of the previous ten days whose stay ends on `day`. */
const ipDischarges: Builder = (entityKey, day) => {
  const entries: DayEntry[] = [];
  for (let k = 1; k <= 10; k++) {
    for (const a of ipAdmissionsOf(entityKey, addDays(day, -k))) {
      if (a.stayDays !== k) continue;
      const seconds = 9 * 3600 + Math.floor(seeded(entityKey, "ipDischarges", String(a.ipno))() * 10 * 3600);
      const { ipno, ipkey, phid, patientkey, name, admissiondate, drdept, entitylocation } = a.record;
      entries.push({
        minute: Math.floor(seconds / 60),
        entitylocation: a.entitylocation,
        record: { ipno, ipkey, phid, patientkey, name, admissiondate, dischargedate: day, dischargetime: clock(seconds).slice(0, 5), drdept, entitylocation, dischargetype: "Normal" },
      });
    }
  }
  return entries.sort((x, y) => x.minute - y.minute);
};

/** Transfers of patients admitted in the five days before `day` and still in. */
const ipRoomTransfers: Builder = (entityKey, day) => {
  const rng = seeded(entityKey, "ipRoomTransfers", day);
  return moments(rng).flatMap((seconds) => {
    const back = 1 + Math.floor(rng() * 5);
    const inpatients = ipAdmissionsOf(entityKey, addDays(day, -back)).filter((a) => a.stayDays > back);
    if (inpatients.length === 0) return [];
    const a = pick(rng, inpatients);
    const time = clock(seconds);
    const toRoom = 200 + Math.floor(rng() * 20);
    return [{
      minute: Math.floor(seconds / 60),
      entitylocation: a.entitylocation,
      record: {
        roomallocationkey: `${entityKey}${a.entitylocation}_${a.ipno}_${toRoom}_${day}${time}`,
        created_at: `${day}${time}`,
        ipno: a.ipno,
        phid: a.record.phid,
        name: a.record.name,
        fromroom: a.record.room,
        toroom: String(toRoom),
        entitylocation: a.entitylocation,
      },
    }];
  });
};

function billsOf(entityKey: string, day: string): DayEntry[] {
  const rng = seeded(entityKey, "bills", day);
  const fy = financialYear(day).label;
  return moments(rng).map((seconds, i) => {
    const p = somePatient(entityKey, rng, day);
    const dr = pick(rng, DOCTORS);
    const billtype = rng() < 0.85 ? "O/P" : "I/P";
    const seq = billSeq(day, i);
    const tests = LAB_TESTS.filter(() => rng() < 0.25);
    const items = [{ code: "CONSULT", name: "Consultation", qty: 1, rate: 500, amount: 500 }, ...tests.map((t) => ({ code: t.code, name: t.name, qty: 1, rate: t.price, amount: t.price }))];
    const amount = items.reduce((sum, item) => sum + item.amount, 0);
    const paid = rng() < 0.9 ? amount : money(amount / 2);
    const time = clock(seconds);
    return {
      minute: Math.floor(seconds / 60),
      entitylocation: dr.entitylocation,
      record: {
        billno: `${billtype === "O/P" ? "OP" : "IP"}${fy}-${seq}`,
        billkey: `${entityKey}${p.phid}_${day}${time}_${pad(seq, 5)}`,
        billtype,
        billdate: day,
        billtime: time,
        consultant: `Dr. ${dr.name}`,
        drkey: dr.drkey,
        ...patientRef(p),
        amount,
        paid,
        balance: money(amount - paid),
        paymentmode: pick(rng, ["Cash", "Card", "UPI"]),
        receivedby: pick(rng, USERS).name,
        entitylocation: dr.entitylocation,
        items,
      },
    };
  });
}

const bills: Builder = (entityKey, day) => billsOf(entityKey, day).map((e) => ({ ...e, record: withoutItems(e.record) }));
const billsDetailed: Builder = billsOf;

function withoutItems({ items: _items, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return rest;
}

function pharmacyBillsOf(entityKey: string, day: string): DayEntry[] {
  const rng = seeded(entityKey, "pharmacyBills", day);
  const fy = financialYear(day).label;
  return moments(rng).map((seconds, i) => {
    const p = somePatient(entityKey, rng, day);
    const store = pick(rng, STORES);
    const items = PRODUCTS.filter(() => rng() < 0.35).map((prod) => {
      const qty = 1 + Math.floor(rng() * 10);
      return { prodkey: prod.prodkey, name: prod.name, qty, rate: prod.mrp, amount: money(qty * prod.mrp) };
    });
    if (items.length === 0) items.push({ prodkey: PRODUCTS[0]!.prodkey, name: PRODUCTS[0]!.name, qty: 1, rate: PRODUCTS[0]!.mrp, amount: PRODUCTS[0]!.mrp });
    const seq = billSeq(day, i);
    const time = clock(seconds);
    return {
      minute: Math.floor(seconds / 60),
      entitylocation: store.entitylocation,
      record: {
        billno: `PHARM${fy}-${seq}`,
        billkey: `${entityKey}${p.phid}_${day}${time}_P${pad(seq, 5)}`,
        ...patientRef(p),
        billdate: day,
        billtime: time,
        storekey: store.storekey,
        items,
        total: money(items.reduce((sum, item) => sum + item.amount, 0)),
        paymentmode: pick(rng, ["Cash", "Card", "UPI"]),
        entitylocation: store.entitylocation,
      },
    };
  });
}

const ORDER_STATUSES = ["Bill Paid", "Sample Taken", "Completed", "Verified", "Approved", "Printed"] as const;

function labOrdersOf(entityKey: string, day: string): (DayEntry & { seconds: number })[] {
  const rng = seeded(entityKey, "labOrders", day);
  return moments(rng).map((seconds, i) => {
    const p = somePatient(entityKey, rng, day);
    const tests = LAB_TESTS.filter(() => rng() < 0.3);
    if (tests.length === 0) tests.push(pick(rng, LAB_TESTS));
    const time = clock(seconds);
    const location = pick(rng, LOCATIONS).entitylocation;
    return {
      seconds,
      minute: Math.floor(seconds / 60),
      entitylocation: location,
      record: {
        orderkey: `${entityKey}${p.phid}_${day}${time}_L${pad(billSeq(day, i), 5)}`,
        orderdate: `${day}${time}`,
        status: pick(rng, ORDER_STATUSES),
        ...patientRef(p),
        tests: tests.map((t) => ({ code: t.code, name: t.name, sample: t.sample })),
        entitylocation: location,
      },
    };
  });
}

const labOrders: Builder = (entityKey, day) => labOrdersOf(entityKey, day).map(({ minute, entitylocation, record }) => ({ minute, entitylocation, record }));

/** Results of completed orders, 30 minutes to 4 hours after the order: that day's, or the previous evening's. */
const testResults: Builder = (entityKey, day) => {
  const resultsOf = (orderDay: string, offset: number) =>
    labOrdersOf(entityKey, orderDay).flatMap((order) => {
      if (ORDER_STATUSES.indexOf(order.record.status as (typeof ORDER_STATUSES)[number]) < 2) return [];
      const rng = seeded(entityKey, "testResults", String(order.record.orderkey));
      const at = order.seconds + 1800 + Math.floor(rng() * 12_600) - offset;
      if (at < 0 || at >= SECONDS_PER_DAY) return [];
      const results = (order.record.tests as { code: string }[]).map(({ code }) => {
        const test = LAB_TESTS.find((t) => t.code === code)!;
        const [low, high] = test.range ? test.range.split("-").map(Number) : [undefined, undefined];
        const value = low !== undefined && high !== undefined ? money(low + (high - low) * (rng() * 1.4 - 0.2)) : "Normal";
        const flag = typeof value === "number" && low !== undefined && high !== undefined ? (value < low ? "L" : value > high ? "H" : "") : "";
        return { code, testname: test.name, value, unit: test.unit, range: test.range, flag };
      });
      return [{
        minute: Math.floor(at / 60),
        entitylocation: order.entitylocation,
        record: { orderkey: order.record.orderkey, results, entitykey: entityKey, entitylocation: order.entitylocation, patientkey: order.record.patientkey, resultdate: `${day}${clock(at)}` },
      }];
    });
  return [...resultsOf(addDays(day, -1), SECONDS_PER_DAY), ...resultsOf(day, 0)].sort((a, b) => a.minute - b.minute);
};

// ---------------------------------------------------------------------------------------------
// Datasets derived from a day's bills: a seeded coin per bill decides whether it was edited,
// cancelled, discounted or refunded that day.

function derived(base: Builder, dataset: DayDataset, chance: number, build: (bill: Record<string, unknown>, rng: () => number, day: string) => Record<string, unknown>): Builder {
  return (entityKey, day) =>
    base(entityKey, day).flatMap((entry) => {
      const rng = seeded(entityKey, dataset, String(entry.record.billno));
      if (rng() >= chance) return [];
      const later = Math.min(entry.minute + 5 + Math.floor(rng() * 120), 24 * 60 - 1);
      const at = `${day}${clock(later * 60 + Math.floor(rng() * 60))}`;
      return [{ minute: later, entitylocation: entry.entitylocation, record: { ...build(entry.record, rng, at), entitylocation: entry.entitylocation } }];
    }).sort((a, b) => a.minute - b.minute);
}

const amountOf = (bill: Record<string, unknown>) => Number(bill.amount ?? bill.total ?? 0);

const editedBills = derived(billsOf, "editedBills", 0.15, (b, rng, at) => ({ bill_no: b.billno, billkey: b.billkey, edited_at: at, edited_by: pick(rng, USERS).name, reason: pick(rng, ["Item added", "Rate corrected", "Consultant changed"]) }));
const cancelledBills = derived(billsOf, "cancelledBills", 0.08, (b, rng, at) => ({ billno: b.billno, billkey: b.billkey, cancelreason: pick(rng, ["Duplicate bill", "Patient request", "Wrong patient"]), cancelled_at: at, cancelled_by: pick(rng, USERS).name, amount: amountOf(b) }));
const discountedBills = derived(billsOf, "discountedBills", 0.2, (b, rng, at) => ({ billno: b.billno, billkey: b.billkey, discount_amount: money(amountOf(b) * pick(rng, [0.05, 0.1, 0.2])), discount_reason: pick(rng, ["Senior citizen", "Staff", "Management"]), discounted_at: at }));
const refundBills = derived(billsOf, "refundBills", 0.05, (b, rng, at) => ({ refund_no: `RF${String(b.billno).replace(/^[A-Z]+/, "")}`, billno: b.billno, refund_amount: money(amountOf(b) * pick(rng, [0.5, 1])), refund_reason: pick(rng, ["Test not done", "Procedure cancelled"]), refunded_at: at }));
const stockSaleCancelledBills = derived(pharmacyBillsOf, "stockSaleCancelledBills", 0.06, (b, rng, at) => ({ billno: b.billno, cancelreason: pick(rng, ["Wrong product", "Patient request"]), cancelled_at: at, amount: amountOf(b) }));
const stockSaleDiscountedBills = derived(pharmacyBillsOf, "stockSaleDiscountedBills", 0.15, (b, rng, at) => ({ billno: b.billno, discount_amount: money(amountOf(b) * pick(rng, [0.05, 0.1])), discounted_at: at }));
const stockSaleReturnCancelledBills = derived(pharmacyBillsOf, "stockSaleReturnCancelledBills", 0.04, (b, rng, at) => ({ billno: `RET${String(b.billno).replace(/^PHARM/, "")}`, salebillno: b.billno, amount_returned: money(amountOf(b) * pick(rng, [0.25, 0.5])), cancelreason: "Return entered in error", cancelled_at: at }));

const BUILDERS: Record<DayDataset, Builder> = {
  registeredPatients,
  opVisits,
  checkedIn,
  ipAdmissions,
  ipDischarges,
  ipRoomTransfers,
  bills,
  billsDetailed,
  editedBills,
  cancelledBills,
  discountedBills,
  refundBills,
  pharmacyBills: pharmacyBillsOf,
  stockSaleCancelledBills,
  stockSaleDiscountedBills,
  stockSaleReturnCancelledBills,
  labOrders,
  testResults,
};

/** A day's records of a dataset, in time order. `day` must be a valid YYYYMMDD. */
export function dayEntries(entityKey: string, dataset: DayDataset, day: string): DayEntry[] {
  return BUILDERS[dataset](entityKey, day);
}

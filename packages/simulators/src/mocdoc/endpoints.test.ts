import { httpDate, mocdocAuthHeaders } from "@switchboard/core/signers/mocdoc";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { istNow } from "./checks";
import { dayEntries } from "./data";
import { startMocDocSimulator, type MocDocSimAccount, type MocDocSimulator } from "./index";
import { MOCDOC_ROUTES } from "./routes";

/** The MocDoc simulator's endpoints beyond authentication and rate limits (see mocdoc.test.ts). */
const account: MocDocSimAccount = { entityKey: "clinic-e", accessKey: "ak-e", secretKey: "secret-e", hmac: "sha1", secretEncoding: "utf8", minIntervalMs: 100 };
const exclusive: MocDocSimAccount = { ...account, entityKey: "clinic-x", accessKey: "ak-x", windowEnd: "exclusive" };
const E = account.entityKey;
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

let clockMs = 0;
let sim: MocDocSimulator;

beforeEach(async () => {
  clockMs = Date.UTC(2026, 0, 15, 6, 0, 0);
  sim = await startMocDocSimulator({ accounts: [account, exclusive], now: () => clockMs });
});
afterEach(() => sim.stop());

/** One signed request, a rate-limit interval after the previous one; answers the body. */
async function call(method: "GET" | "POST", path: string, fields?: Record<string, unknown>, opts: { contentType?: string; as?: MocDocSimAccount } = {}) {
  clockMs += 1000;
  const as = opts.as ?? account;
  const contentType = opts.contentType ?? FORM;
  const body = fields === undefined ? undefined : contentType === JSON_TYPE ? JSON.stringify(fields) : new URLSearchParams(fields as Record<string, string>).toString();
  const headers = mocdocAuthHeaders({ method, path, contentType, date: httpDate(new Date(clockMs)), accessKey: as.accessKey, secretKey: as.secretKey, hmac: as.hmac, secretEncoding: as.secretEncoding });
  const res = await fetch(`${sim.url}${path}`, { method, headers, body });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>;
}

const post = (path: string, fields: Record<string, unknown>, opts?: Parameters<typeof call>[3]) => call("POST", path, fields, opts);

describe("MocDoc simulator: the route table", () => {
  it("has one entry per method and path", () => {
    const keys = MOCDOC_ROUTES.map((r) => `${r.method} ${r.pattern}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThanOrEqual(46);
  });
});

describe("MocDoc simulator: request checks", () => {
  it("accepts only the documented Content-Type(s)", async () => {
    expect(await post(`/api/get/billlist/${E}`, { entitykey: E, date: "20260105" }, { contentType: JSON_TYPE })).toEqual({ status: "400", message: "Invalid Content-Type" });
    expect(await post(`/api/appt/updatestatus/${E}`, { apptkey: "dr-arthi2026010510:00", status: "Confirmed" })).toEqual({ status: "400", message: "Invalid Content-Type" });
    const patient = { entitykey: E, entitylocation: "location1", fname: "Asha", gender: "Female", mobile: "9876543210" };
    expect((await post(`/api/register/patient/${E}`, patient)).status).toBe("200");
    expect((await post(`/api/register/patient/${E}`, patient, { contentType: JSON_TYPE })).status).toBe("200");
  });

  it("lists missing fields in the docs' order, entitykey first", async () => {
    expect(await post(`/api/get/ipadmission/${E}`, {})).toEqual({ status: "400", message: "Missed Fields: entitykey, entitylocation, date" });
    expect(await post(`/api/orderlist/${E}`, { entitykey: E, date: "20260105" })).toEqual({ status: "400", message: "Missed Fields: starttime, endtime" });
    expect(await post(`/api/addimg/${E}`, { entitykey: E, Patientkey: "p1" }, { contentType: JSON_TYPE })).toEqual({ status: "400", message: "Please provide are all the Required field" });
  });

  it("requires the body's entitykey to be the account's, also where the path has none", async () => {
    expect(await post(`/api/get/billlist/${E}`, { entitykey: "someone-else", date: "20260105" })).toEqual({ status: "403", message: "Forbidden" });
    expect(await post("/api/telecon/dr/slots/dr-senthil", { entitykey: "someone-else", startdate: "20260105", enddate: "20260105" })).toEqual({ status: "403", message: "Forbidden" });
    expect(await post("/api/telecon/dr/slots/dr-senthil", { startdate: "20260105", enddate: "20260105" })).toEqual({ status: "400", message: "Missed Fields: entitykey" });
  });

  it("answers 402 with each endpoint's documented wording", async () => {
    const both = { status: "402", message: "Invalid date or Invalid location" };
    expect(await post(`/api/checkedin/${E}`, { entitykey: E, entitylocation: "location1", startdate: "20260230", enddate: "20260301" })).toEqual(both);
    expect(await post(`/api/checkedin/${E}`, { entitykey: E, entitylocation: "location9", startdate: "20260105", enddate: "20260105" })).toEqual(both);
    expect(await post(`/api/orderlist/${E}`, { entitykey: E, date: "20260105", starttime: "12:00", endtime: "11:00" })).toEqual(both);
    expect(await post(`/api/get/ptlist/${E}`, { registrationdate: "2026-01-05" })).toEqual({ status: "402", message: "Invalid date" });
    expect(await post(`/api/get/visitdata/${E}`, { date: "20260105", entitylocation: "location9" })).toEqual({ status: "402", message: "Invalid entitylocation" });
    expect(await post(`/api/get/userlist/${E}`, { entitylocation: "location9" })).toEqual({ status: "402", message: "Invalid entitylocation" });
  });

  it("takes a body field the path also carries from the path, and refuses a mismatch", async () => {
    const slots = await post("/api/telecon/dr/slots/dr-senthil", { entitykey: E, startdate: "20260105", enddate: "20260105" });
    expect(slots.data[0].drkey).toBe("dr-senthil");
    expect(await post("/api/telecon/dr/slots/dr-senthil", { entitykey: E, drkey: "dr-tazeen", startdate: "20260105", enddate: "20260105" })).toEqual({
      status: "402",
      message: "Validation Error: drkey does not match the path",
    });
  });
});

describe("MocDoc simulator: day-per-call datasets", () => {
  const bills = (fields: Record<string, string>) => post(`/api/get/billlist/detailed/${E}`, { entitykey: E, entitylocation: "location1", ...fields });

  it("answers the generated records of the day, the same every time, under the documented key", async () => {
    const first = await bills({ date: "20260105" });
    expect(first.status).toBe("200");
    expect(first.billinglist_detailed).toEqual(dayEntries(E, "billsDetailed", "20260105").filter((e) => e.entitylocation === "location1").map((e) => e.record));
    expect(await bills({ date: "20260105" })).toEqual(first);
    const both = await post(`/api/get/billlist/${E}`, { entitykey: E, date: "20260105" });
    expect(both.billinglist).toHaveLength(dayEntries(E, "bills", "20260105").length);
  });

  it("filters check-ins by the inclusive date range and the optional speciality", async () => {
    const days = ["20260105", "20260106", "20260107"];
    const expected = days.flatMap((d) => dayEntries(E, "checkedIn", d)).filter((e) => e.entitylocation === "location2");
    const range = await post(`/api/checkedin/${E}`, { entitykey: E, entitylocation: "location2", startdate: days[0]!, enddate: days[2]! });
    expect(range.checkedin).toEqual(expected.map((e) => e.record));
    const speciality = String(expected[0]?.record.speciality ?? "Cardiac Surgeon");
    const narrowed = await post(`/api/checkedin/${E}`, { entitykey: E, entitylocation: "location2", startdate: days[0]!, enddate: days[2]!, speciality });
    expect(narrowed.checkedin.every((r: { speciality: string }) => r.speciality === speciality)).toBe(true);
  });

  /** A day with lab orders, found by scanning the generator. */
  function dayWithOrders(): { day: string; minutes: number[]; keys: string[] } {
    for (let d = 1; d <= 28; d++) {
      const day = `202602${String(d).padStart(2, "0")}`;
      const entries = dayEntries(exclusive.entityKey, "labOrders", day);
      if (entries.length >= 3) return { day, minutes: entries.map((e) => e.minute), keys: entries.map((e) => String(e.record.orderkey)) };
    }
    throw new Error("no day with orders");
  }
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const orders = (day: string, starttime: string, endtime: string, as = exclusive) =>
    post(`/api/orderlist/${as.entityKey}`, { entitykey: as.entityKey, date: day, starttime, endtime }, { as }).then((b) => (b.orders as { orderkey: string }[]).map((o) => o.orderkey));

  it("windows lab orders with an inclusive start and an exclusive end; 24:00 ends the day", async () => {
    const { day, minutes, keys } = dayWithOrders();
    expect(await orders(day, "00:00", "24:00")).toEqual(keys);
    const m = minutes[1]!;
    expect(await orders(day, hhmm(m), hhmm(Math.min(m + 1, 1439)))).toContain(keys[1]);
    expect(await orders(day, hhmm(Math.max(m - 5, 0)), hhmm(m))).not.toContain(keys[1]);
    // Consecutive windows cover the day once.
    const quarters = [["00:00", "06:00"], ["06:00", "12:00"], ["12:00", "18:00"], ["18:00", "24:00"]];
    const pieces: string[] = [];
    for (const [from, to] of quarters) pieces.push(...(await orders(day, from!, to!)));
    expect(pieces).toEqual(keys);
  });

  it("reads the end minute as included by default", async () => {
    let found: { day: string; minute: number; key: string } | undefined;
    for (let d = 1; d <= 28 && !found; d++) {
      const day = `202602${String(d).padStart(2, "0")}`;
      const e = dayEntries(account.entityKey, "labOrders", day)[0];
      if (e) found = { day, minute: e.minute, key: String(e.record.orderkey) };
    }
    expect(await orders(found!.day, hhmm(Math.max(found!.minute - 3, 0)), hhmm(found!.minute), account)).toContain(found!.key);
  });

  it("filters test results by window and optional orderkey", async () => {
    let day = "";
    for (let d = 1; d <= 28 && !day; d++) if (dayEntries(E, "testResults", `202602${String(d).padStart(2, "0")}`).length > 1) day = `202602${String(d).padStart(2, "0")}`;
    const all = dayEntries(E, "testResults", day);
    const full = await post(`/api/orderresult/${E}`, { date: day, starttime: "00:00", endtime: "24:00" });
    expect(full.orderresult).toEqual(all.map((e) => e.record));
    const one = await post(`/api/orderresult/${E}`, { date: day, starttime: "00:00", endtime: "24:00", orderkey: String(all[1]!.record.orderkey) });
    expect(one.orderresult).toEqual([all[1]!.record]);
  });
});

describe("MocDoc simulator: per-account state", () => {
  it("registers a patient under today's phid, lists and finds them, and applies updates", async () => {
    const today = istNow(clockMs + 1000).date;
    const registered = await post(`/api/register/patient/${E}`, { entitykey: E, entitylocation: "location2", fname: "Asha", lname: "Rao", gender: "Female", mobile: "9876543210" }, { contentType: JSON_TYPE });
    const phid = registered.data.phid as string;
    expect(phid).toMatch(new RegExp(`^${today}_\\d{3}$`));
    expect(Number(phid.slice(9))).toBe(dayEntries(E, "registeredPatients", today).length + 1);

    const listed = await post(`/api/get/ptlist/${E}`, { registrationdate: today, entitylocation: "location2" });
    expect(listed.visits.map((p: { phid: string }) => p.phid)).toContain(phid);

    expect(await post(`/api/update/patient/${E}`, { phid, city: "Madurai" }, { contentType: JSON_TYPE })).toEqual({ status: "200", message: "Patient detail updated successfully" });
    expect(await post(`/api/update/patient/${E}`, { phid: "NOPE1" }, { contentType: JSON_TYPE })).toEqual({ status: "402", message: "Validation Error: Invalid phid" });
    const info = await post(`/api/patientinfo/${E}`, { phid, mobile: "9876543210" });
    expect(info.data).toEqual([expect.objectContaining({ phid, name: "Asha Rao", city: "Madurai", patientkey: `${E}${phid}` })]);
    expect((await post(`/api/patientinfo/${E}`, { phid, mobile: "9000000009" })).data).toEqual([]);
    const tele = await post(`/api/telecon/patientlist/9876543210/${E}`, { entitykey: E });
    expect(tele.data.map((p: { phid: string }) => p.phid)).toEqual([phid]);
  });

  it("refuses an image name already used for the same visit", async () => {
    const image = { entitykey: E, Visitkey: "visit-1", imagename: "xray.png", imagecontent: PNG };
    const first = await post(`/api/visit/adddoc/${E}`, image, { contentType: JSON_TYPE });
    expect(first.patientdoc).toEqual([expect.objectContaining({ Visitkey: "visit-1", imagename: "xray.png" })]);
    expect(await post(`/api/visit/adddoc/${E}`, image, { contentType: JSON_TYPE })).toEqual({ status: "402", message: "name already exist please change the file name..!" });
    expect((await post(`/api/visit/adddoc/${E}`, { ...image, Visitkey: "visit-2" }, { contentType: JSON_TYPE })).status).toBe("200");
    expect((await post(`/api/addimg/${E}`, { ...image, Visitkey: undefined, Patientkey: "visit-1" }, { contentType: JSON_TYPE })).status).toBe("200");
    expect(await post(`/api/visit/adddoc/${E}`, { ...image, imagename: "b.png", imagecontent: "not base64" }, { contentType: JSON_TYPE })).toEqual({ status: "402", message: "Validation Error: Invalid imagecontent" });
  });

  it("books and blocks teleconsult slots once, and shows them taken", async () => {
    const slot = { entitykey: E, date: "20260210", fname: "Asha", mobile: "9876543210" };
    expect((await post(`/api/telecon/book/appt/dr-senthil/${E}`, { ...slot, slot: "18:00" })).data).toEqual([expect.objectContaining({ dr: "Senthilnathan Periasamy", date: "20260210", slot: "18:00" })]);
    expect(await post(`/api/telecon/book/appt/dr-senthil/${E}`, { ...slot, slot: "18:00" })).toEqual({ status: "402", message: "Validation Error: Slot not available" });
    expect((await post(`/api/telecon/block/slot/dr-senthil/${E}`, { entitykey: E, date: "20260210", slotstart: "18:15" })).data[0].cachekey).toBe("dr-senthil_20260210_18:15");
    expect(await post(`/api/telecon/block/slot/dr-senthil/${E}`, { entitykey: E, date: "20260210", slotstart: "18:07" })).toEqual({ status: "402", message: "Validation Error: Invalid slotstart" });
    expect(await post(`/api/telecon/book/appt/dr-arthi/${E}`, { ...slot, slot: "18:30" })).toEqual({ status: "402", message: "Validation Error: Invalid drkey" });
    const slots = await post("/api/telecon/dr/slots/dr-senthil", { entitykey: E, startdate: "20260210", enddate: "20260210" });
    const statuses = Object.fromEntries(slots.data[0].drslots[0].slots.map((s: { start: string; status: string }) => [s.start, s.status]));
    expect(statuses).toMatchObject({ "18:00": "booked", "18:15": "blocked", "18:30": "available" });
  });

  it("updates the status of booked and clinic-booked appointments, and shows bookings on the calendar", async () => {
    const booking = { entitylocation: "location1", drkey: "dr-arthi", date: "20260210", start: "09:15", fname: "Asha", phone: "9876543210" };
    expect(await post(`/api/bookappt/${E}`, booking, { contentType: JSON_TYPE })).toEqual({ status: "200", apptkey: "dr-arthi2026021009:15" });
    expect(await post(`/api/appt/updatestatus/${E}`, { apptkey: "dr-arthi2026021009:15", status: "Cancelled" }, { contentType: JSON_TYPE })).toEqual({ status: "200", Message: "Success" });
    expect(await post(`/api/appt/updatestatus/${E}`, { apptkey: "nobody20260210", status: "Cancelled" }, { contentType: JSON_TYPE })).toEqual({ status: "402", message: "Validation Error: Invalid apptkey" });
    const cal = await post(`/api/calendar/${E}`, { entitykey: E, drkey: "dr-arthi", startdate: "20260210", enddate: "20260211" });
    expect(cal.data[0]).toMatchObject({ drKey: "dr-arthi", drName: "Arthi B" });
    const slots = cal.data[0].slots as { date: string; start: string; status: string }[];
    expect(new Set(slots.map((s) => s.date))).toEqual(new Set(["20260210", "20260211"]));
    expect(slots.filter((s) => s.status === "booked")).toEqual([expect.objectContaining({ date: "20260210", start: "09:15" })]);
  });

  it("bills: OP bills need known patients and test codes; pharmacy sales are capped by stock", async () => {
    const opBill = { entitykey: E, entitylocation: "location1", phid: "SB0001", items: [{ code: "CBC" }] };
    expect((await post(`/api/lims/laborder/create/${E}`, opBill, { contentType: JSON_TYPE })).data[0]).toMatchObject({ patientkey: `${E}SB0001`, patientid: "SB0001" });
    expect(await post(`/api/lims/laborder/create/${E}`, { ...opBill, items: [{ code: "NOPE" }] }, { contentType: JSON_TYPE })).toEqual({ status: "402", message: "Validation Error: Invalid test code" });
    const sale = { patientname: "Asha", patientmobile: "9876543210", storekey: "location1_store-one", items: [{ prodkey: "prod_1", qty: 1 }] };
    expect((await post(`/api/pharmacy/bill/save/${E}`, sale, { contentType: JSON_TYPE })).info[0].billkey).toBeTruthy();
    const stock = await call("GET", `/api/currentstock/${E}/location1_store-one`);
    const prod1 = (stock.currentstock as { prodkey: string; qty: number }[]).find((p) => p.prodkey === "prod_1")!;
    expect(await post(`/api/pharmacy/bill/save/${E}`, { ...sale, items: [{ prodkey: "prod_1", qty: prod1.qty + 1 }] }, { contentType: JSON_TYPE })).toEqual({ status: "400", message: "Quantity exceeds current stock quantity" });
    const batches = await call("GET", `/api/stocks/listbatch/${E}/location1/location1_store-one/prod_1`);
    expect(batches.products.reduce((n: number, b: { qty: number }) => n + b.qty, 0)).toBe(prod1.qty);
    expect(await call("GET", `/api/stocks/listbatch/${E}/location9/location1_store-one/prod_1`)).toEqual({ status: "402", message: "Invalid location" });
  });
});

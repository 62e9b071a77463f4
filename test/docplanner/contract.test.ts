import { docplannerContract } from "@switchboard/simulators/docplanner/contract";
import type { RecordedRequest } from "@switchboard/simulators/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDocplannerConnection, at, docplannerOp, routeFor } from "../support/docplanner";
import { apiClient, startTestStack } from "../support/local";

/**
 * Every Docplanner operation through our API against the simulator: the request as the vendor
 * receives it (method, path, query, JSON body, bearer token), and the vendor's answer checked
 * against the contract's response schema for its status. The operations run in an order that
 * lets later ones use what earlier ones created.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: ReturnType<typeof apiClient>;
let ids: Awaited<ReturnType<typeof addDocplannerConnection>>["ids"][number];
const contract = docplannerContract();
/** The contract's ids for the notification operations are prose. */
const CONTRACT_IDS: Record<string, string> = {
  pullNotification: "Pull Notification",
  pullNotifications: "Pull Multiple Notification",
  releaseNotifications: "Release Notifications",
};
const day = 86_400_000;
const tomorrow = Math.ceil(Date.now() / day) * day + 8 * 3_600_000;
const saved: Record<string, unknown> = {};
/** Operations whose request and answer were checked. */
const covered = new Set<string>();

beforeAll(async () => {
  stack = await startTestStack();
  // Budgets far above the test's calls: this file checks shapes, not pacing.
  const conn = await addDocplannerConnection(stack, { connectionId: "dp-contract", tenantId: "t1", account: { readsPerWindow: 5000, writesPerWindow: 5000, writeWindowMs: 60_000 } });
  ids = conn.ids[0]!;
  await addDocplannerConnection(stack, { connectionId: "dp-contract-push", tenantId: "t1", account: { notifications: "push" } });
  api = apiClient(stack, await stack.token("t1"));
});
afterAll(() => stack.cleanup());

const where = () => ({ facility_id: ids.facilityId, doctor_id: ids.doctorId, address_id: ids.addressId });

async function call(name: string, input: Record<string, unknown>, connectionId = "dp-contract") {
  const op = docplannerOp(name);
  const route = routeFor(op, connectionId, input);
  const before = stack.simulators.docplanner.requests.length;
  const res = await api(route.method, route.path, route.body);
  const sent = stack.simulators.docplanner.requests.slice(before).filter((r) => r.path.startsWith("/api/v3/integration"));
  return { op, res, sent: sent.at(-1) as RecordedRequest };
}

/** The vendor request matches the catalogue entry and the input; the answer matches the contract. */
function check({ op, res, sent }: Awaited<ReturnType<typeof call>>, input: Record<string, unknown>) {
  expect(res.status, `${op.name}: ${res.text}`).toBe(200);
  const path = op.request.path.replace(/\{input\.([^}]+)\}/g, (_m, k: string) => encodeURIComponent(String(input[k])));
  expect(sent.method).toBe(op.request.method);
  expect(sent.path).toBe(`/api/v3/integration${path}`);
  expect(sent.headers.authorization).toMatch(/^Bearer \S+$/);
  const query = new URLSearchParams(sent.query);
  for (const name of op.request.query ?? []) {
    const value = input[name];
    expect([name, query.get(name)]).toEqual([name, value === undefined ? null : Array.isArray(value) ? value.join(",") : String(value)]);
  }
  if (input.body === undefined) expect(sent.body).toBe("");
  else expect(JSON.parse(sent.body)).toEqual(input.body);
  const declared = contract.response(CONTRACT_IDS[op.name] ?? op.name, sent.status!);
  expect(declared, `${op.name}: the contract declares no ${sent.status}`).toBeDefined();
  if (declared?.validate) {
    const ok = declared.validate(res.json);
    expect(ok, `${op.name} ${sent.status}: ${JSON.stringify(declared.validate.errors)}`).toBe(true);
  } else {
    expect(res.json).toBeNull();
  }
  covered.add(op.name);
  return res.json;
}

async function run(name: string, input: Record<string, unknown>, connectionId?: string) {
  return check(await call(name, input, connectionId), input);
}

describe("Docplanner contract: every operation through the API", () => {
  it("getFacilities, getFacility", async () => {
    await run("getFacilities", {});
    await run("getFacility", { facility_id: ids.facilityId, with: "facility.doctors" });
  });

  it("getDoctors, getDoctor", async () => {
    await run("getDoctors", { facility_id: ids.facilityId, with: "doctor.profile_url,doctor.specializations" });
    await run("getDoctor", { facility_id: ids.facilityId, doctor_id: ids.doctorId, with: "doctor.addresses,address.booking_extra_fields" });
  });

  it("getAddresses, getAddress, updateAddress", async () => {
    await run("getAddresses", { facility_id: ids.facilityId, doctor_id: ids.doctorId, with: "address.insurance_support" });
    await run("getAddress", { ...where(), with: "address.online_only" });
    await run("updateAddress", { ...where(), body: { insurance_support: "private_and_insurance" } });
  });

  it("getServices, getAddressServices, addAddressService, getAddressService, updateAddressService, deleteAddressService", async () => {
    const dictionary = (await run("getServices", {})) as { _items: { id: string }[] };
    const offered = (await run("getAddressServices", { ...where() })) as { _items: { service_id: string }[] };
    const serviceId = dictionary._items.find((s) => !offered._items.some((o) => o.service_id === s.id))!.id;
    const added = (await run("addAddressService", { ...where(), body: { service_id: serviceId, price: 120, is_visible: true, default_duration: 20 } })) as { id: string } | null;
    const list = (await run("getAddressServices", { ...where() })) as { _items: { id: string; service_id: string }[] };
    const id = added?.id ?? list._items.find((s) => s.service_id === serviceId)!.id;
    await run("getAddressService", { ...where(), address_service_id: id, with: "address_service.custom_name" });
    await run("updateAddressService", { ...where(), address_service_id: id, body: { price: 150, description: null } });
    await run("deleteAddressService", { ...where(), address_service_id: id });
  });

  it("getInsuranceProviders, getInsurancePlans, and an address's insurance providers", async () => {
    const providers = (await run("getInsuranceProviders", {})) as { _items: { insurance_provider_id: string }[] };
    const plans = (await run("getInsurancePlans", { insurance_provider_id: ids.insuranceProviderId })) as { _items: { insurance_plan_id: string }[] };
    const onAddress = (await run("getAddressInsuranceProviders", { ...where() })) as { _items: { insurance_provider_id: string }[] };
    const free = providers._items.find((p) => !onAddress._items.some((o) => o.insurance_provider_id === p.insurance_provider_id))!.insurance_provider_id;
    await run("addAddressInsuranceProvider", { ...where(), body: { insurance_provider_id: free } });
    await run("updateOrCreateAddressInsuranceProvider", { ...where(), body: { insurance_provider_id: ids.insuranceProviderId, insurance_plans: plans._items.slice(0, 1).map((p) => ({ insurance_plan_id: p.insurance_plan_id })) } });
    await run("deleteAddressInsuranceProvider", { ...where(), insurance_provider_id: free });
  });

  it("getCalendar, disableCalendar, enableCalendar", async () => {
    await run("getCalendar", { ...where() });
    await run("disableCalendar", { ...where() });
    await run("enableCalendar", { ...where() });
  });

  it("calendar breaks: list, add, view, move, delete", async () => {
    await run("getCalendarBreaks", { ...where(), since: at(tomorrow - 7 * day), till: at(tomorrow + 7 * day) });
    const since = at(tomorrow + 20 * day);
    await run("addCalendarBreak", { ...where(), body: { since, till: at(tomorrow + 20 * day + 3_600_000), description: "staff training" } });
    const breaks = (await call("getCalendarBreaks", { ...where(), since: at(tomorrow + 19 * day), till: at(tomorrow + 21 * day) })).res.json as { _items: { id: string; since: string }[] };
    const id = breaks._items[0]!.id;
    await run("getCalendarBreak", { ...where(), break_id: id });
    await run("moveCalendarBreak", { ...where(), break_id: id, body: { since: at(tomorrow + 20 * day + 7_200_000), till: at(tomorrow + 20 * day + 10_800_000) } });
    await run("deleteCalendarBreak", { ...where(), break_id: id });
  });

  it("slots: list, replace, book, delete a day", async () => {
    const slots = (await run("getSlots", { ...where(), start: at(tomorrow), end: at(tomorrow + 7 * day), with: "slot.services" })) as { _items: { start: string }[] };
    saved.slot = slots._items[0]!.start;
    saved.nextSlot = slots._items[1]!.start;
    const replaceDay = tomorrow + 30 * day;
    await run("replaceSlots", {
      ...where(),
      body: { slots: [{ address_services: [{ address_service_id: ids.addressServiceId, duration: 30 }], start: at(replaceDay), end: at(replaceDay + 7_200_000) }] },
    });
    saved.booked = await run("bookSlot", {
      ...where(),
      start: saved.slot,
      body: { address_service_id: ids.addressServiceId, duration: 30, is_returning: false, patient: { name: "Ada", surname: "Test", phone: "+48123123123", email: "ada@example.com" } },
    });
    await run("deleteSlots", { ...where(), date: new Date(replaceDay + 3_600_000).toISOString().slice(0, 10) });
  });

  it("bookings: list (one page, and every page), view, confirm, move, cancel", async () => {
    const range = { start: at(tomorrow - 3 * day), end: at(tomorrow + 28 * day) };
    const page = (await run("getBookings", { ...where(), ...range, page: 1, limit: 5, with: "booking.patient" })) as { _items: { id: string; status: string }[]; pages: number };
    expect(page._items.length).toBeLessThanOrEqual(5);
    const all = await api("GET", routeFor(docplannerOp("getBookings"), "dp-contract", { ...where(), ...range, limit: 5, all: true }).path);
    expect(all.status).toBe(200);
    expect(all.json._items.length).toBeGreaterThan(page._items.length);
    expect(all.json.pages).toBe(page.pages);
    // The booking made above: new, so not confirmed yet.
    const id = (saved.booked as { id: string }).id;
    await run("getBooking", { ...where(), booking_id: id, with: "booking.moving" });
    await run("confirmBooking", { ...where(), booking_id: id, body: { confirmed_by: "user" } });
    // Moving answers the booking at its new time (the contract's 201 names the new resource).
    const moved = (await run("moveBooking", { ...where(), booking_id: id, body: { address_service_id: ids.addressServiceId, start: saved.nextSlot, duration: 30 } })) as { id: string };
    await run("cancelBooking", { ...where(), booking_id: moved.id, body: { reason: "the doctor is away" } });
  });

  it("patient presence and absence on past visits, and an opinion request", async () => {
    const past = (await call("getBookings", { ...where(), start: at(tomorrow - 21 * day), end: at(tomorrow - day) })).res.json as { _items: { id: string; status: string }[] };
    const visits = past._items.filter((b) => b.status === "booked");
    await run("markPatientPresence", { ...where(), booking_id: visits[0]!.id });
    await run("markPatientAbsence", { ...where(), booking_id: visits[1]!.id });
    await run("requestOpinion", { facility_id: ids.facilityId, doctor_id: ids.doctorId, body: { phone: "123456789" } });
  });

  it("notifications: pull one, pull several, release (push clients only)", async () => {
    const clientId = (await stack.deps.credentials.get((await stack.deps.connections.require("dp-contract")).secretRef)).clientId!;
    await stack.simulators.docplanner.notify(clientId, "break-created");
    await stack.simulators.docplanner.notify(clientId, "slot-booked");
    await stack.simulators.docplanner.notify(clientId, "presence-marked");
    await run("pullNotification", {});
    const batch = (await run("pullNotifications", { limit: 10 })) as { notifications: unknown[]; remaining: number };
    expect([batch.notifications.length, batch.remaining]).toEqual([2, 0]);
    // Pulled through the API, they still went to the inbox and the bus.
    const published = stack.bus.history.filter((e) => e.detail.connectionId === "dp-contract" && e["detail-type"].startsWith("docplanner."));
    expect(published.map((e) => e["detail-type"]).sort()).toEqual(["docplanner.break-created", "docplanner.presence-marked", "docplanner.slot-booked"]);
    await run("releaseNotifications", {}, "dp-contract-push");
  });

  it("removeAddressIntegration (last: it unlinks the address)", async () => {
    const second = stack.simulators.docplanner.ids((await stack.deps.credentials.get((await stack.deps.connections.require("dp-contract")).secretRef)).clientId!).at(-1)!;
    await run("removeAddressIntegration", { facility_id: second.facilityId, doctor_id: second.doctorId, address_id: second.addressId });
  });

  it("covered every operation of the catalogue", async () => {
    const { docplannerCatalogue } = await import("@switchboard/core/vendors/docplanner/catalogue");
    expect([...covered].sort()).toEqual(docplannerCatalogue.map((op) => op.name).sort());
  });
});

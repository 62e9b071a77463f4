import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { docplannerContract } from "./contract";
import { seen } from "./contract-client";
import { iso } from "./datetime";
import { startFixture, type Fixture } from "./fixture";

/**
 * Every operation of the contract, answered by the simulator and checked (by ContractClient)
 * against the contract's response schema and media type for its status; at the end, every
 * operation must have produced its success answer and the error answers exercised here.
 */
let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.sim.stop());
// A fresh write window per group: 40 writes a minute is Docplanner's default budget.
beforeEach(() => f.advance(60_000));

const DAY = 86_400_000;
const contract = docplannerContract();

describe("every Docplanner operation conforms to the contract", () => {
  it("facilities, doctors and addresses", async () => {
    const { client, first, at } = f;
    const [other] = f.sim.ids("clinic-other");
    expect((await client.call("getFacilities")).status).toBe(200);
    expect((await client.call("getFacility", { params: { facility_id: first.facilityId }, query: { with: "facility.doctors" } })).status).toBe(200);
    expect((await client.call("getFacility", { params: { facility_id: other!.facilityId } })).status).toBe(403);
    expect((await client.call("getFacility", { params: { facility_id: "1" } })).status).toBe(404);
    const doctorsWith = "doctor.profile_url,doctor.specializations,doctor.license_numbers";
    expect((await client.call("getDoctors", { params: { facility_id: first.facilityId }, query: { with: doctorsWith } })).status).toBe(200);
    expect((await client.call("getDoctors", { params: { facility_id: "1" } })).status).toBe(404);
    const doctorWith = "doctor.profile_url,doctor.addresses,doctor.license_numbers,address.booking_extra_fields,address.online_only,address.visit_payment,address.commercial_type";
    expect((await client.call("getDoctor", { params: at(first), query: { with: doctorWith } })).status).toBe(200);
    expect((await client.call("getDoctor", { params: { ...at(first), doctor_id: other!.doctorId } })).status).toBe(403);
    const addressesWith = "address.online_only,address.visit_payment,address.commercial_type,address.insurance_support";
    expect((await client.call("getAddresses", { params: at(first), query: { with: addressesWith } })).status).toBe(200);
    expect((await client.call("getAddress", { params: at(first), query: { with: addressesWith } })).status).toBe(200);
    expect((await client.call("getAddress", { params: { ...at(first), address_id: "1" } })).status).toBe(404);
    expect((await client.call("getAddress", { params: at(first), query: { with: "address.nope" } })).status).toBe(400);
    expect((await client.call("updateAddress", { params: at(first), body: { insurance_support: "insurance" } })).status).toBe(200);
    expect((await client.call("updateAddress", { params: at(first), body: { insurance_support: "both" } })).status).toBe(400);
    expect((await client.call("updateAddress", { params: { ...at(first), address_id: other!.addressId }, body: {} })).status).toBe(403);
    const last = f.ids[f.ids.length - 1]!;
    expect((await client.call("removeAddressIntegration", { params: at(last) })).status).toBe(202);
    expect((await client.call("removeAddressIntegration", { params: { ...at(last), address_id: "1" } })).status).toBe(404);
  });

  it("services and address services", async () => {
    const { client, first, at } = f;
    expect((await client.call("getServices", { query: { with: "services.only_diagnostics", specialization_id: 12 } })).status).toBe(200);
    const all = "address_service.allowed_patients,address_service.custom_name,address_service.public_insurance_flow";
    expect((await client.call("getAddressServices", { params: at(first), query: { with: all } })).status).toBe(200);
    expect((await client.call("getAddressServices", { params: at(first), query: { start: iso(f.clock.now + DAY) } })).status).toBe(200);
    const added = await client.call("addAddressService", {
      params: at(first),
      body: { service_id: "18", price: 199.99, is_price_from: true, description: "Teleporada", default_duration: 20, allowed_patients: { minimum_age: 18, maximum_age: null }, custom_name: "Porada online" },
    });
    expect(added.status).toBe(201);
    expect((await client.call("addAddressService", { params: at(first), body: { service_id: "18" } })).status).toBe(409);
    expect((await client.call("addAddressService", { params: at(first), body: { price: 10 } })).status).toBe(400);
    expect((await client.call("addAddressService", { params: { ...at(first), address_id: "1" }, body: { service_id: "2" } })).status).toBe(404);
    const service = { ...at(first), address_service_id: added.body.id };
    expect((await client.call("getAddressService", { params: service, query: { with: all } })).status).toBe(200);
    expect((await client.call("getAddressService", { params: { ...at(first), address_service_id: f.ids[1]!.addressServiceId } })).status).toBe(403);
    expect((await client.call("updateAddressService", { params: service, body: { price: null, description: null, custom_name: null } })).status).toBe(200);
    expect((await client.call("updateAddressService", { params: service, body: { price: -1 } })).status).toBe(400);
    expect((await client.call("deleteAddressService", { params: service })).status).toBe(204);
    expect((await client.call("deleteAddressService", { params: service })).status).toBe(404);
  });

  it("insurance providers, plans and address insurance", async () => {
    const { client, first, at } = f;
    expect((await client.call("getInsuranceProviders")).status).toBe(200);
    expect((await client.call("getInsurancePlans", { params: { insurance_provider_id: "52" } })).status).toBe(200);
    expect((await client.call("getAddressInsuranceProviders", { params: at(first) })).status).toBe(200);
    const assigned = new Set((await client.call("getAddressInsuranceProviders", { params: at(first) })).body._items.map((p: { insurance_provider_id: string }) => p.insurance_provider_id));
    const free = ["52", "67", "71", "83", "90", "104"].find((id) => !assigned.has(id))!;
    expect((await client.call("addAddressInsuranceProvider", { params: at(first), body: { insurance_provider_id: free } })).status).toBe(204);
    expect((await client.call("addAddressInsuranceProvider", { params: at(first), body: { insurance_provider_id: free } })).status).toBe(400);
    expect((await client.call("addAddressInsuranceProvider", { params: at(first), body: { insurance_provider_id: "999999" } })).status).toBe(404);
    expect((await client.call("updateOrCreateAddressInsuranceProvider", { params: at(first), body: { insurance_provider_id: "52", insurance_plans: [{ insurance_plan_id: "999" }] } })).status).toBe(204);
    expect((await client.call("updateOrCreateAddressInsuranceProvider", { params: at(first), body: { insurance_provider_id: "1" } })).status).toBe(404);
    expect((await client.call("updateOrCreateAddressInsuranceProvider", { params: at(first), body: { insurance_plans: [] } })).status).toBe(400);
    expect((await client.call("deleteAddressInsuranceProvider", { params: { ...at(first), insurance_provider_id: free } })).status).toBe(204);
    expect((await client.call("deleteAddressInsuranceProvider", { params: { ...at(first), insurance_provider_id: free } })).status).toBe(400);
    expect((await client.call("deleteAddressInsuranceProvider", { params: { ...at(first), insurance_provider_id: "1" } })).status).toBe(404);
  });

  it("calendars and calendar breaks", async () => {
    const { client, first, at } = f;
    expect((await client.call("getCalendar", { params: at(first) })).status).toBe(200);
    expect((await client.call("disableCalendar", { params: at(first) })).status).toBe(200);
    expect((await client.call("disableCalendar", { params: at(first) })).status).toBe(409);
    expect((await client.call("enableCalendar", { params: at(first) })).status).toBe(200);
    expect((await client.call("enableCalendar", { params: at(first) })).status).toBe(409);
    const window = { since: iso(f.clock.now), till: iso(f.clock.now + 30 * DAY) };
    expect((await client.call("getCalendarBreaks", { params: at(first), query: window })).status).toBe(200);
    expect((await client.call("getCalendarBreaks", { params: at(first), query: { since: "yesterday", till: window.till } })).status).toBe(404);
    const since = iso(f.clock.now + 2 * DAY);
    const till = iso(f.clock.now + 2 * DAY + 3_600_000);
    const added = await client.call("addCalendarBreak", { params: at(first), body: { since, till, description: "Szkolenie", apply_on_coupled_addresses: true } });
    expect(added.status).toBe(201);
    expect((await client.call("addCalendarBreak", { params: at(first), body: { since, till, description: "Szkolenie" } })).status).toBe(409);
    expect((await client.call("addCalendarBreak", { params: at(first), body: { till } })).status).toBe(400);
    expect((await client.call("addCalendarBreak", { params: at(first), body: { since: till, till: since } })).status).toBe(422);
    const br = { ...at(first), break_id: added.body.id };
    expect((await client.call("getCalendarBreak", { params: br })).status).toBe(200);
    expect((await client.call("getCalendarBreak", { params: { ...br, break_id: "1" } })).status).toBe(404);
    expect((await client.call("moveCalendarBreak", { params: br, body: { since: iso(f.clock.now + 3 * DAY), till: iso(f.clock.now + 3 * DAY + 1_800_000) } })).status).toBe(204);
    expect((await client.call("moveCalendarBreak", { params: br, body: { since: iso(f.clock.now + 3 * DAY), till: iso(f.clock.now + 3 * DAY + 1_800_000) } })).status).toBe(422);
    expect((await client.call("moveCalendarBreak", { params: br, body: { since } })).status).toBe(400);
    expect((await client.call("deleteCalendarBreak", { params: br })).status).toBe(204);
    expect((await client.call("deleteCalendarBreak", { params: br })).status).toBe(404);
  });

  it("slots", async () => {
    const { client, first, at } = f;
    const range = { start: iso(f.clock.now), end: iso(f.clock.now + 14 * DAY) };
    const slots = await client.call("getSlots", { params: at(first), query: { ...range, with: "slot.services" } });
    expect(slots.status).toBe(200);
    expect((await client.call("getSlots", { params: at(first), query: { start: range.start, end: iso(f.clock.now + 181 * DAY) } })).status).toBe(400);
    const start = slots.body._items[0].start as string;
    const serviceId = slots.body._items[0].address_services._items[0].id as string;
    const patient = { name: "Zofia", surname: "Mazur", phone: "+48600100200", email: "zofia.mazur@example.com", gender: "f" };
    expect((await client.call("bookSlot", { params: at(first, { start }), body: { address_service_id: serviceId, duration: 15, patient } })).status).toBe(200);
    expect((await client.call("bookSlot", { params: at(first, { start }), body: { address_service_id: serviceId, duration: 15, patient } })).status).toBe(404);
    expect((await client.call("bookSlot", { params: at(first, { start }), body: { duration: 15, patient } })).status).toBe(400);
    const day = iso(f.clock.now + 7 * DAY).slice(0, 10);
    const replacement = { slots: [{ start: `${day}T09:00:00+01:00`, end: `${day}T10:00:00+01:00`, address_services: [{ address_service_id: serviceId, duration: 30 }] }] };
    expect((await client.call("replaceSlots", { params: at(first), body: replacement })).status).toBe(201);
    expect((await client.call("replaceSlots", { params: at(first), body: { slots: [{ start: `${day}T09:00:00+01:00` }] } })).status).toBe(400);
    expect((await client.call("deleteSlots", { params: at(first, { date: day }) })).status).toBe(204);
    expect((await client.call("deleteSlots", { params: { ...at(first, { date: day }), address_id: "1" } })).status).toBe(404);
  });

  it("bookings, presence and opinions", async () => {
    const { client, first, at } = f;
    const range = { start: iso(f.clock.now - 14 * DAY), end: iso(f.clock.now + 28 * DAY) };
    const bookingsWith = "booking.patient,booking.address_service,booking.presence,booking.confirmation,address_service.public_insurance_flow";
    const list = await client.call("getBookings", { params: at(first), query: { ...range, with: bookingsWith } });
    expect(list.status).toBe(200);
    expect((await client.call("getBookings", { params: at(first), query: { ...range, page: 2, limit: 5 } })).status).toBe(200);
    const unconfirmed = list.body._items.find((b: { status: string; confirmed: boolean; start_at: string }) => b.status === "booked" && !b.confirmed && Date.parse(b.start_at) > f.clock.now);
    const booking = { ...at(first), booking_id: unconfirmed.id as string };
    expect((await client.call("getBooking", { params: booking, query: { with: "booking.moving,address_service.public_insurance_flow" } })).status).toBe(200);
    expect((await client.call("getBooking", { params: { ...booking, booking_id: "1" } })).status).toBe(404);
    expect((await client.call("confirmBooking", { params: booking, body: { confirmed_by: "admin" } })).status).toBe(204);
    expect((await client.call("confirmBooking", { params: booking, body: { confirmed_by: "admin" } })).status).toBe(409);
    expect((await client.call("confirmBooking", { params: booking, body: {} })).status).toBe(400);
    const services = await client.call("getAddressServices", { params: at(first) });
    const moved = await client.call("moveBooking", {
      params: booking,
      query: { with: "address_service.public_insurance_flow" },
      body: { address_service_id: services.body._items[0].id, start: iso(f.clock.now + 5 * DAY), duration: 30 },
    });
    expect(moved.status).toBe(201);
    expect((await client.call("moveBooking", { params: booking, body: { address_service_id: services.body._items[0].id } })).status).toBe(409);
    const newer = { ...booking, booking_id: moved.body.id };
    expect((await client.call("moveBooking", { params: newer, body: { address_service_id: "1" } })).status).toBe(400);
    expect((await client.call("moveBooking", { params: newer, body: { address_service_id: services.body._items[0].id, address_id: f.sim.ids("clinic-other")[0]!.addressId } })).status).toBe(403);
    expect((await client.call("cancelBooking", { params: newer, body: { reason: "Lekarz nieobecny" } })).status).toBe(204);
    expect((await client.call("cancelBooking", { params: newer })).status).toBe(400);
    const past = list.body._items.find((b: { status: string; start_at: string }) => b.status === "booked" && Date.parse(b.start_at) < f.clock.now);
    const pastBooking = { ...booking, booking_id: past.id };
    expect((await client.call("markPatientPresence", { params: pastBooking })).status).toBe(204);
    expect((await client.call("markPatientAbsence", { params: pastBooking })).status).toBe(204);
    expect((await client.call("markPatientPresence", { params: newer })).status).toBe(409);
    expect((await client.call("markPatientAbsence", { params: { ...booking, booking_id: f.ids[1]!.bookingId } })).status).toBe(404);
    const doctor = { facility_id: first.facilityId, doctor_id: first.doctorId };
    expect((await client.call("requestOpinion", { params: doctor, body: { phone: "+48600100200" } })).status).toBe(200);
    expect((await client.call("requestOpinion", { params: doctor, body: { phone: "+48600100200" } })).status).toBe(409);
    expect((await client.call("requestOpinion", { params: doctor, body: { phone: "call me" } })).status).toBe(400);
  });

  it("notifications", async () => {
    const { client, sim } = f;
    expect((await client.call("Pull Notification")).status).toBe(404);
    expect((await client.call("Pull Multiple Notification")).status).toBe(404);
    for (const name of contract.contract.callbacks.keys()) await sim.notify("clinic-main", name);
    expect((await client.call("Pull Notification")).status).toBe(200);
    expect((await client.call("Pull Multiple Notification", { query: { limit: 100 } })).status).toBe(200);
    expect((await client.call("Pull Multiple Notification", { query: { limit: 0 } })).status).toBe(400);
    expect((await client.call("Release Notifications")).status).toBe(403);
    sim.setPushUrl("clinic-main", undefined, "push");
    expect((await client.call("Release Notifications")).status).toBe(204);
    expect((await client.call("Release Notifications")).status).toBe(429);
  });

  it("answers every operation with its success status", () => {
    const successes = contract.contract.operations.map((op) => {
      const status = Object.keys(op.responses).find((s) => s.startsWith("2"))!;
      return `${op.operationId} ${status}`;
    });
    expect(successes).toHaveLength(43);
    expect(successes.filter((s) => !seen.has(s))).toEqual([]);
    // Every operation taking a body was also refused one (400, the contract's Error schema).
    const withBodies = contract.contract.operations.filter((op) => op.requestBody).map((op) => `${op.operationId} 400`);
    expect(withBodies.filter((s) => !seen.has(s))).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectContractAnswer } from "./contract-client";
import { startFixture, type Fixture, type Ids } from "./fixture";

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(() => f.sim.stop());

const RANGE = { start: "2026-02-16T00:00:00+01:00", end: "2026-03-30T00:00:00+01:00" };

interface BookingBody {
  id: string;
  status: string;
  start_at: string;
  confirmed?: boolean;
  visit_payment_status?: string;
}

async function bookingsOf(ids: Ids, query: Record<string, string | number> = {}) {
  return (await f.client.call("getBookings", { params: f.at(ids), query: { ...RANGE, ...query } })).body._items as BookingBody[];
}

const future = (b: BookingBody) => b.status === "booked" && Date.parse(b.start_at) > f.clock.now;

describe("Docplanner simulator: getBookings", () => {
  it("lists an address's bookings in the range, in order, with the expansions asked for", async () => {
    const plain = await bookingsOf(f.first);
    expect(plain.length).toBeGreaterThan(10);
    expect(plain.map((b) => Date.parse(b.start_at))).toEqual(plain.map((b) => Date.parse(b.start_at)).sort((a, b) => a - b));
    expect(Object.keys(plain[0]!)).toEqual(expect.arrayContaining(["id", "status", "start_at", "end_at", "duration", "booked_by", "canceled_by", "booked_at", "canceled_at", "comment", "insurance"]));
    expect(plain[0]).not.toHaveProperty("patient");
    const full = await bookingsOf(f.first, { with: "booking.patient,booking.address_service,booking.presence,booking.confirmation,address_service.public_insurance_flow" });
    expect(full[0]).toMatchObject({ patient: { name: expect.any(String), phone: expect.stringMatching(/^\+48\d{9}$/) }, confirmed: expect.any(Boolean) });
    expect(full[0]).toHaveProperty("presence");
    expect(full.find((b) => b.status === "booked")).toHaveProperty("address_service.is_public_insurance_flow");
  });

  it("paginates when page is given, with the docs' fields and _links relative to the API base", async () => {
    const all = await bookingsOf(f.first);
    const limit = 4;
    const pages = Math.ceil(all.length / limit);
    const first = await f.client.call("getBookings", { params: f.at(f.first), query: { ...RANGE, with: "booking.patient", page: 1, limit } });
    expect(first.body).toMatchObject({ page: 1, limit, pages, total: all.length });
    const base = `/facilities/${f.first.facilityId}/doctors/${f.first.doctorId}/addresses/${f.first.addressId}/bookings`;
    const query = new URLSearchParams({ ...RANGE, with: "booking.patient" }).toString();
    expect(first.body._links).toEqual({
      self: { href: `${base}?${query}&page=1&limit=${limit}` },
      first: { href: `${base}?${query}&page=1&limit=${limit}` },
      last: { href: `${base}?${query}&page=${pages}&limit=${limit}` },
      next: { href: `${base}?${query}&page=2&limit=${limit}` },
    });

    // Following `next` to the end visits every booking once, in order.
    const visited: string[] = [];
    let href: string | undefined = first.body._links.self.href;
    const token = await f.client.accessToken();
    while (href) {
      const res = await fetch(`${f.sim.url}/api/v3/integration${href}`, { headers: { Authorization: `Bearer ${token}` } });
      const body = expectContractAnswer("getBookings", { status: res.status, headers: res.headers, text: await res.text() });
      visited.push(...body._items.map((b: BookingBody) => b.id));
      if (body.page > 1) expect(body._links.previous.href).toContain(`&page=${body.page - 1}&`);
      href = body._links.next?.href;
    }
    expect(visited).toEqual(all.map((b) => b.id));

    const beyond = await f.client.call("getBookings", { params: f.at(f.first), query: { ...RANGE, page: pages + 1, limit } });
    expect(beyond.body._items).toEqual([]);
    expect((await f.client.call("getBookings", { params: f.at(f.first), query: { ...RANGE, page: 0 } })).status).toBe(400);
    const defaults = await f.client.call("getBookings", { params: f.at(f.first), query: { ...RANGE, page: 1 } });
    expect(defaults.body).toMatchObject({ limit: 100, pages: 1, total: all.length });
    expect(defaults.body._links.next).toBeUndefined();
  });

  it("requires start and end", async () => {
    const res = await f.client.call("getBookings", { params: f.at(f.first), query: { start: RANGE.start } });
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message: 'Param "end" is required!' });
  });
});

describe("Docplanner simulator: a booking", () => {
  it("shows the patient and service, and booking.moving", async () => {
    const params = { ...f.at(f.first), booking_id: f.first.bookingId };
    const plain = (await f.client.call("getBooking", { params })).body;
    expect(plain).toMatchObject({ id: f.first.bookingId, patient: expect.any(Object), address_service: expect.any(Object) });
    expect(plain).not.toHaveProperty("moving");
    const moving = (await f.client.call("getBooking", { params, query: { with: "booking.moving" } })).body;
    expect(moving.moving).toEqual({ origin_booking_id: f.first.bookingId, newest_booking_id: f.first.bookingId });
    const foreign = await f.client.call("getBooking", { params: { ...params, booking_id: f.ids[1]!.bookingId } });
    expect({ status: foreign.status, message: foreign.body.message }).toEqual({ status: 403, message: "This booking does not belong to this address" });
  });

  it("cancels a booking, with or without a reason, once, and frees its slot", async () => {
    const params = { ...f.at(f.first), booking_id: f.first.bookingId };
    const booking = (await f.client.call("getBooking", { params })).body;
    expect((await f.client.call("cancelBooking", { params, body: { reason: "Lekarz nieobecny" } })).status).toBe(204);
    expect((await f.client.call("getBooking", { params })).body).toMatchObject({ status: "canceled", canceled_by: "integration", canceled_at: "2026-03-02T08:00:00+01:00" });
    const again = await f.client.call("cancelBooking", { params });
    expect({ status: again.status, message: again.body.message }).toEqual({ status: 400, message: `Visit ${f.first.bookingId} cannot be canceled because it is not booked` });
    const free = (await f.client.call("getSlots", { params: f.at(f.first), query: { start: booking.start_at, end: booking.end_at } })).body._items;
    expect(free.map((s: { start: string }) => s.start)).toContain(booking.start_at);
    expect((await f.client.call("cancelBooking", { params: { ...params, booking_id: f.ids[1]!.bookingId }, body: {} })).status).toBe(403);
  });

  it("moves a booking: a new booking, the old one canceled, the moving chain kept", async () => {
    const params = { ...f.at(f.first), booking_id: f.first.bookingId };
    const services = (await f.client.call("getAddressServices", { params: f.at(f.first) })).body._items;
    const moved = await f.client.call("moveBooking", { params, body: { address_service_id: services[0].id, start: "2026-03-10T15:00:00+01:00", duration: 40 } });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({ status: "booked", start_at: "2026-03-10T15:00:00+01:00", duration: 40, end_at: "2026-03-10T15:40:00+01:00" });
    expect(moved.headers.get("location")).toBe(`/api/v3/integration/facilities/${f.first.facilityId}/doctors/${f.first.doctorId}/addresses/${f.first.addressId}/bookings/${moved.body.id}`);
    const old = (await f.client.call("getBooking", { params, query: { with: "booking.moving" } })).body;
    expect(old).toMatchObject({ status: "canceled", moving: { origin_booking_id: f.first.bookingId, newest_booking_id: moved.body.id } });
    const again = await f.client.call("moveBooking", { params, body: { address_service_id: services[0].id } });
    expect({ status: again.status, message: again.body.message }).toEqual({ status: 409, message: "The visit has already been canceled or moved" });
    // Without start: the same time (the reference text does not require start).
    const sameTime = await f.client.call("moveBooking", { params: { ...params, booking_id: moved.body.id }, body: { address_service_id: services[1].id } });
    expect(sameTime.body).toMatchObject({ start_at: "2026-03-10T15:00:00+01:00", address_service: { id: services[1].id } });
    expect((await f.client.call("getBooking", { params: { ...params, booking_id: sameTime.body.id }, query: { with: "booking.moving" } })).body.moving).toEqual({
      origin_booking_id: f.first.bookingId,
      newest_booking_id: sameTime.body.id,
    });
  });

  it("moves a booking to another doctor's address in the facility, and nowhere else (1.13.0)", async () => {
    const other = f.ids.find((i) => i.facilityId === f.first.facilityId && i.doctorId !== f.first.doctorId)!;
    const outside = f.ids.find((i) => i.facilityId !== f.first.facilityId)!;
    const bookings = await bookingsOf(f.first);
    // Both offline addresses of the facility bill through its clinic payment account.
    const movable = bookings.find(future)!;
    const params = { ...f.at(f.first), booking_id: movable.id };
    const body = { address_service_id: other.addressServiceId, address_id: other.addressId, start: "2026-03-12T10:00:00+01:00" };
    const wrongService = await f.client.call("moveBooking", { params, body: { ...body, address_service_id: f.first.addressServiceId } });
    expect({ status: wrongService.status, message: wrongService.body.message }).toEqual({ status: 400, message: "Service does not belong to the address" });
    const far = await f.client.call("moveBooking", { params, body: { ...body, address_id: outside.addressId, address_service_id: outside.addressServiceId } });
    expect({ status: far.status, message: far.body.message }).toEqual({ status: 403, message: "This address does not belong to this facility" });
    expect((await f.client.call("moveBooking", { params, body: { ...body, address_id: "999999" } })).body.message).toBe("Address does not exist");

    const moved = await f.client.call("moveBooking", { params, body });
    expect(moved.status).toBe(201);
    expect(moved.headers.get("location")).toBe(`/api/v3/integration/facilities/${f.first.facilityId}/doctors/${other.doctorId}/addresses/${other.addressId}/bookings/${moved.body.id}`);
    expect((await f.client.call("getBooking", { params: { ...f.at(other), booking_id: moved.body.id } })).status).toBe(200);
  });

  it("refuses moving a booking that holds money to another payment account with 422", async () => {
    const [offline, online] = f.ids.filter((i) => i.doctorId === f.first.doctorId);
    const paid = (await bookingsOf(offline!)).find((b) => future(b) && b.visit_payment_status === "paid")!;
    expect(paid).toBeDefined();
    const res = await f.client.call("moveBooking", { params: { ...f.at(offline!), booking_id: paid.id }, body: { address_service_id: online!.addressServiceId, address_id: online!.addressId } });
    expect(res.status).toBe(422);
    expect(res.body.message).toContain("bills through a different payment account");
    expect((await f.client.call("getBooking", { params: { ...f.at(offline!), booking_id: paid.id } })).body.status).toBe("booked");
  });

  it("confirms a future booking once, and not a canceled or past one", async () => {
    const list = await bookingsOf(f.first, { with: "booking.confirmation" });
    const open = list.find((b) => future(b) && !b.confirmed)!;
    const params = { ...f.at(f.first), booking_id: open.id };
    expect((await f.client.call("confirmBooking", { params, body: { confirmed_by: "user" } })).status).toBe(204);
    expect((await bookingsOf(f.first, { with: "booking.confirmation" })).find((b) => b.id === open.id)!.confirmed).toBe(true);
    expect((await f.client.call("confirmBooking", { params, body: { confirmed_by: "user" } })).body.message).toBe("Visit has already been confirmed");
    const past = list.find((b) => b.status === "booked" && Date.parse(b.start_at) < f.clock.now)!;
    expect((await f.client.call("confirmBooking", { params: { ...params, booking_id: past.id }, body: { confirmed_by: "admin" } })).body.message).toBe("Visit is in the past");
    const canceled = list.find((b) => b.status === "canceled")!;
    expect((await f.client.call("confirmBooking", { params: { ...params, booking_id: canceled.id }, body: { confirmed_by: "admin" } })).body.message).toBe("Visit has been canceled");
    const invalid = await f.client.call("confirmBooking", { params, body: { confirmed_by: "robot" } });
    expect({ status: invalid.status, message: invalid.body.message }).toEqual({ status: 400, message: 'Param "confirmed_by" must be one of: user, admin' });
  });

  it("marks presence and absence of past visits only", async () => {
    const list = await bookingsOf(f.first, { with: "booking.presence" });
    const past = list.find((b) => b.status === "booked" && Date.parse(b.start_at) < f.clock.now)!;
    const params = { ...f.at(f.first), booking_id: past.id };
    expect((await f.client.call("markPatientAbsence", { params })).status).toBe(204);
    expect((await bookingsOf(f.first, { with: "booking.presence" })).find((b) => b.id === past.id)).toMatchObject({ presence: "absent" });
    expect((await f.client.call("markPatientPresence", { params })).status).toBe(204);
    expect((await bookingsOf(f.first, { with: "booking.presence" })).find((b) => b.id === past.id)).toMatchObject({ presence: "present" });
    const upcoming = await f.client.call("markPatientPresence", { params: { ...params, booking_id: f.first.bookingId } });
    expect({ status: upcoming.status, message: upcoming.body.message }).toEqual({ status: 400, message: "Visit is in the future" });
    const canceled = list.find((b) => b.status === "canceled")!;
    expect((await f.client.call("markPatientAbsence", { params: { ...params, booking_id: canceled.id } })).body.message).toBe("Visit is marked as canceled");
  });
});

describe("Docplanner simulator: opinion requests", () => {
  it("sends one per patient phone and doctor, validating the phone", async () => {
    const params = { facility_id: f.first.facilityId, doctor_id: f.first.doctorId };
    const sent = await f.client.call("requestOpinion", { params, body: { phone: "600 100 200" } });
    expect(sent.status).toBe(200);
    expect((await f.client.call("requestOpinion", { params, body: { phone: "600-100-200" } })).body.message).toBe("Opinion already exists");
    expect((await f.client.call("requestOpinion", { params, body: { phone: "12" } })).body.message).toBe("Phone number is invalid.");
    expect((await f.client.call("requestOpinion", { params, body: {} })).body.message).toBe('Param "phone" is required!');
    const outside = f.ids.find((i) => i.facilityId !== f.first.facilityId)!;
    const wrongFacility = await f.client.call("requestOpinion", { params: { ...params, doctor_id: outside.doctorId }, body: { phone: "600100200" } });
    expect({ status: wrongFacility.status, message: wrongFacility.body.message }).toEqual({ status: 403, message: "Doctor is not related with facility" });
  });
});

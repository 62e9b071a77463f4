import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startDocplannerSimulator } from "./index";
import { MAIN, MONDAY_8AM, OTHER, startFixture, type Fixture } from "./fixture";

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(() => f.sim.stop());

describe("Docplanner simulator: facilities, doctors and addresses", () => {
  it("lists the client's facilities, with their doctors on facility.doctors", async () => {
    const list = await f.client.call("getFacilities");
    expect(list.body._items).toHaveLength(2);
    expect(Object.keys(list.body._items[0])).toEqual(["id", "name"]);
    const plain = await f.client.call("getFacility", { params: { facility_id: f.first.facilityId } });
    expect(plain.body.doctors).toBeUndefined();
    const expanded = await f.client.call("getFacility", { params: { facility_id: f.first.facilityId }, query: { with: "facility.doctors" } });
    expect(expanded.body.doctors._items).toHaveLength(3);
    expect(Object.keys(expanded.body.doctors._items[0])).toEqual(["id", "name", "surname"]);
  });

  it("adds profile urls, specializations and licence numbers to doctors on request", async () => {
    const params = { facility_id: f.first.facilityId };
    const plain = (await f.client.call("getDoctors", { params })).body._items[0];
    expect(Object.keys(plain)).toEqual(["id", "name", "surname"]);
    const full = (await f.client.call("getDoctors", { params, query: { with: "doctor.profile_url,doctor.specializations,doctor.license_numbers" } })).body._items[0];
    expect(full.profile_url).toMatch(/^https:\/\/www\.znanylekarz\.pl\/[a-z-]+\/[a-z]+\/[a-z-]+$/);
    expect(full.specializations._items[0]).toEqual({ id: expect.any(String), name: expect.any(String) });
    expect(full.license_numbers._items[0].license_number).toMatch(/^\d{7}$/);
  });

  it("names a doctor's specializations and, on doctor.addresses, the addresses with their address.* fields", async () => {
    const params = f.at(f.first);
    const plain = (await f.client.call("getDoctor", { params })).body;
    expect(plain.specializations._items.length).toBeGreaterThan(0);
    expect(plain.addresses).toBeUndefined();
    const withAddresses = (await f.client.call("getDoctor", { params, query: { with: "doctor.addresses" } })).body;
    expect(withAddresses.addresses._items).toHaveLength(2);
    expect(Object.keys(withAddresses.addresses._items[0])).toEqual(["id", "name", "post_code", "street"]);
    const all = "doctor.addresses,address.booking_extra_fields,address.online_only,address.visit_payment,address.commercial_type";
    const [offline, online] = (await f.client.call("getDoctor", { params, query: { with: all } })).body.addresses._items;
    expect(offline).toMatchObject({ is_online_only: false, commercial_type: "premium", booking_extra_fields: expect.any(Object) });
    expect(online).toMatchObject({ is_online_only: true, visit_payment: true, street: null, post_code: null });
  });

  it("shows city and booking extra fields on addresses, and the address.* expansions", async () => {
    const params = f.at(f.first);
    const plain = (await f.client.call("getAddress", { params })).body;
    expect(Object.keys(plain)).toEqual(["id", "name", "city_name", "post_code", "street", "booking_extra_fields"]);
    expect(plain.booking_extra_fields).toEqual({ birth_date: expect.any(Boolean), gender: expect.any(Boolean), nin: expect.any(Boolean) });
    const full = (await f.client.call("getAddresses", { params, query: { with: "address.online_only,address.visit_payment,address.commercial_type,address.insurance_support" } })).body._items;
    expect(full).toHaveLength(2);
    expect(full[0]).toMatchObject({ is_online_only: false, commercial_type: "premium", insurance_support: "private_and_insurance" });
  });

  it("refuses a `with` value the endpoint does not document, and a repeated one", async () => {
    const params = f.at(f.first);
    const unknown = await f.client.call("getAddress", { params, query: { with: "address.online_only,doctor.addresses" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('Param "with[1]" must be one of: address.online_only, address.visit_payment, address.commercial_type, address.insurance_support');
    const twice = await f.client.call("getAddress", { params, query: { with: "address.online_only,address.online_only" } });
    expect(twice.status).toBe(400);
    // booking.confirmation is documented in getBookings' description though its enum omits it (reference-text.ts).
    const range = { start: "2026-03-02T00:00:00+01:00", end: "2026-03-03T00:00:00+01:00" };
    expect((await f.client.call("getBookings", { params, query: { ...range, with: "booking.confirmation" } })).status).toBe(200);
  });

  it("answers 404 for unknown ids and 403 for ids that are not the caller's or not under the path", async () => {
    const [mine, other] = [f.ids, f.sim.ids(OTHER.clientId)];
    const sameFacilityOtherDoctor = mine.find((i) => i.facilityId === f.first.facilityId && i.doctorId !== f.first.doctorId)!;
    const otherFacility = mine.find((i) => i.facilityId !== f.first.facilityId)!;
    const cases: [Record<string, string>, number, string][] = [
      [{ ...f.at(f.first), facility_id: "999999" }, 404, "Object not found"],
      [{ ...f.at(f.first), facility_id: other[0]!.facilityId }, 403, "You are not authorized to see this facility"],
      [{ ...f.at(f.first), doctor_id: "999999" }, 404, "Object not found"],
      [{ ...f.at(f.first), doctor_id: otherFacility.doctorId }, 403, "You are not authorized to see this doctor"],
      [{ ...f.at(f.first), address_id: sameFacilityOtherDoctor.addressId }, 403, "This address does not belong to this doctor"],
      [{ ...f.at(f.first), address_id: otherFacility.addressId }, 403, "This address does not belong to this facility"],
      [{ ...f.at(f.first), address_id: other[0]!.addressId }, 403, "You are not authorized to see this address"],
    ];
    for (const [params, status, message] of cases) {
      const res = await f.client.call("getAddress", { params });
      expect({ status: res.status, message: res.body.message }).toEqual({ status, message });
    }
  });

  it("changes an address's insurance support", async () => {
    const params = f.at(f.first);
    const updated = await f.client.call("updateAddress", { params, body: { insurance_support: "insurance" } });
    expect(updated.body.insurance_support).toBe("insurance");
    expect((await f.client.call("getAddress", { params, query: { with: "address.insurance_support" } })).body.insurance_support).toBe("insurance");
    const bad = await f.client.call("updateAddress", { params, body: { insurance_support: "nfz" } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Param "insurance_support" must be one of: private, insurance, private_and_insurance');
  });

  it("accepts removing the integration mark; the address can no longer be booked through the API", async () => {
    const params = f.at(f.first);
    const slots = await f.client.call("getSlots", { params, query: { start: "2026-03-02T08:00:00+01:00", end: "2026-03-09T08:00:00+01:00", with: "slot.services" } });
    const slot = slots.body._items[0];
    expect((await f.client.call("removeAddressIntegration", { params })).status).toBe(202);
    expect((await f.client.call("getAddress", { params })).status).toBe(200);
    const booking = await f.client.call("bookSlot", {
      params: { ...params, start: slot.start },
      body: { address_service_id: slot.address_services._items[0].id, duration: 15, patient: { name: "Jan", phone: "+48600000000" } },
    });
    expect(booking.status).toBe(404);
    expect(booking.body.message).toBe("Unable to book a visit for this address");
  });

  it("gives every address a service, an insurance provider, a break and a future booking to address", async () => {
    expect(f.ids.length).toBeGreaterThanOrEqual(7);
    for (const ids of f.ids) expect(Object.values(ids).every((id) => /^\d+$/.test(id))).toBe(true);
    const booking = await f.client.call("getBooking", { params: { ...f.at(f.first), booking_id: f.first.bookingId } });
    expect(Date.parse(booking.body.start_at)).toBeGreaterThan(f.clock.now);
  });

  it("generates the same data for the same seed and other data for another", async () => {
    const again = await startDocplannerSimulator({ accounts: [MAIN, { ...OTHER, clientId: "third", seed: 99 }], now: () => MONDAY_8AM });
    try {
      expect(again.ids(MAIN.clientId)).toEqual(f.ids);
      expect(again.ids("third")[0]!.facilityId).not.toBe(f.first.facilityId);
    } finally {
      await again.stop();
    }
  });
});

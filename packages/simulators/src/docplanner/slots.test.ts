import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFixture, type Fixture } from "./fixture";

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(() => f.sim.stop());

const WEEK = { start: "2026-03-02T08:00:00+01:00", end: "2026-03-09T08:00:00+01:00" };
const DAY = "2026-03-11";
const at = (time: string) => `${DAY}T${time}:00+01:00`;
const patient = { name: "Zofia", surname: "Mazur", phone: "+48600100200" };

async function services() {
  return (await f.client.call("getAddressServices", { params: f.at(f.first) })).body._items as { id: string }[];
}

async function slotsOn(day: string, withServices = false) {
  const query = { start: `${day}T00:00:00+01:00`, end: `${day}T23:59:59+01:00`, ...(withServices ? { with: "slot.services" } : {}) };
  return (await f.client.call("getSlots", { params: f.at(f.first), query })).body._items as { start: string; address_services?: { _items: { id: string }[] } }[];
}

describe("Docplanner simulator: getSlots", () => {
  it("requires start and end as ISO 8601 date-times with an offset, URL-encoded", async () => {
    const params = f.at(f.first);
    const missing = await f.client.call("getSlots", { params, query: { start: WEEK.start } });
    expect({ status: missing.status, message: missing.body.message }).toEqual({ status: 400, message: 'Param "end" is required!' });
    const local = await f.client.call("getSlots", { params, query: { start: "2026-03-02T08:00:00", end: WEEK.end } });
    expect(local.body.message).toBe('Param "start" must match format "date-time"');
    // An unencoded "+" arrives as a space, as the docs warn.
    const raw = await fetch(`${f.client.url("getSlots", params)}?start=2026-03-02T08:00:00+01:00&end=2026-03-03T08:00:00%2B01:00`, {
      headers: { Authorization: `Bearer ${await f.client.accessToken()}` },
    });
    expect(raw.status).toBe(400);
    const backwards = await f.client.call("getSlots", { params, query: { start: WEEK.end, end: WEEK.start } });
    expect(backwards.body.message).toBe("Invalid date range");
  });

  it("refuses ranges over 180 days (changelog 1.9.3)", async () => {
    const params = f.at(f.first);
    const exactly = await f.client.call("getSlots", { params, query: { start: "2026-03-02T08:00:00+01:00", end: "2026-08-29T08:00:00+01:00" } });
    expect(exactly.status).toBe(200);
    const over = await f.client.call("getSlots", { params, query: { start: "2026-03-02T08:00:00+01:00", end: "2026-08-29T08:00:01+01:00" } });
    expect({ status: over.status, message: over.body.message }).toEqual({ status: 400, message: "Date range must not exceed 180 days" });
  });

  it("lists future free slots in the range, with their services on slot.services", async () => {
    const plain = (await f.client.call("getSlots", { params: f.at(f.first), query: WEEK })).body._items;
    expect(plain.length).toBeGreaterThan(10);
    expect(Object.keys(plain[0])).toEqual(["start"]);
    expect(plain.every((s: { start: string }) => Date.parse(s.start) >= f.clock.now && /\+01:00$/.test(s.start))).toBe(true);
    const expanded = (await f.client.call("getSlots", { params: f.at(f.first), query: { ...WEEK, with: "slot.services" } })).body._items;
    expect(expanded[0].address_services._items[0]).toMatchObject({ id: expect.any(String), name: expect.any(String) });
  });

  it("leaves out slots taken by active bookings", async () => {
    const free = new Set((await f.client.call("getSlots", { params: f.at(f.first), query: WEEK })).body._items.map((s: { start: string }) => Date.parse(s.start)));
    const bookings = (await f.client.call("getBookings", { params: f.at(f.first), query: WEEK })).body._items as { status: string; start_at: string }[];
    const active = bookings.filter((b) => b.status === "booked").map((b) => Date.parse(b.start_at));
    expect(active.length).toBeGreaterThan(0);
    expect(active.filter((start) => free.has(start))).toEqual([]);
  });
});

describe("Docplanner simulator: replaceSlots and deleteSlots", () => {
  it("replaces the slots of the ranges sent, every shortest-duration step where a service fits", async () => {
    const [a, b] = await services();
    const body = { slots: [{ start: at("09:00"), end: at("10:00"), address_services: [{ address_service_id: a!.id, duration: 30 }, { address_service_id: b!.id, duration: 15 }] }] };
    expect((await f.client.call("replaceSlots", { params: f.at(f.first), body })).status).toBe(201);
    const day = (await slotsOn(DAY, true)).filter((s) => s.start >= at("09:00") && s.start < at("10:00"));
    expect(day.map((s) => [s.start, s.address_services!._items.map((x) => x.id)])).toEqual([
      [at("09:00"), [a!.id, b!.id]],
      [at("09:15"), [a!.id, b!.id]],
      [at("09:30"), [a!.id, b!.id]],
      [at("09:45"), [b!.id]],
    ]);
  });

  it("removes the slots of a range sent without services, and a whole day with deleteSlots", async () => {
    const before = await slotsOn(DAY);
    expect(before.length).toBeGreaterThan(2);
    const [first, second] = before;
    await f.client.call("replaceSlots", { params: f.at(f.first), body: { slots: [{ start: first!.start, end: second!.start, address_services: [] }] } });
    expect((await slotsOn(DAY)).map((s) => s.start)).toEqual(before.slice(1).map((s) => s.start));
    expect((await f.client.call("deleteSlots", { params: { ...f.at(f.first), date: DAY } })).status).toBe(204);
    expect(await slotsOn(DAY)).toEqual([]);
    expect((await f.client.call("deleteSlots", { params: { ...f.at(f.first), date: "2026-13-01" } })).status).toBe(400);
  });

  it("ignores the same payload again within 3 minutes, as the contract says", async () => {
    const [a] = await services();
    const body = { slots: [{ start: at("09:00"), end: at("10:00"), address_services: [{ address_service_id: a!.id, duration: 30 }] }] };
    await f.client.call("replaceSlots", { params: f.at(f.first), body });
    await f.client.call("deleteSlots", { params: { ...f.at(f.first), date: DAY } });
    f.advance(2 * 60_000);
    expect((await f.client.call("replaceSlots", { params: f.at(f.first), body })).status).toBe(201);
    expect(await slotsOn(DAY)).toEqual([]);
    f.advance(60_000);
    await f.client.call("replaceSlots", { params: f.at(f.first), body });
    expect((await slotsOn(DAY)).map((s) => s.start)).toEqual([at("09:00"), at("09:30")]);
  });

  it("validates the slots as documented", async () => {
    const [a] = await services();
    const service = [{ address_service_id: a!.id, duration: 30 }];
    const send = (slot: Record<string, unknown>) => f.client.call("replaceSlots", { params: f.at(f.first), body: { slots: [slot] } });
    const cases: [Record<string, unknown>, string, string[]?][] = [
      [{ start: at("23:00"), end: "2026-03-12T01:00:00+01:00", address_services: service }, `Slot for date range ${at("23:00")} - 2026-03-12T01:00:00+01:00 exceeds a single day boundary`],
      [{ start: at("09:00"), end: "2026-03-11T09:00:30+01:00", address_services: service }, "Invalid arguments", ["slots[0].minimumDifferenceBetweenDates: The end date must be at least 1 minute after the start date"]],
      [{ start: "2026-06-01T09:00:00+01:00", end: "2026-06-01T10:00:00+01:00", address_services: service }, "Invalid arguments", ["slots[0].end: End date should be less than or equal to 25.05.2026, 08:00."]],
      [{ start: at("09:00"), end: at("10:00"), address_services: [{ address_service_id: "1", duration: 30 }] }, "Address service does not exist"],
      [{ start: at("09:00"), end: at("10:00"), address_services: service, insurance_accepted: "with-insurance-only" }, "Slot requires insurance (with-insurance-only), but insurance providers are missing"],
      [{ start: at("09:00"), end: at("10:00"), address_services: service, insurance_accepted: "without-insurance-only", insurance_providers: [52] }, "Insurance providers are not supported. Slot does not allow insurances (without-insurance-only)"],
      [{ start: at("09:00"), end: at("10:00"), address_services: service, insurance_providers: [4242] }, `Insurance provider(s) with id (4242) not found for address id (${f.first.addressId})`],
      [{ start: at("09:00"), address_services: service }, 'Param "slots[0].end" is required!'],
      [{ start: at("09:00"), end: at("10:00"), address_services: [{ address_service_id: a!.id }] }, 'Param "slots[0].address_services[0].duration" is required!'],
    ];
    for (const [slot, message, errors] of cases) {
      const res = await send(slot);
      expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message });
      if (errors) expect(res.body.errors).toEqual(errors);
    }
  });
});

describe("Docplanner simulator: bookSlot", () => {
  async function firstFree() {
    const slot = (await f.client.call("getSlots", { params: f.at(f.first), query: { ...WEEK, with: "slot.services" } })).body._items[0];
    return { start: slot.start as string, serviceId: slot.address_services._items[0].id as string };
  }

  it("books a free slot for the integration and takes it", async () => {
    const { start, serviceId } = await firstFree();
    const res = await f.client.call("bookSlot", {
      params: f.at(f.first, { start }),
      body: { address_service_id: serviceId, duration: 15, is_returning: true, comment: "Pierwsza wizyta", patient: { ...patient, birth_date: "1990-04-01", gender: "f" } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "booked", start_at: start, duration: 15, booked_by: "integration", canceled_by: "", canceled_at: null, comment: "Pierwsza wizyta" });
    expect(res.body.patient).toMatchObject({ name: "Zofia", phone: "+48600100200", birth_date: "1990-04-01", is_returning: true });
    expect((await f.client.call("getSlots", { params: f.at(f.first), query: WEEK })).body._items.map((s: { start: string }) => s.start)).not.toContain(start);
    const stored = await f.client.call("getBooking", { params: { ...f.at(f.first), booking_id: res.body.id } });
    expect(stored.body.id).toBe(res.body.id);
    const again = await f.client.call("bookSlot", { params: f.at(f.first, { start }), body: { address_service_id: serviceId, duration: 15, patient } });
    expect({ status: again.status, message: again.body.message }).toEqual({ status: 404, message: `Unable to perform booking. Requested target slot (${start}) not found` });
  });

  it("accepts the reference text's numeric phone and nin, and an insurance of the address", async () => {
    const { start, serviceId } = await firstFree();
    const providerId = f.first.insuranceProviderId;
    const res = await f.client.call("bookSlot", {
      params: f.at(f.first, { start }),
      body: { address_service_id: serviceId, duration: 15, insurance_provider_id: providerId, patient: { name: "Abraham", phone: 48123123123, nin: 894237492 } },
    });
    expect(res.status).toBe(200);
    expect(res.body.patient).toMatchObject({ phone: "48123123123", nin: "894237492" });
    expect(res.body.insurance).toMatchObject({ id: providerId, plan: null, plan_id: null });
  });

  it("refuses an unknown service, a service the slot does not offer, a bad body and a foreign insurance", async () => {
    const { start, serviceId } = await firstFree();
    const book = (body: Record<string, unknown>) => f.client.call("bookSlot", { params: f.at(f.first, { start }), body: { address_service_id: serviceId, duration: 15, patient, ...body } });
    expect((await book({ address_service_id: f.ids[1]!.addressServiceId })).body.message).toBe("Service does not exist");
    const added = await f.client.call("addAddressService", { params: f.at(f.first), body: { service_id: "8" } });
    expect((await book({ address_service_id: added.body.id })).body.message).toBe(`Unable to perform booking. Slot (${start}) does not support service ${added.body.id}`);
    const noName = await book({ patient: { phone: "+48600100200" } });
    expect({ status: noName.status, message: noName.body.message }).toEqual({ status: 400, message: 'Param "patient.name" is required!' });
    expect((await book({ patient: { ...patient, gender: "x" } })).body.message).toBe('Param "patient.gender" must be one of: m, f, null');
    expect((await book({ insurance_provider_id: "4242" })).body.message).toBe(`Insurance provider(s) with id (4242) not found for address id (${f.first.addressId})`);
    expect((await book({ duration: 0 })).status).toBe(400);
  });

  it("books replaced slots only as their insurance configuration allows", async () => {
    const [a] = await services();
    const providerId = f.first.insuranceProviderId;
    const slot = (start: string, insurance: Record<string, unknown>) => ({ start: at(start), end: at(start.replace(":00", ":30")), address_services: [{ address_service_id: a!.id, duration: 30 }], ...insurance });
    const body = {
      slots: [
        slot("09:00", { insurance_accepted: "with-insurance-only", insurance_providers: [Number(providerId)] }),
        slot("10:00", { insurance_accepted: "without-insurance-only" }),
      ],
    };
    expect((await f.client.call("replaceSlots", { params: f.at(f.first), body })).status).toBe(201);
    const book = (time: string, insurance: Record<string, unknown>) =>
      f.client.call("bookSlot", { params: f.at(f.first, { start: at(time) }), body: { address_service_id: a!.id, duration: 30, patient, ...insurance } });
    expect((await book("09:00", {})).body.message).toBe("This slot can only be booked with insurance (with-insurance-only)");
    expect((await book("10:00", { insurance_provider_id: providerId })).body.message).toBe("This slot does not accept insurance (without-insurance-only)");
    expect((await book("09:00", { insurance_provider_id: providerId })).status).toBe(200);
    expect((await book("10:00", {})).status).toBe(200);
  });

  it("refuses a past slot", async () => {
    const res = await f.client.call("bookSlot", { params: f.at(f.first, { start: "2026-02-27T09:00:00+01:00" }), body: { address_service_id: f.first.addressServiceId, duration: 15, patient } });
    expect(res.status).toBe(404);
  });
});

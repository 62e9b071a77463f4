import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFixture, type Fixture, type Ids } from "./fixture";

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(() => f.sim.stop());

/** An address of the main account whose commercial type is "basic" (seed 11 has one). */
async function basicAddress(): Promise<Ids> {
  for (const ids of f.ids) {
    const address = await f.client.call("getAddress", { params: f.at(ids), query: { with: "address.commercial_type" } });
    if (address.body.commercial_type === "basic") return ids;
  }
  throw new Error("seed 11 was expected to have a basic address");
}

const window = { since: "2026-03-02T00:00:00+01:00", till: "2026-04-02T00:00:00+01:00" };

describe("Docplanner simulator: calendars", () => {
  it("disables and enables a calendar, refusing the same state twice", async () => {
    const params = f.at(f.first);
    expect((await f.client.call("getCalendar", { params })).body).toEqual({ status: "enabled" });
    expect((await f.client.call("disableCalendar", { params })).status).toBe(200);
    expect((await f.client.call("getCalendar", { params })).body).toEqual({ status: "disabled" });
    const slots = await f.client.call("getSlots", { params, query: { start: "2026-03-02T08:00:00+01:00", end: "2026-03-09T08:00:00+01:00" } });
    expect(slots.body._items).toEqual([]);
    expect((await f.client.call("disableCalendar", { params })).body.message).toBe("Calendar already disabled");
    expect((await f.client.call("enableCalendar", { params })).status).toBe(200);
    expect((await f.client.call("enableCalendar", { params })).body.message).toBe("Calendar already enabled");
  });

  it("refuses calendar changes on a non-commercial address with 422", async () => {
    const basic = await basicAddress();
    const res = await f.client.call("addCalendarBreak", { params: f.at(basic), body: { since: "2026-03-03T12:00:00+01:00", till: "2026-03-03T13:00:00+01:00" } });
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 422, message: `Cannot activate calendar on address ${basic.addressId}, profile/address is not commercial` });
  });
});

describe("Docplanner simulator: calendar breaks", () => {
  it("lists the breaks overlapping a range and reads one", async () => {
    const params = f.at(f.first);
    const list = (await f.client.call("getCalendarBreaks", { params, query: window })).body._items;
    expect(list.map((b: { id: string }) => b.id)).toContain(f.first.breakId);
    const one = await f.client.call("getCalendarBreak", { params: { ...params, break_id: f.first.breakId } });
    expect(one.body).toEqual(list.find((b: { id: string }) => b.id === f.first.breakId));
    const elsewhere = await f.client.call("getCalendarBreak", { params: { ...params, break_id: f.ids[2]!.breakId } });
    expect({ status: elsewhere.status, message: elsewhere.body.message }).toEqual({ status: 404, message: "Invalid break ID" });
  });

  it("answers a missing or invalid since/till with the contract's 404 Invalid date given.", async () => {
    const params = f.at(f.first);
    const missing = await f.client.call("getCalendarBreaks", { params, query: { till: window.till } });
    expect({ status: missing.status, message: missing.body.message, errors: missing.body.errors }).toEqual({ status: 404, message: "Invalid date given.", errors: ['Param "since" is required!'] });
    const local = await f.client.call("getCalendarBreaks", { params, query: { since: "2026-03-02T00:00:00", till: window.till } });
    expect(local.status).toBe(404);
    expect(local.body.errors).toEqual(['Param "since" must match format "date-time"']);
  });

  it("adds a break with a Location, blocks the slots it covers, and refuses a duplicate", async () => {
    const params = f.at(f.first);
    const range = { start: "2026-03-02T08:00:00+01:00", end: "2026-03-09T08:00:00+01:00" };
    const [slot] = (await f.client.call("getSlots", { params, query: range })).body._items;
    const till = new Date(Date.parse(slot.start) + 3_600_000).toISOString();
    const added = await f.client.call("addCalendarBreak", { params, body: { since: slot.start, till, description: "Szkolenie" } });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(String), since: slot.start, till: expect.any(String), description: "Szkolenie" });
    expect(Date.parse(added.body.till)).toBe(Date.parse(till));
    expect(added.headers.get("location")).toMatch(new RegExp(`/api/v3/integration/facilities/${f.first.facilityId}/doctors/${f.first.doctorId}/addresses/${f.first.addressId}/breaks/${added.body.id}$`));
    const after = (await f.client.call("getSlots", { params, query: range })).body._items.map((s: { start: string }) => s.start);
    expect(after).not.toContain(slot.start);
    const duplicate = await f.client.call("addCalendarBreak", { params, body: { since: slot.start, till, description: "Szkolenie" } });
    expect({ status: duplicate.status, message: duplicate.body.message }).toEqual({ status: 409, message: "Break for given address, date range and description exists" });
    expect((await f.client.call("addCalendarBreak", { params, body: { since: till, till: slot.start } })).status).toBe(422);
    const noSince = await f.client.call("addCalendarBreak", { params, body: { till } });
    expect(noSince.body.message).toBe('Param "since" is required!');
  });

  it("creates, moves and removes the coupled breaks with apply_on_coupled_addresses", async () => {
    const [offline, online] = f.ids.filter((i) => i.doctorId === f.first.doctorId);
    const body = { since: "2026-03-05T12:00:00+01:00", till: "2026-03-05T13:00:00+01:00", apply_on_coupled_addresses: true };
    const breaksOn = async (ids: Ids) => (await f.client.call("getCalendarBreaks", { params: f.at(ids), query: window })).body._items as { id: string; since: string; till: string }[];
    const existing = new Set((await breaksOn(online!)).map((b) => b.id));
    const before = existing.size;
    const added = await f.client.call("addCalendarBreak", { params: f.at(offline!), body });
    const coupled = (await breaksOn(online!)).filter((b) => !existing.has(b.id));
    expect(coupled).toEqual([{ id: expect.any(String), since: body.since, till: body.till, description: null }]);
    expect(coupled[0]!.id).not.toBe(added.body.id);

    const moved = { since: "2026-03-06T12:00:00+01:00", till: "2026-03-06T12:30:00+01:00" };
    expect((await f.client.call("moveCalendarBreak", { params: { ...f.at(offline!), break_id: added.body.id }, body: moved })).status).toBe(204);
    expect((await breaksOn(online!)).find((b) => b.id === coupled[0]!.id)).toMatchObject(moved);

    expect((await f.client.call("deleteCalendarBreak", { params: { ...f.at(offline!), break_id: added.body.id } })).status).toBe(204);
    expect((await breaksOn(online!)).length).toBe(before);

    const alone = await f.client.call("addCalendarBreak", { params: f.at(offline!), body: { ...body, apply_on_coupled_addresses: false } });
    expect(alone.status).toBe(201);
    expect((await breaksOn(online!)).length).toBe(before);
  });

  it("refuses moving a break to the same range or backwards with 422", async () => {
    const params = { ...f.at(f.first), break_id: f.first.breakId };
    const current = (await f.client.call("getCalendarBreak", { params })).body;
    const same = await f.client.call("moveCalendarBreak", { params, body: { since: current.since, till: current.till } });
    expect({ status: same.status, message: same.body.message }).toEqual({ status: 422, message: "Same Date Range" });
    const backwards = await f.client.call("moveCalendarBreak", { params, body: { since: current.till, till: current.since } });
    expect({ status: backwards.status, message: backwards.body.message }).toEqual({ status: 422, message: `Till (${current.since}) cannot be set before since (${current.till})` });
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { docplannerContract } from "./contract";
import { MAIN, startFixture, type Fixture } from "./fixture";

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(() => f.sim.stop());

const HOUR = 3_600_000;
const NAMES = [...docplannerContract().contract.callbacks.keys()];

describe("Docplanner simulator: pulling notifications", () => {
  it("hands out the earliest notification first and removes it; 404 when the queue is empty", async () => {
    const first = await f.sim.notify(MAIN.clientId, "break-created");
    await f.sim.notify(MAIN.clientId, "presence-marked");
    const one = await f.client.call("Pull Notification");
    expect(one.status).toBe(200);
    expect(one.body).toEqual(first);
    expect((await f.client.call("Pull Notification")).body.name).toBe("presence-marked");
    const empty = await f.client.call("Pull Notification");
    expect({ status: empty.status, body: empty.body }).toEqual({ status: 404, body: { errors: [], message: "No notifications found" } });
  });

  it("builds each of the 17 callbacks from the account's data, valid against its callback schema", async () => {
    expect(NAMES).toHaveLength(17);
    for (const name of NAMES) await f.sim.notify(MAIN.clientId, name);
    // ContractClient checks each pulled notification against the callback schema of its name.
    const pulled = await f.client.call("Pull Multiple Notification", { query: { limit: 100 } });
    expect(pulled.body.notifications.map((n: { name: string }) => n.name)).toEqual(NAMES);
    expect(pulled.body.remaining).toBe(0);
    const booked = pulled.body.notifications.find((n: { name: string }) => n.name === "slot-booked");
    expect(booked.data).toMatchObject({ facility: { id: f.first.facilityId }, doctor: { id: f.first.doctorId }, address: { id: f.first.addressId } });
    expect(booked.created_at).toBe("2026-03-02T08:00:00+01:00");
    const assigned = pulled.body.notifications.find((n: { name: string }) => n.name === "address-assigned");
    expect(assigned.data.address.commercial_type).toBe("premium");
  });

  it("passes given data through, and refuses names that are not callbacks", async () => {
    const data = { facility: { id: "1", name: "Sample hospital" }, break: { id: "7", since: "2026-03-03T10:00:00+01:00", till: "2026-03-03T11:00:00+01:00" } };
    expect((await f.sim.notify(MAIN.clientId, "break-removed", data)).data).toEqual(data);
    expect((await f.client.call("Pull Notification")).body.data).toEqual(data);
    await expect(f.sim.notify(MAIN.clientId, "slot-changed")).rejects.toThrow(/unknown Docplanner notification slot-changed/);
  });

  it("pulls several at once with limit (1 to 100, default 1) and says how many remain", async () => {
    for (let i = 0; i < 7; i++) await f.sim.notify(MAIN.clientId, "booking-confirmed");
    const single = await f.client.call("Pull Multiple Notification");
    expect({ count: single.body.notifications.length, remaining: single.body.remaining }).toEqual({ count: 1, remaining: 6 });
    const five = await f.client.call("Pull Multiple Notification", { query: { limit: 5 } });
    expect({ count: five.body.notifications.length, remaining: five.body.remaining }).toEqual({ count: 5, remaining: 1 });
    for (const limit of [0, 101]) {
      const res = await f.client.call("Pull Multiple Notification", { query: { limit } });
      expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message: 'Param "limit" must be between 1 and 100' });
    }
    expect((await f.client.call("Pull Multiple Notification", { query: { limit: "ten" } })).body.message).toBe('Param "limit" must be integer');
    const last = await f.client.call("Pull Multiple Notification", { query: { limit: 100 } });
    expect({ count: last.body.notifications.length, remaining: last.body.remaining }).toEqual({ count: 1, remaining: 0 });
    expect((await f.client.call("Pull Multiple Notification")).status).toBe(404);
  });

  it("forgets notifications not pulled within 72 hours", async () => {
    await f.sim.notify(MAIN.clientId, "break-created");
    f.advance(72 * HOUR - 1_000);
    await f.sim.notify(MAIN.clientId, "break-moved");
    f.advance(1_000);
    const pulled = await f.client.call("Pull Multiple Notification", { query: { limit: 10 } });
    expect(pulled.body.notifications.map((n: { name: string }) => n.name)).toEqual(["break-moved"]);
  });
});

describe("Docplanner simulator: releaseNotifications", () => {
  it("is refused to pull clients", async () => {
    const res = await f.client.call("Release Notifications");
    expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: { errors: [], message: "You are not allowed to use this method" } });
  });

  it("is allowed to push clients once an hour, with Retry-After until then", async () => {
    f.sim.setPushUrl(MAIN.clientId, undefined, "push");
    expect((await f.client.call("Release Notifications")).status).toBe(204);
    f.advance(20 * 60_000);
    const early = await f.client.call("Release Notifications");
    expect(early.status).toBe(429);
    expect(early.headers.get("retry-after")).toBe(String(40 * 60));
    f.advance(40 * 60_000);
    expect((await f.client.call("Release Notifications")).status).toBe(204);
  });
});

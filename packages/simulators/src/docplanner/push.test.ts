import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectCallback } from "./contract-client";
import { MAIN, OTHER, startFixture, type Fixture } from "./fixture";

/** A webhook receiver whose answer each test scripts: a status, or no answer at all. */
interface Received {
  contentType: string | undefined;
  body: { name: string; data: any; created_at: string };
}

let receiver: http.Server;
let received: Received[];
let answer: (body: Received["body"]) => number | "hang";
let receiverUrl: string;

beforeEach(async () => {
  received = [];
  answer = () => 200;
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      received.push({ contentType: req.headers["content-type"], body });
      const status = answer(body);
      if (status !== "hang") res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/docplanner`;
});
afterEach(async () => {
  // Every payload any test received, against the contract's callback schema for its name.
  received.forEach((r) => expectCallback(r.body));
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

let f: Fixture;
afterEach(() => f.sim.stop());

const push = () => ({ ...MAIN, notifications: "push" as const, pushUrl: receiverUrl });

/** Waits (briefly, on real time) for asynchronous deliveries such as a release's. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(check()).toBe(true);
}

describe("Docplanner simulator: push delivery", () => {
  it("POSTs each notification once as application/json {name, data, created_at}, in order", async () => {
    f = await startFixture([push(), OTHER]);
    const sent = await f.sim.notify(MAIN.clientId, "booking-canceled");
    await f.sim.notify(MAIN.clientId, "break-created");
    expect(received.map((r) => r.body.name)).toEqual(["booking-canceled", "break-created"]);
    expect(received[0]!.contentType).toBe("application/json");
    expect(received[0]!.body).toEqual(sent);
    // Pushed, not queued.
    expect((await f.client.call("Pull Notification")).status).toBe(404);
  });

  it("pushes once whatever the answer, keeps the failures, and re-delivers them on release", async () => {
    f = await startFixture([push(), OTHER]);
    answer = (body) => (body.name === "break-removed" ? 500 : 200);
    await f.sim.notify(MAIN.clientId, "break-removed");
    await f.sim.notify(MAIN.clientId, "break-moved");
    expect(received.map((r) => r.body.name)).toEqual(["break-removed", "break-moved"]);

    answer = () => 204;
    expect((await f.client.call("Release Notifications")).status).toBe(204);
    await until(() => received.length === 3);
    expect(received[2]!.body.name).toBe("break-removed");

    // Delivered now: a later release has nothing to send.
    f.advance(3_600_000);
    expect((await f.client.call("Release Notifications")).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toHaveLength(3);
  });

  it("counts no answer in time as a failed delivery", async () => {
    f = await startFixture([push(), OTHER]);
    answer = () => "hang";
    const started = Date.now();
    await f.sim.notify(MAIN.clientId, "address-service-changed");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    answer = () => 200;
    await f.client.call("Release Notifications");
    await until(() => received.length === 2);
    expect(received.map((r) => r.body.name)).toEqual(["address-service-changed", "address-service-changed"]);
  });

  it("keeps notifications raised while no push URL is set, for release", async () => {
    f = await startFixture([{ ...MAIN, notifications: "push" }, OTHER]);
    await f.sim.notify(MAIN.clientId, "slot-booked");
    f.sim.setPushUrl(MAIN.clientId, receiverUrl);
    await f.client.call("Release Notifications");
    await until(() => received.length === 1);
    expect(received[0]!.body.name).toBe("slot-booked");
  });

  it("switches a client between pull and push", async () => {
    f = await startFixture([MAIN, OTHER]);
    await f.sim.notify(MAIN.clientId, "break-created");
    f.sim.setPushUrl(MAIN.clientId, receiverUrl, "push");
    await f.sim.notify(MAIN.clientId, "break-moved");
    expect(received.map((r) => r.body.name)).toEqual(["break-moved"]);
    expect((await f.client.call("Pull Notification")).body.name).toBe("break-created");
  });
});

describe("Docplanner simulator: a patient booking through the marketplace", () => {
  it("asks a push client through slot-booking; a 2xx approves, the slot is taken and slot-booked follows", async () => {
    f = await startFixture([push(), OTHER]);
    const result = await f.sim.patientBooks(MAIN.clientId);
    expect(result).toEqual({ approved: true, bookingId: expect.any(String) });
    expect(received.map((r) => r.body.name)).toEqual(["slot-booking", "slot-booked"]);
    const request = received[0]!.body.data.visit_booking_request;
    const booked = received[1]!.body.data.visit_booking;
    expect(booked).toMatchObject({ id: result.bookingId, start_at: request.start_at, booked_by: "user", status: "booked", patient: request.patient });
    const booking = await f.client.call("getBooking", { params: { ...f.at(f.first), booking_id: result.bookingId! } });
    expect(booking.body).toMatchObject({ status: "booked", booked_by: "user", start_at: request.start_at });
    const slots = await f.client.call("getSlots", { params: f.at(f.first), query: { start: request.start_at, end: request.end_at } });
    expect(slots.body._items).toEqual([]);
  });

  it("is denied by anything but a 2xx, and then books nothing", async () => {
    f = await startFixture([push(), OTHER]);
    answer = () => 400;
    expect(await f.sim.patientBooks(MAIN.clientId)).toEqual({ approved: false });
    expect(received.map((r) => r.body.name)).toEqual(["slot-booking"]);
    const start = received[0]!.body.data.visit_booking_request.start_at as string;
    const slots = await f.client.call("getSlots", { params: f.at(f.first), query: { start, end: new Date(Date.parse(start) + 1).toISOString() } });
    expect(slots.body._items.map((s: { start: string }) => s.start)).toEqual([start]);
    // A denied approval hook is not kept for release.
    answer = () => 200;
    await f.client.call("Release Notifications");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toHaveLength(1);
  });

  it("is denied when the receiver does not answer within a second", async () => {
    f = await startFixture([push(), OTHER]);
    answer = () => "hang";
    const started = Date.now();
    expect(await f.sim.patientBooks(MAIN.clientId)).toEqual({ approved: false });
    expect(Date.now() - started).toBeLessThan(1_900);
  });

  it("books directly for pull clients and queues slot-booked", async () => {
    f = await startFixture([MAIN, OTHER]);
    const other = f.ids[2]!;
    const result = await f.sim.patientBooks(MAIN.clientId, { facilityId: other.facilityId, doctorId: other.doctorId, addressId: other.addressId });
    expect(result.approved).toBe(true);
    expect(received).toEqual([]);
    const pulled = await f.client.call("Pull Notification");
    expect(pulled.body).toMatchObject({ name: "slot-booked", data: { address: { id: other.addressId }, visit_booking: { id: result.bookingId } } });
  });

  it("books the slot asked for, and refuses one that is not free", async () => {
    f = await startFixture([MAIN, OTHER]);
    const slots = await f.client.call("getSlots", { params: f.at(f.first), query: { start: "2026-03-03T00:00:00+01:00", end: "2026-03-04T00:00:00+01:00" } });
    const start = slots.body._items[1].start as string;
    const at = { facilityId: f.first.facilityId, doctorId: f.first.doctorId, addressId: f.first.addressId, start };
    const result = await f.sim.patientBooks(MAIN.clientId, at);
    expect((await f.client.call("getBooking", { params: { ...f.at(f.first), booking_id: result.bookingId! } })).body.start_at).toBe(start);
    await expect(f.sim.patientBooks(MAIN.clientId, at)).rejects.toThrow(/no free slot/);
  });
});

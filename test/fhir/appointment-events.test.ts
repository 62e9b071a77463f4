import type { Appointment, Bundle, Practitioner, Slot } from "@medplum/fhirtypes";
import { inlineParts } from "@switchboard/core/fhir/ids";
import { Client, type FhirResource } from "fhir-kit-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDocplannerConnection } from "../support/docplanner";
import { appointmentChanges, expectValidChange } from "../support/appointment-changes";
import { iso } from "../support/fhir-calls";
import { addMocDocConnection, apiClient, startTestStack } from "../support/local";

/**
 * Booking changes from every vendor in one shape on the bus, `switchboard.appointment.*` with a
 * valid FHIR Appointment: from MocDoc's changes made through us (it tells nobody), from
 * Docplanner's notifications, and from Docplanner's changes made through us, which are one event
 * with Docplanner's notification of them.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let token: string;
let api: ReturnType<typeof apiClient>;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startTestStack({ env: { INBOX_CLAIM_MS: "300", READ_WAIT_BUDGET_MS: "20000", WRITE_WAIT_BUDGET_MS: "20000" } });
  await addMocDocConnection(stack, { connectionId: "ev-mocdoc", tenantId: "t1", minIntervalMs: 50 });
  token = await stack.token("t1");
  api = apiClient(stack, token);
});
afterAll(() => stack.cleanup());

const client = (connectionId: string) => new Client({ baseUrl: `${stack.apiUrl}/v1/connections/${connectionId}/fhir`, bearerToken: token });
const tomorrow = () => Math.ceil(Date.now() / DAY) * DAY;

const changes = (connectionId: string) => appointmentChanges(stack, connectionId);

async function freeSlots(connectionId: string, practitionerIndex = 0, fromDay = 0): Promise<{ practitioner: Practitioner; slots: Slot[] }> {
  const practitioners = (await client(connectionId).search({ resourceType: "Practitioner" })) as unknown as Bundle;
  const practitioner = practitioners.entry![practitionerIndex]!.resource as Practitioner;
  const from = tomorrow() + fromDay * DAY;
  const bundle = (await client(connectionId).search({ resourceType: "Slot", searchParams: { "schedule.actor": `Practitioner/${practitioner.id}`, start: [`ge${iso(from)}`, `lt${iso(from + 3 * DAY)}`] } })) as unknown as Bundle;
  return { practitioner, slots: bundle.entry!.map((e) => e.resource as Slot) };
}

const booking = (slot: Slot, practitioner: Practitioner) =>
  ({
    resourceType: "Appointment",
    status: "booked",
    slot: [{ reference: `Slot/${slot.id}` }],
    contained: [{ resourceType: "Patient", id: "p", name: [{ given: ["Ada"], family: "Lovelace" }], telecom: [{ system: "phone", value: "9876543210" }] }],
    participant: [
      { actor: { reference: "#p" }, status: "accepted" },
      { actor: { reference: `Practitioner/${practitioner.id}` }, status: "accepted" },
    ],
  }) as unknown as FhirResource;

describe("MocDoc's changes made through us", () => {
  it("publishes a booking through the FHIR facade as booked, under the id the facade answered", async () => {
    const { practitioner, slots } = await freeSlots("ev-mocdoc");
    const created = (await client("ev-mocdoc").create({ resourceType: "Appointment", body: booking(slots[0]!, practitioner) })) as unknown as Appointment;
    const [event] = changes("ev-mocdoc");
    expect(event).toMatchObject({ type: "switchboard.appointment.booked", vendor: "mocdoc", change: "booked", appointment: { id: created.id, status: "booked", start: created.start } });
    expectValidChange(event!);
    // The patient booked for travels with it, contained.
    expect(event!.appointment.contained?.[0]).toMatchObject({ resourceType: "Patient", name: [{ given: ["Ada"], family: "Lovelace" }] });
  });

  it("names the same appointment whichever way it was changed: the API's status update cancels the facade's booking", async () => {
    const booked = changes("ev-mocdoc")[0]!.appointment;
    const key = (booked.identifier![0]!.value as string).replace(/:/g, "%3A");
    // A status that neither cancels nor marks a no-show is not a change of the appointment.
    expect((await api("PUT", `/v1/mocdoc/ev-mocdoc/appointments/${key}/status`, { status: "Confirmed" })).status).toBe(200);
    expect(changes("ev-mocdoc")).toHaveLength(1);
    expect((await api("PUT", `/v1/mocdoc/ev-mocdoc/appointments/${key}/status`, { status: "Cancelled" })).status).toBe(200);
    const cancelled = changes("ev-mocdoc")[1]!;
    expect(cancelled).toMatchObject({ type: "switchboard.appointment.cancelled", appointment: { id: booked.id, status: "cancelled", start: booked.start } });
    expectValidChange(cancelled);
  });

  it("publishes a booking and a no-show made through the API, by the account's status values", async () => {
    const { slots } = await freeSlots("ev-mocdoc", 0, 4);
    const [, drkey, day, start] = inlineParts(slots[0]!.id!)!;
    const made = await api("POST", "/v1/mocdoc/ev-mocdoc/appointments", { drkey, date: day, start, fname: "Ada", phone: "9876543210" });
    expect(made.status).toBe(200);
    const booked = changes("ev-mocdoc").at(-1)!;
    expect(booked).toMatchObject({ change: "booked", appointment: { start: slots[0]!.start } });
    expectValidChange(booked);
    // The facade reads the same appointment under the same id.
    const read = (await client("ev-mocdoc").read({ resourceType: "Appointment", id: booked.appointment.id! })) as unknown as Appointment;
    expect(read.id).toBe(booked.appointment.id);
    expect((await api("PUT", `/v1/mocdoc/ev-mocdoc/appointments/${encodeURIComponent(`${drkey}${day}${start}`)}/status`, { status: "No Show" })).status).toBe(200);
    const noshow = changes("ev-mocdoc").at(-1)!;
    expect(noshow).toMatchObject({ change: "noshow", appointment: { id: booked.appointment.id, status: "noshow" } });
    expectValidChange(noshow);
  });

  it("publishes nothing for a booking that does not name its slot (the docs make drkey, date and start optional)", async () => {
    const before = changes("ev-mocdoc").length;
    expect((await api("POST", "/v1/mocdoc/ev-mocdoc/appointments", { fname: "Ada", phone: "9876543210" })).status).toBe(200);
    expect(changes("ev-mocdoc")).toHaveLength(before);
  });
});

describe("Docplanner's changes", () => {
  const pull = () => stack.runSchedule("docplanner.notifications");

  it("publishes a booking made through us once, though Docplanner's notification of it comes too", async () => {
    const { account } = await addDocplannerConnection(stack, { connectionId: "ev-dp", tenantId: "t1" });
    const { practitioner, slots } = await freeSlots("ev-dp");
    const created = (await client("ev-dp").create({ resourceType: "Appointment", body: booking(slots[0]!, practitioner) })) as unknown as Appointment;
    const [event] = changes("ev-dp");
    expect(event).toMatchObject({ type: "switchboard.appointment.booked", vendor: "docplanner", appointment: { id: created.id, start: created.start } });
    expectValidChange(event!);
    // Docplanner notifies of the booking (booked_by integration): one more docplanner.slot-booked, the same appointment change.
    const [, facilityId, doctorId, addressId, bookingId] = inlineParts(created.id!)!;
    const answer = (await api("GET", `/v1/docplanner/ev-dp/facilities/${facilityId}/doctors/${doctorId}/addresses/${addressId}/bookings/${bookingId}`)).json;
    await stack.simulators.docplanner.notify(account.clientId, "slot-booked", { facility: { id: facilityId }, doctor: { id: doctorId }, address: { id: addressId }, visit_booking: answer });
    await pull();
    expect(stack.bus.history.filter((e) => e["detail-type"] === "docplanner.slot-booked" && e.detail.connectionId === "ev-dp")).toHaveLength(1);
    expect(changes("ev-dp")).toHaveLength(1);
  });

  it("publishes a move as rescheduled under the new booking's id, naming the one it replaces, and a cancellation", async () => {
    const original = changes("ev-dp")[0]!.appointment;
    const { slots } = await freeSlots("ev-dp", 0, 1);
    const target = slots.find((s) => s.start !== original.start)!;
    const moved = (await client("ev-dp").patch({ resourceType: "Appointment", id: original.id!, jsonPatch: [{ op: "replace", path: "/start", value: target.start }, { op: "replace", path: "/end", value: target.end }] })) as unknown as Appointment;
    const rescheduled = changes("ev-dp").at(-1)!;
    expect(rescheduled).toMatchObject({ type: "switchboard.appointment.rescheduled", replaces: original.id, appointment: { id: moved.id, start: target.start } });
    expectValidChange(rescheduled);
    await client("ev-dp").patch({ resourceType: "Appointment", id: moved.id!, jsonPatch: [{ op: "replace", path: "/status", value: "cancelled" }] });
    const cancelled = changes("ev-dp").at(-1)!;
    expect(cancelled).toMatchObject({ type: "switchboard.appointment.cancelled", appointment: { id: moved.id, status: "cancelled" } });
    expectValidChange(cancelled);
  });

  it("publishes Docplanner's own notifications of bookings, cancellations, moves and absences as appointment changes", async () => {
    const { account } = await addDocplannerConnection(stack, { connectionId: "ev-dp-notes", tenantId: "t1" });
    const sim = stack.simulators.docplanner;
    await sim.patientBooks(account.clientId);
    await sim.notify(account.clientId, "booking-canceled");
    const moved = await sim.notify(account.clientId, "booking-moved");
    const presence = await sim.notify(account.clientId, "presence-marked");
    await sim.notify(account.clientId, "presence-marked", { ...(presence.data as object), presence: "ABSENT" });
    await sim.notify(account.clientId, "break-created");
    await pull();
    const seen = changes("ev-dp-notes");
    // A patient's presence is not a change of the appointment; their absence is a no-show. A break is neither.
    expect(seen.map((c) => c.change)).toEqual(["booked", "cancelled", "rescheduled", "noshow"]);
    for (const change of seen) expectValidChange(change);
    const movedData = moved.data as { new_visit_booking: { id: string }; old_visit_booking: { id: string } };
    expect(inlineParts(seen[2]!.appointment.id!)!.at(-1)).toBe(movedData.new_visit_booking.id);
    expect(inlineParts(seen[2]!.replaces!)!.at(-1)).toBe(movedData.old_visit_booking.id);
    expect(seen[3]!.appointment.status).toBe("noshow");
  });
});

import type { Appointment, Bundle, Location, Patient, Slot } from "@medplum/fhirtypes";
import { Client, type FhirResource } from "fhir-kit-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointmentChanges, expectValidChange } from "../support/appointment-changes";
import { iso } from "../support/fhir-calls";
import { apiClient, eventually, startTestStack } from "../support/local";
import { addSoloConnection } from "../support/solo";

/**
 * Solo's booking changes as `switchboard.appointment.*` with a valid FHIR Appointment: bookings,
 * reschedules and cancellations made through us (FHIR facade or vendor route), and cancellations
 * Solo's webhooks deliver — one event where both are seen. Solo's other appointment deliveries
 * carry only the appointment's id (no times, which a booked Appointment needs) and stay `solo.*`.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let token: string;
let api: ReturnType<typeof apiClient>;
let sim: Awaited<ReturnType<typeof addSoloConnection>>;
const CONNECTION = "ev-solo";
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startTestStack({ env: { INBOX_CLAIM_MS: "300", READ_WAIT_BUDGET_MS: "20000", WRITE_WAIT_BUDGET_MS: "20000" } });
  token = await stack.token("t1");
  api = apiClient(stack, token);
  sim = await addSoloConnection(stack, { connectionId: CONNECTION, tenantId: "t1" });
  const events = ["appointment:scheduled", "appointment:rescheduled", "appointment:cancelled", "appointment:no-show"];
  const hook = await api("POST", `/v1/solo/${CONNECTION}/webhooks`, { endpoint: sim.webhookUrl, events });
  expect(hook.status, hook.text).toBe(200);
});
afterAll(() => stack.cleanup());

const client = () => new Client({ baseUrl: `${stack.apiUrl}/v1/connections/${CONNECTION}/fhir`, bearerToken: token });
const asBody = (r: unknown) => r as FhirResource;
const tomorrow = () => Math.ceil(Date.now() / DAY) * DAY;

const changes = () => appointmentChanges(stack, CONNECTION);
const soloEvents = (event: string, appointmentId: number) =>
  stack.bus.history.filter((e) => e.detail.connectionId === CONNECTION && e["detail-type"] === `solo.${event.replace(":", ".")}` && (e.detail.data as { appointmentId?: number }).appointmentId === appointmentId);
const changesOf = (id: string) => changes().filter((c) => c.appointment.id === id);

/** Solo's appointment id (SAID) behind one of our Appointment ids: the last one the simulator made. */
const lastSaid = () => [...sim.state().appointments.keys()].at(-1)!;

describe("Solo's booking changes on the bus", () => {
  let patient: Patient;
  let slots: Slot[];

  it("publishes a booking made through the FHIR facade once, though Solo's webhook tells of it too", async () => {
    patient = (await client().create({ resourceType: "Patient", body: asBody({ resourceType: "Patient", identifier: [{ system: "urn:switchboard:solo:patient", value: "ev-p1" }], name: [{ given: ["Ev"] }] }) })) as unknown as Patient;
    const room = ((await client().search({ resourceType: "Location", searchParams: { name: "Name 1" } })) as unknown as Bundle).entry![0]!.resource as Location;
    const bundle = (await client().search({ resourceType: "Slot", searchParams: { "schedule.actor": `Location/${room.id}`, start: [`ge${iso(tomorrow())}`, `lt${iso(tomorrow() + DAY / 4)}`] } })) as unknown as Bundle;
    slots = bundle.entry!.map((e) => e.resource as Slot);
    const created = (await client().create({
      resourceType: "Appointment",
      body: asBody({ resourceType: "Appointment", status: "booked", slot: [{ reference: `Slot/${slots[0]!.id}` }], participant: [{ actor: { reference: `Patient/${patient.id}` }, status: "accepted" }] }),
    })) as unknown as Appointment;
    const said = lastSaid();
    await stack.simulators.solo.settled();
    await eventually(async () => (soloEvents("appointment:scheduled", said).length ? true : undefined));
    const [booked, ...more] = await eventually(async () => (changesOf(created.id!).length ? changesOf(created.id!) : undefined));
    expect(more).toEqual([]);
    expect(booked!.type).toBe("switchboard.appointment.booked");
    expectValidChange(booked!, "solo");
    expect(booked!.appointment).toMatchObject({ status: "booked", start: slots[0]!.start, end: slots[0]!.end });
    expect(booked!.appointment.participant).toContainEqual({ actor: { reference: `Patient/${patient.id}` }, status: "accepted" });

    const moved = (await client().patch({ resourceType: "Appointment", id: created.id!, jsonPatch: [{ op: "replace", path: "/start", value: slots[2]!.start }, { op: "replace", path: "/end", value: slots[2]!.end }] })) as unknown as Appointment;
    expect(moved.start).toBe(slots[2]!.start);
    const rescheduled = await eventually(async () => changesOf(created.id!).find((c) => c.type === "switchboard.appointment.rescheduled"));
    expectValidChange(rescheduled, "solo");
    expect(rescheduled.appointment).toMatchObject({ start: slots[2]!.start, end: slots[2]!.end, status: "booked" });
  });

  it("publishes a cancellation made through us once, with Solo's appointment:cancelled of it", async () => {
    const id = changes().find((c) => c.type === "switchboard.appointment.booked")!.appointment.id!;
    const said = lastSaid();
    await client().patch({ resourceType: "Appointment", id, jsonPatch: [{ op: "replace", path: "/status", value: "cancelled" }] });
    await stack.simulators.solo.settled();
    // Solo's delivery has been received and published before we count.
    await eventually(async () => (soloEvents("appointment:cancelled", said).length ? true : undefined));
    await stack.bus.drain();
    const cancelled = changesOf(id).filter((c) => c.type === "switchboard.appointment.cancelled");
    expect(cancelled).toHaveLength(1);
    expectValidChange(cancelled[0]!, "solo");
    expect(cancelled[0]!.appointment.status).toBe("cancelled");
  });

  it("publishes a cancellation made in Solo itself from its webhook", async () => {
    const made = await api("POST", `/v1/solo/${CONNECTION}/patients/ev-p1/appointments`, { waitingRoom: "my waiting room", date: Math.floor(tomorrow() / 1000) + 7200, duration: 600 });
    expect(made.status, made.text).toBe(200);
    const said = made.json.id as number;
    const booked = await eventually(async () => changes().find((c) => c.type === "switchboard.appointment.booked" && c.appointment.identifier?.some((i) => i.value === String(said))));
    expectValidChange(booked, "solo");
    expect(booked.appointment).toMatchObject({ start: iso(tomorrow() + 7_200_000), end: iso(tomorrow() + 7_800_000) });
    // Cancelled by someone in Solo: only its webhook tells.
    sim.state().appointments.get(said)!.status = "cancelled";
    stack.simulators.solo.emit(sim.account.apiKey, "appointment:cancelled", { appointmentId: said });
    await stack.simulators.solo.settled();
    const cancelled = await eventually(async () => changesOf(booked.appointment.id!).find((c) => c.type === "switchboard.appointment.cancelled"));
    expectValidChange(cancelled, "solo");
    expect(cancelled.appointment).toMatchObject({ id: booked.appointment.id, status: "cancelled" });
  });

  it("publishes no Appointment it cannot make valid: a booking without times, Solo's own bookings and no-shows", async () => {
    const before = changes().length;
    const made = await api("POST", `/v1/solo/${CONNECTION}/patients/ev-p1/appointments`, { waitingRoom: "my waiting room" });
    expect(made.status, made.text).toBe(200);
    stack.simulators.solo.emit(sim.account.apiKey, "appointment:no-show", { appointmentId: made.json.id });
    await stack.simulators.solo.settled();
    await eventually(async () => (soloEvents("appointment:no-show", made.json.id).length && soloEvents("appointment:scheduled", made.json.id).length ? true : undefined));
    await stack.bus.drain();
    expect(changes().length).toBe(before);
  });
});

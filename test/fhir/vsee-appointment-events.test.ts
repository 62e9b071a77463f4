import type { Appointment, Bundle, Practitioner, Slot } from "@medplum/fhirtypes";
import { inlineParts } from "@switchboard/core/fhir/ids";
import { Client, type FhirResource } from "fhir-kit-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointmentChanges, expectValidChange } from "../support/appointment-changes";
import { iso } from "../support/fhir-calls";
import { capturedLines } from "../support/log-capture";
import { apiClient, startTestStack } from "../support/local";
import { addVseeConnection, serviceToken, userToken } from "../support/vsee";

/**
 * VSee has no webhooks: its booking changes made through us — by the FHIR facade or the vendor
 * routes, as whichever user — are published as `switchboard.appointment.*` with a valid FHIR
 * Appointment, under the id the facade reads it by, once per change (the inbox's event id).
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let token: string;
const C = "ev-vsee";
const HOUR = 3_600_000;

beforeAll(async () => {
  stack = await startTestStack({ env: { INBOX_CLAIM_MS: "300", READ_WAIT_BUDGET_MS: "20000", WRITE_WAIT_BUDGET_MS: "20000" } });
  await addVseeConnection(stack, { connectionId: C, tenantId: "t1" });
  token = await userToken(stack, "t1", "user-ada");
  expect((await apiClient(stack, token)("POST", `/v1/vsee/${C}/users/sso`, { first_name: "Ada", last_name: "Lovelace", type: 200 })).status).toBe(200);
});
afterAll(() => stack.cleanup());

const fhir = () => new Client({ baseUrl: `${stack.apiUrl}/v1/connections/${C}/fhir`, bearerToken: token });
const api = () => apiClient(stack, token);

const changes = () => appointmentChanges(stack, C);

async function freeSlots(): Promise<Slot[]> {
  const practitioner = ((await fhir().search({ resourceType: "Practitioner" })) as unknown as Bundle).entry![0]!.resource as Practitioner;
  const bundle = (await fhir().search({ resourceType: "Slot", searchParams: { "schedule.actor": `Practitioner/${practitioner.id}`, start: [`ge${iso(Date.now())}`, `lt${iso(Date.now() + 24 * HOUR)}`] } })) as unknown as Bundle;
  return bundle.entry!.map((e) => e.resource as Slot);
}

const book = (slot: Slot) =>
  ({ resourceType: "Appointment", status: "booked", slot: [{ reference: `Slot/${slot.id}` }], participant: [{ actor: { display: "me" }, status: "accepted" }] }) as unknown as FhirResource;

describe("VSee's booking changes made through us", () => {
  let booked: Appointment;

  it("publishes a booking through the FHIR facade as booked, under the id the facade answered", async () => {
    const [slot] = await freeSlots();
    booked = (await fhir().create({ resourceType: "Appointment", body: book(slot!) })) as unknown as Appointment;
    const [event] = changes();
    expect(event).toMatchObject({ type: "switchboard.appointment.booked", vendor: "vsee", change: "booked", appointment: { id: booked.id, status: "booked", start: slot!.start, end: slot!.end } });
    expectValidChange(event!);
    expect(changes()).toHaveLength(1);
  });

  it("publishes a reschedule through the facade with the new times", async () => {
    const target = (await freeSlots())[3]!;
    await fhir().patch({ resourceType: "Appointment", id: booked.id!, jsonPatch: [{ op: "replace", path: "/start", value: target.start }, { op: "replace", path: "/end", value: target.end }] });
    const moved = changes().at(-1)!;
    expect(moved).toMatchObject({ type: "switchboard.appointment.rescheduled", appointment: { id: booked.id, start: target.start, end: target.end, status: "booked" } });
    expectValidChange(moved);
  });

  it("publishes a cancellation once, though the appointment is closed twice (the facade, then the vendor route)", async () => {
    await fhir().patch({ resourceType: "Appointment", id: booked.id!, jsonPatch: [{ op: "replace", path: "/status", value: "cancelled" }] });
    const cancelled = changes().at(-1)!;
    expect(cancelled).toMatchObject({ type: "switchboard.appointment.cancelled", appointment: { id: booked.id, status: "cancelled" } });
    expectValidChange(cancelled);
    const count = changes().length;
    const visitId = inlineParts(booked.id!)![1]!;
    expect((await api()("POST", `/v1/vsee/${C}/visits/${visitId}/close`, {})).status).toBe(200);
    expect(changes()).toHaveLength(count);
    expect(changes().map((c) => c.change)).toEqual(["booked", "rescheduled", "cancelled"]);
  });

  it("publishes a booking and a move made through the vendor routes by a back-office service, read by the facade under the same id", async () => {
    const service = apiClient(stack, await serviceToken(stack, "t1"));
    const slot = (await freeSlots())[5]!;
    const intake = await service("POST", `/v1/vsee/${C}/intakes`, { provider: "509", type: 2 });
    const seconds = (at: string) => String(Date.parse(at) / 1000);
    const member = stack.simulators.vsee.user((await stack.deps.connections.get(C))!.config.accountCode as string, "user-ada")!.id;
    const made = await service("POST", `/v1/vsee/${C}/visits`, { member_id: member, slot_start: seconds(slot.start), slot_end: seconds(slot.end), type: 2, intakeId: intake.json.data.id });
    expect(made.status).toBe(200);
    const event = changes().at(-1)!;
    expect(event).toMatchObject({ change: "booked", appointment: { start: slot.start, identifier: [{ value: String(made.json.data.id) }] } });
    expectValidChange(event);
    const read = (await fhir().read({ resourceType: "Appointment", id: event.appointment.id! })) as unknown as Appointment;
    expect(read).toMatchObject({ id: event.appointment.id, start: slot.start });

    // Handing the appointment back to the pool (provider_id 0) is no booking change; new times are.
    const before = changes().length;
    expect((await service("POST", `/v1/vsee/${C}/visits/${made.json.data.id}`, { provider_id: 0 })).status).toBe(200);
    expect(changes()).toHaveLength(before);
    const later = (await freeSlots())[6]!;
    expect((await service("POST", `/v1/vsee/${C}/visits/${made.json.data.id}`, { slot_start: seconds(later.start), slot_end: seconds(later.end) })).status).toBe(200);
    expect(changes().at(-1)).toMatchObject({ change: "rescheduled", appointment: { id: event.appointment.id, start: later.start } });
  });

  it("publishes nothing when a walk-in is closed, and keeps patient data out of the logs", async () => {
    const walkin = await api()("POST", `/v1/vsee/${C}/visits/add_walkin`, { provider_id: "509" });
    const before = changes().length;
    expect((await api()("POST", `/v1/vsee/${C}/visits/${walkin.json.data.id}/close`, {})).status).toBe(200);
    expect(changes()).toHaveLength(before);
    // The events carry the member by VSee id only; no name reaches the bus or the logs.
    expect(JSON.stringify(changes())).not.toContain("Lovelace");
    expect(capturedLines().join("\n")).not.toContain("Lovelace");
  });
});

import type { Appointment, Patient } from "@medplum/fhirtypes";
import { Client, type FhirResource } from "fhir-kit-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointmentChanges, expectValidChange } from "../support/appointment-changes";
import { iso } from "../support/fhir-calls";
import { addHealthdockConnection } from "../support/healthdock";
import { docsSignature } from "../support/healthdock-docs";
import { apiClient, startTestStack } from "../support/local";

/**
 * HealthDock's booking changes on the bus as `switchboard.appointment.*` with a valid FHIR
 * Appointment: from bookings made through us (the FHIR facade and the vendor route alike), from
 * HealthDock's signed appointment webhooks, and one event where both are seen — our booking and
 * HealthDock's `appointment.created` of it.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let token: string;
let api: ReturnType<typeof apiClient>;
let conn: Awaited<ReturnType<typeof addHealthdockConnection>>;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startTestStack({ env: { READ_WAIT_BUDGET_MS: "20000", WRITE_WAIT_BUDGET_MS: "20000" } });
  conn = await addHealthdockConnection(stack, { connectionId: "ev-hd", tenantId: "t1" });
  token = await stack.token("t1");
  api = apiClient(stack, token);
});
afterAll(() => stack.cleanup());

const sim = () => stack.simulators.healthdock;
const client = () => new Client({ baseUrl: `${stack.apiUrl}/v1/connections/ev-hd/fhir`, bearerToken: token });
const tomorrow = () => Math.ceil(Date.now() / DAY) * DAY;

const changes = (connectionId: string) => appointmentChanges(stack, connectionId);
const raw = (connectionId: string, type: string) => stack.bus.history.filter((e) => e["detail-type"] === type && e.detail.connectionId === connectionId);

/**
 * Delivers to our webhook what the simulator sends for `event` (its signed body, as its webhooks
 * deliver), posted here rather than by the simulator, whose 5 s delivery timeout a cold handler on
 * a busy machine can exceed.
 */
async function deliver(event: string, data: Record<string, unknown>): Promise<number> {
  const { body, headers } = sim().delivery(conn.account.id, event, data, iso(Date.now()));
  return (await fetch(conn.webhookUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body })).status;
}

describe("HealthDock's booking changes", () => {
  let booked: Appointment;
  let record: Record<string, unknown>;

  it("publishes a booking through the FHIR facade once, though HealthDock's appointment.created of it comes too", async () => {
    const patient = (await client().search({ resourceType: "Patient", searchParams: { identifier: "urn:switchboard:healthdock:patient|PAT000003" } })) as unknown as { entry: { resource: Patient }[] };
    const start = tomorrow() + 5 * 3_600_000;
    booked = (await client().create({
      resourceType: "Appointment",
      body: {
        resourceType: "Appointment",
        status: "booked",
        start: iso(start),
        end: iso(start + 30 * 60_000),
        participant: [
          { actor: { reference: `Patient/${patient.entry[0]!.resource.id}` }, status: "accepted" },
          { actor: { identifier: { system: "urn:switchboard:healthdock:doctor", value: "DOC7" } }, status: "accepted" },
        ],
      } as unknown as FhirResource,
    })) as unknown as Appointment;
    const [event] = changes("ev-hd");
    expect(event).toMatchObject({ type: "switchboard.appointment.booked", vendor: "healthdock", change: "booked", appointment: { id: booked.id, status: "booked", start: booked.start } });
    expectValidChange(event!);
    // HealthDock's appointment.created of it: the record as HealthDock lists it.
    const listed = await api("GET", `/v1/healthdock/ev-hd/appointments?date=${booked.start!.slice(0, 10)}`);
    record = (listed.json as { data: { appointments: Record<string, unknown>[] } }).data.appointments.find((a) => a.appointment_id === booked.identifier![0]!.value)!;
    expect(record).toMatchObject({ doctor_id: "DOC7", status: "scheduled" });
    expect(await deliver("appointment.created", record)).toBe(200);
    expect(raw("ev-hd", "healthdock.appointment.created")).toHaveLength(1);
    expect(changes("ev-hd")).toHaveLength(1);
  });

  it("publishes a booking through the vendor route the same way, under the id the facade reads it by", async () => {
    const made = await api("POST", "/v1/healthdock/ev-hd/appointments", { patient_id: "PAT000004", doctor_id: "DOC42", date_time: "2026-12-20T16:00:00+05:30", type: "procedure" });
    expect(made.status).toBe(200);
    const event = changes("ev-hd").at(-1)!;
    expect(event).toMatchObject({ change: "booked", appointment: { start: "2026-12-20T10:30:00Z", serviceType: [{ text: "procedure" }] } });
    expectValidChange(event);
    const read = (await client().read({ resourceType: "Appointment", id: event.appointment.id! })) as unknown as Appointment;
    expect(read.id).toBe(event.appointment.id);
    const answered = (made.json as { data: Record<string, unknown> }).data;
    expect(await deliver("appointment.created", answered)).toBe(200);
    expect(raw("ev-hd", "healthdock.appointment.created")).toHaveLength(2);
    expect(changes("ev-hd")).toHaveLength(2);
  });

  it("publishes HealthDock's reschedules and cancellations, and neither a completion nor a patient event", async () => {
    const before = changes("ev-hd").length;
    const moved = { ...record, date_time: "2026-12-21T11:00:00+05:30" };
    expect(await deliver("appointment.updated", moved)).toBe(200);
    // The same delivery's content again (a second delivery of the same change) is the same change.
    expect(await deliver("appointment.updated", { ...moved, type: "follow-up" })).toBe(200);
    expect(await deliver("appointment.updated", { ...moved, status: "completed" })).toBe(200);
    expect(await deliver("appointment.cancelled", moved)).toBe(200);
    expect(await deliver("patient.created", { patient_id: "PAT000099", first_name: "Ravi" })).toBe(200);
    const seen = changes("ev-hd").slice(before);
    expect(seen.map((c) => c.change)).toEqual(["rescheduled", "cancelled"]);
    for (const change of seen) expectValidChange(change);
    expect(seen[0]!.appointment).toMatchObject({ start: "2026-12-21T05:30:00Z", status: "booked", identifier: booked.identifier });
    expect(seen[1]!.appointment).toMatchObject({ status: "cancelled", identifier: booked.identifier });
    expect(raw("ev-hd", "healthdock.appointment.updated")).toHaveLength(3);
  });

  it("publishes nothing from a delivery that is not HealthDock's", async () => {
    const before = changes("ev-hd").length;
    const payload = { event: "appointment.cancelled", timestamp: iso(Date.now()).replace(/\.\d+Z$/, "Z"), data: { ...record, appointment_id: "APT999999" } };
    const forged = JSON.stringify({ ...payload, signature: docsSignature(JSON.stringify(payload), "not-the-secret") });
    const res = await fetch(conn.webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: forged });
    expect(res.status).toBe(401);
    const genuine = JSON.stringify({ ...payload, signature: docsSignature(JSON.stringify(payload), conn.account.webhookSecret) });
    expect((await fetch(conn.webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: genuine })).status).toBe(200);
    expect(changes("ev-hd").slice(before).map((c) => [c.change, c.appointment.identifier![0]!.value])).toEqual([["cancelled", "APT999999"]]);
  });
});

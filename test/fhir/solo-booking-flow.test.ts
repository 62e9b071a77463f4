import type { Appointment, Bundle, CapabilityStatement, Location, Patient, Slot } from "@medplum/fhirtypes";
import { Client } from "fhir-kit-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asBody, failure, iso, valid } from "../support/fhir-calls";
import { capturedLines } from "../support/log-capture";

// Log everything, to scan it; the level is read when the logger module loads, hence the dynamic imports.
process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
const { startTestStack } = await import("../support/local");
const { addSoloConnection } = await import("../support/solo");

/**
 * The booking scenario through the FHIR facade over Teladoc Health Solo (its simulator), driven
 * by fhir-kit-client as an app would. Solo has no practitioners to find: a patient is created
 * and found, a waiting room (Location) is chosen, its free slots listed, one booked for the
 * patient, read back, rescheduled and cancelled. Every resource is valid R4 in full; what Solo
 * cannot do is a 501 naming why; bad input is a 4xx without a call to Solo.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let token: string;
let sim: Awaited<ReturnType<typeof addSoloConnection>>;
const DAY = 86_400_000;
const CONNECTION = "fhir-solo";
const EHR_ID = "ehr-7781-ada";

beforeAll(async () => {
  stack = await startTestStack({ env: { READ_WAIT_BUDGET_MS: "20000", WRITE_WAIT_BUDGET_MS: "20000" } });
  sim = await addSoloConnection(stack, { connectionId: CONNECTION, tenantId: "t1" });
  token = await stack.token("t1");
});
afterAll(() => stack.cleanup());

const client = (headers: Record<string, string> = {}) => new Client({ baseUrl: `${stack.apiUrl}/v1/connections/${CONNECTION}/fhir`, bearerToken: token, customHeaders: headers });
const tomorrow = () => Math.ceil(Date.now() / DAY) * DAY;
const soloCalls = () => stack.simulators.solo.requests.length;

const PATIENT: Patient = {
  resourceType: "Patient",
  identifier: [{ system: "urn:switchboard:solo:patient", value: EHR_ID }],
  name: [{ use: "usual", given: ["Ada"], family: "Lovelace" }],
  telecom: [{ system: "phone", value: "+1 (212) 555-0199", use: "home" }],
  gender: "female",
  birthDate: "1990-01-15",
};

describe("the FHIR facade over Teladoc Health Solo", () => {
  let patient: Patient;
  let room: Location;
  let slots: Slot[];
  let appointment: Appointment;

  it("says what it supports: no Practitioner, no Encounter, no Appointment search", async () => {
    const statement = valid<CapabilityStatement>(await client().capabilityStatement());
    const resources = statement.rest![0]!.resource!;
    const codes = (type: string) => resources.find((r) => r.type === type)?.interaction?.map((i) => i.code).sort();
    expect(codes("Patient")).toEqual(["create", "read", "search-type"]);
    expect(codes("Location")).toEqual(["read", "search-type"]);
    expect(codes("Slot")).toEqual(["search-type"]);
    expect(codes("Appointment")).toEqual(["create", "patch", "read"]);
    expect(resources.map((r) => r.type)).not.toContain("Practitioner");
    expect(resources.map((r) => r.type)).not.toContain("Encounter");
    expect(resources.find((r) => r.type === "Slot")?.searchParam?.map((p) => p.name)).toEqual(["schedule.actor", "location", "start"]);
  });

  it("creates a patient with its own id, finds it by that id and by Solo's, and reads it", async () => {
    patient = valid<Patient>(await client().create({ resourceType: "Patient", body: asBody(PATIENT) }));
    // The integrator's id may be an EHR's: it does not travel in our ids.
    expect(patient.id).toMatch(/^2[0-9a-f]{40}$/);
    const spid = solo().patients.get(EHR_ID)!.spid;
    expect(patient.identifier).toContainEqual({ system: "urn:switchboard:solo:spid", value: String(spid) });
    const found = valid<Bundle>(await client().search({ resourceType: "Patient", searchParams: { identifier: `urn:switchboard:solo:patient|${EHR_ID}` } }));
    expect(found.entry!.map((e) => e.resource!.id)).toEqual([patient.id]);
    expect((found.entry![0]!.resource as Patient).name?.[0]).toMatchObject({ given: ["Ada"], family: "Lovelace" });
    const bySpid = valid<Bundle>(await client().search({ resourceType: "Patient", searchParams: { identifier: `urn:switchboard:solo:spid|${spid}` } }));
    expect((bySpid.entry![0]!.resource as Patient).birthDate).toBe("1990-01-15");
    expect(valid<Patient>(await client().read({ resourceType: "Patient", id: patient.id! })).gender).toBe("female");
    const none = valid<Bundle>(await client().search({ resourceType: "Patient", searchParams: { identifier: "urn:switchboard:solo:patient|nobody" } }));
    expect(none.entry ?? []).toEqual([]);
  });

  it("lists the waiting rooms as Locations, and reads one", async () => {
    const bundle = valid<Bundle>(await client().search({ resourceType: "Location" }));
    const rooms = bundle.entry!.map((e) => e.resource as Location);
    expect(rooms.map((r) => r.name)).toContain("Default Waiting Room Name 1");
    room = rooms.find((r) => r.name === "Default Waiting Room Name 1")!;
    expect(valid<Location>(await client().read({ resourceType: "Location", id: room.id! })).name).toBe(room.name);
    const named = (await client().search({ resourceType: "Location", searchParams: { name: "name 2" } })) as unknown as Bundle;
    expect(named.entry!.map((e) => (e.resource as Location).name)).toEqual(["Default Waiting Room Name 2"]);
  });

  it("lists the room's free slots in a window, by schedule.actor or location", async () => {
    const from = tomorrow();
    const start = [`ge${iso(from)}`, `lt${iso(from + DAY / 4)}`];
    const bundle = valid<Bundle>(await client().search({ resourceType: "Slot", searchParams: { "schedule.actor": `Location/${room.id}`, start } }));
    slots = bundle.entry!.map((e) => e.resource as Slot);
    expect(slots.length).toBeGreaterThan(1);
    for (const slot of slots) {
      expect(slot.status).toBe("free");
      expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(from);
      expect(Date.parse(slot.start)).toBeLessThan(from + DAY / 4);
      // The room's slot duration (900 s in the simulator's first room).
      expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(900_000);
      expect(slot.schedule.reference).toBe(`Location/${room.id}`);
    }
    const asked = stack.simulators.solo.requests.filter((r) => r.path.includes("/appointment-slots")).at(-1)!;
    expect(new URLSearchParams(asked.query).get("waitingRoom")).toBe("Default Waiting Room Name 1");
    const byLocation = (await client().search({ resourceType: "Slot", searchParams: { location: `Location/${room.id}`, start } })) as unknown as Bundle;
    expect(byLocation.entry!.map((e) => e.resource!.id)).toEqual(slots.map((s) => s.id));
  });

  it("books a slot for the patient, and reads the appointment back by its id", async () => {
    const booking: Appointment = {
      resourceType: "Appointment",
      status: "booked",
      slot: [{ reference: `Slot/${slots[0]!.id}` }],
      reasonCode: [{ text: "headache" }],
      participant: [{ actor: { reference: `Patient/${patient.id}` }, status: "accepted" }],
    };
    appointment = valid<Appointment>(await client().create({ resourceType: "Appointment", body: asBody(booking) }));
    expect(appointment).toMatchObject({ status: "booked", start: slots[0]!.start, end: slots[0]!.end });
    expect(appointment.participant).toContainEqual({ actor: { reference: `Patient/${patient.id}` }, status: "accepted" });
    expect(appointment.participant).toContainEqual({ actor: { reference: `Location/${room.id}` }, status: "accepted" });
    const booked = [...solo().appointments.values()].at(-1)!;
    expect(booked).toMatchObject({ patientId: EHR_ID, waitingRoom: "Default Waiting Room Name 1", date: Date.parse(slots[0]!.start) / 1000, duration: 900, reasons: ["headache"] });
    const read = valid<Appointment>(await client().read({ resourceType: "Appointment", id: appointment.id! }));
    expect(read).toMatchObject({ id: appointment.id, status: "booked", start: slots[0]!.start });
    expect(read.extension?.find((e) => e.url.endsWith("/vendor-status"))?.valueString).toBe("scheduled");
  });

  it("books a waiting room without a slot, for a patient found by Solo's id", async () => {
    const spid = solo().patients.get(EHR_ID)!.spid;
    const found = (await client().search({ resourceType: "Patient", searchParams: { identifier: `urn:switchboard:solo:spid|${spid}` } })) as unknown as Bundle;
    const start = iso(tomorrow() + 2 * DAY);
    const created = valid<Appointment>(
      await client().create({
        resourceType: "Appointment",
        body: asBody({ resourceType: "Appointment", status: "booked", start, minutesDuration: 20, participant: [{ actor: { reference: `Patient/${found.entry![0]!.resource!.id}` }, status: "accepted" }, { actor: { reference: `Location/${room.id}` }, status: "accepted" }] }),
      }),
    );
    expect(created).toMatchObject({ start, minutesDuration: 20 });
    expect([...solo().appointments.values()].at(-1)).toMatchObject({ patientId: EHR_ID, duration: 1200 });
  });

  it("reschedules by patching start and end (Update Appointment takes a date and a duration)", async () => {
    const target = slots[1]!;
    const moved = valid<Appointment>(
      await client().patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/start", value: target.start }, { op: "replace", path: "/end", value: target.end }] }),
    );
    expect(moved).toMatchObject({ id: appointment.id, start: target.start, end: target.end, status: "booked" });
    // Only a new start: the length stays.
    const later = iso(Date.parse(target.start) + 3_600_000);
    const again = valid<Appointment>(await client().patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/start", value: later }] }));
    expect(again).toMatchObject({ start: later, end: iso(Date.parse(later) + 900_000) });
  });

  it("refuses a no-show with a 501 naming why", async () => {
    const { status, outcome } = await failure(client().patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/status", value: "noshow" }] }));
    expect(status).toBe(501);
    expect(outcome.issue[0]).toMatchObject({ code: "not-supported" });
    expect(outcome.issue[0]!.diagnostics).toContain("only cancelled is allowed");
  });

  it("cancels by patching status", async () => {
    const cancelled = valid<Appointment>(await client().patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/status", value: "cancelled" }] }));
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.extension?.find((e) => e.url.endsWith("/vendor-status"))?.valueString).toBe("cancelled");
  });

  it("answers what Solo cannot do with 501s", async () => {
    for (const resourceType of ["Practitioner", "Encounter", "Appointment"]) {
      const { status, outcome } = await failure(client().search({ resourceType, searchParams: resourceType === "Appointment" ? { date: `ge${iso(tomorrow())}` } : {} }));
      expect(status).toBe(501);
      expect(outcome.issue[0]!.diagnostics).toBe(`Teladoc Health Solo does not support search-type on ${resourceType}`);
    }
  });

  it("answers bad input with 4xx OperationOutcomes, before any call to Solo", async () => {
    const before = soloCalls();
    const start = [`ge${iso(tomorrow())}`, `lt${iso(tomorrow() + DAY)}`];
    const noRoom = await failure(client().search({ resourceType: "Slot", searchParams: { start } }));
    expect([noRoom.status, noRoom.outcome.issue[0]!.code, noRoom.outcome.issue[0]!.expression]).toEqual([400, "required", ["schedule.actor"]]);
    const practitioner = await failure(client().search({ resourceType: "Slot", searchParams: { "schedule.actor": "Practitioner/1AAA", start } }));
    expect(practitioner.status).toBe(400);
    const noWindow = await failure(client().search({ resourceType: "Slot", searchParams: { "schedule.actor": `Location/${room.id}`, start: start[0]! } }));
    expect([noWindow.status, noWindow.outcome.issue[0]!.expression]).toEqual([400, ["start"]]);
    const byName = await failure(client().search({ resourceType: "Patient", searchParams: { name: "Ada" } }));
    expect([byName.status, byName.outcome.issue[0]!.code]).toEqual([400, "not-supported"]);
    const noId = await failure(client().create({ resourceType: "Patient", body: asBody({ ...PATIENT, identifier: [] }) }));
    expect([noId.status, noId.outcome.issue[0]!.expression]).toEqual([400, ["Patient.identifier"]]);
    const noPatient = await failure(client().create({ resourceType: "Appointment", body: asBody({ resourceType: "Appointment", status: "booked", slot: [{ reference: `Slot/${slots[0]!.id}` }], participant: [{ actor: { reference: `Location/${room.id}` }, status: "accepted" }] }) }));
    expect(noPatient.status).toBe(400);
    const badPatch = await failure(client().patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/status", value: "arrived" }] }));
    expect(badPatch.status).toBe(422);
    expect((await failure(client().read({ resourceType: "Appointment", id: "1AAAA" }))).status).toBe(404);
    expect((await failure(client().read({ resourceType: "Patient", id: `2${"0".repeat(40)}` }))).status).toBe(404);
    expect(soloCalls()).toBe(before);
  });

  it("keeps the platform's write semantics: an Idempotency-Key replays the first booking", async () => {
    const c = client({ "Idempotency-Key": "solo-fhir-book-1" });
    const body = asBody({ resourceType: "Appointment", status: "booked", slot: [{ reference: `Slot/${slots[2]!.id}` }], participant: [{ actor: { reference: `Patient/${patient.id}` }, status: "accepted" }] });
    const count = () => solo().appointments.size;
    const before = count();
    const first = (await c.create({ resourceType: "Appointment", body })) as unknown as Appointment;
    const replay = (await c.create({ resourceType: "Appointment", body })) as unknown as Appointment;
    expect(replay.id).toBe(first.id);
    expect(count() - before).toBe(1);
  });

  it("left the patient's name, phone and own id out of every captured log line", () => {
    const lines = capturedLines();
    // The scan means something only if the platform logged these calls.
    expect(lines.filter((l) => l.includes('"vendor call"') && l.includes("solo.createAppointment")).length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('"FHIR request refused"'))).toBe(true);
    for (const secret of ["Lovelace", "555-0199", EHR_ID, "1990-01-15"]) expect(lines.filter((l) => l.includes(secret))).toEqual([]);
  });
});

function solo() {
  return sim.state();
}

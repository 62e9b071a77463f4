import type { Appointment, Bundle, CapabilityStatement, Patient } from "@medplum/fhirtypes";
import { inlineParts } from "@switchboard/core/fhir/ids";
import { Client } from "fhir-kit-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asBody, failure, iso, valid } from "../support/fhir-calls";
import { capturedLines } from "../support/log-capture";

// Log everything in this file, to scan it for patient data; the level is read when the logger module loads, hence the dynamic imports.
process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
const { addHealthdockConnection, CALLBACK_PATH } = await import("../support/healthdock");
const { startTestStack } = await import("../support/local");

/**
 * The booking scenario through the FHIR facade over HealthDock, driven by fhir-kit-client as an
 * app would. HealthDock has patients and appointments only (no doctors, slots or appointment
 * updates in its docs), so the flow is: register a patient, find them, book them with a doctor
 * at a time, read the booking back, find it; practitioners, slots, rescheduling and cancelling
 * answer 501 OperationOutcomes. Every resource answered is valid R4 in full; bad input is a 4xx
 * with no HealthDock call. An OAuth-authorized connection works the same as an API-key one.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let token: string;
const DAY = 86_400_000;
const ABHA = "91-4321-8765-2109";
const PHONE = "+919812345678";

beforeAll(async () => {
  stack = await startTestStack({ env: { READ_WAIT_BUDGET_MS: "20000", WRITE_WAIT_BUDGET_MS: "20000" } });
  await addHealthdockConnection(stack, { connectionId: "fhir-hd", tenantId: "t1" });
  token = await stack.token("t1");
});
afterAll(() => stack.cleanup());

const sim = () => stack.simulators.healthdock;
const client = (connectionId = "fhir-hd", headers: Record<string, string> = {}) =>
  new Client({ baseUrl: `${stack.apiUrl}/v1/connections/${connectionId}/fhir`, bearerToken: token, customHeaders: headers });

const tomorrow = () => Math.ceil(Date.now() / DAY) * DAY;
const doctor = (id: string) => ({ actor: { identifier: { system: "urn:switchboard:healthdock:doctor", value: id } }, status: "accepted" as const });

const newPatient: Patient = {
  resourceType: "Patient",
  identifier: [{ system: "urn:switchboard:healthdock:abha", value: ABHA }],
  name: [{ given: ["Ishita"], family: "Varma" }],
  telecom: [{ system: "phone", value: PHONE }],
  gender: "female",
  birthDate: "1991-04-12",
};

const booking = (patientId: string, startMs: number, minutes = 45): Appointment => ({
  resourceType: "Appointment",
  status: "booked",
  start: iso(startMs),
  end: iso(startMs + minutes * 60_000),
  serviceType: [{ coding: [{ system: "urn:switchboard:healthdock:appointment-type", code: "follow-up" }] }],
  participant: [{ actor: { reference: `Patient/${patientId}` }, status: "accepted" }, doctor("DOC42")],
});

describe("the FHIR facade over HealthDock", () => {
  let patient: Patient;
  let appointment: Appointment;
  const startMs = tomorrow() + 4.5 * 3_600_000;

  it("says what it supports in a valid CapabilityStatement: patients and appointments, no patch, no practitioners or slots", async () => {
    const statement = valid<CapabilityStatement>(await client().capabilityStatement());
    const resources = statement.rest![0]!.resource!;
    expect(resources.map((r) => r.type).sort()).toEqual(["Appointment", "Patient"]);
    const appointments = resources.find((r) => r.type === "Appointment")!;
    expect(appointments.interaction!.map((i) => i.code).sort()).toEqual(["create", "read", "search-type"]);
    expect(appointments.documentation).toMatch(/no appointment update or cancel endpoint/);
    expect(resources.find((r) => r.type === "Patient")!.interaction!.map((i) => i.code).sort()).toEqual(["create", "read", "search-type"]);
  });

  it("answers 501 for practitioners and slots, which HealthDock does not have", async () => {
    for (const resourceType of ["Practitioner", "Slot", "Location"]) {
      const { status, outcome } = await failure(client().search({ resourceType }));
      expect([status, outcome.issue[0]!.code, outcome.issue[0]!.diagnostics]).toEqual([501, "not-supported", `HealthDock does not support search-type on ${resourceType}`]);
    }
  });

  it("registers a patient, the ABHA number kept as an identifier and out of the id", async () => {
    patient = valid<Patient>(await client().create({ resourceType: "Patient", body: asBody(newPatient) }));
    expect(patient).toMatchObject({ name: [{ given: ["Ishita"], family: "Varma" }], gender: "female", birthDate: "1991-04-12" });
    expect(patient.identifier).toContainEqual({ system: "urn:switchboard:healthdock:abha", value: ABHA });
    const patientId = patient.identifier!.find((i) => i.system === "urn:switchboard:healthdock:patient")!.value!;
    expect(sim().requests.at(-1)).toMatchObject({ method: "POST", path: "/v1/patients" });
    expect(JSON.parse(sim().requests.at(-1)!.body)).toEqual({ first_name: "Ishita", last_name: "Varma", date_of_birth: "1991-04-12", gender: "F", phone: PHONE, abha_number: ABHA });
    for (const digits of [ABHA, ABHA.replaceAll("-", "")]) expect(patient.id).not.toContain(digits);
    expect(inlineParts(patient.id!)).toEqual(["Patient", patientId]);
    const read = valid<Patient>(await client().read({ resourceType: "Patient", id: patient.id! }));
    expect([read.id, read.identifier?.[0]?.value]).toEqual([patient.id, patientId]);
  });

  it("finds the patient by HealthDock id and by name; lists patients in HealthDock's pages", async () => {
    const patientId = patient.identifier![0]!.value!;
    const byId = valid<Bundle>(await client().search({ resourceType: "Patient", searchParams: { identifier: `urn:switchboard:healthdock:patient|${patientId}` } }));
    expect(byId.entry!.map((e) => e.resource!.id)).toEqual([patient.id]);
    const byName = valid<Bundle>(await client().search({ resourceType: "Patient", searchParams: { name: "ishi" } }));
    expect(byName.entry!.map((e) => e.resource!.id)).toEqual([patient.id]);
    // The simulator's 25 seeded patients and ours, 10 a page: three pages by next links.
    const first = valid<Bundle>(await client().search({ resourceType: "Patient", searchParams: { _count: 10 } }));
    expect(first.entry).toHaveLength(10);
    const second = valid<Bundle>(await client().nextPage({ bundle: first as never }));
    const third = valid<Bundle>(await client().nextPage({ bundle: second as never }));
    expect(third.link!.some((l) => l.relation === "next")).toBe(false);
    const ids = [first, second, third].flatMap((b) => b.entry!.map((e) => e.resource!.id));
    expect(new Set(ids).size).toBe(26);
    expect(ids).toContain(patient.id);
  });

  it("books the patient with a doctor at a time (no slots), sent in the clinic's zone, and reads it back by its id", async () => {
    appointment = valid<Appointment>(await client().create({ resourceType: "Appointment", body: asBody(booking(patient.id!, startMs)) }));
    expect(appointment).toMatchObject({ status: "booked", start: iso(startMs), end: iso(startMs + 45 * 60_000), minutesDuration: 45, serviceType: [{ text: "follow-up" }] });
    expect(appointment.extension?.find((e) => e.url.endsWith("/vendor-status"))?.valueString).toBe("scheduled");
    expect(appointment.participant).toContainEqual({ actor: { reference: `Patient/${patient.id}`, identifier: patient.identifier![0] }, status: "accepted" });
    const sent = JSON.parse(sim().requests.at(-1)!.body) as { date_time: string };
    expect(sent).toMatchObject({ patient_id: patient.identifier![0]!.value, doctor_id: "DOC42", duration: 45, type: "follow-up" });
    expect(sent.date_time).toMatch(/\+05:30$/);
    expect(Date.parse(sent.date_time)).toBe(startMs);
    const read = valid<Appointment>(await client().read({ resourceType: "Appointment", id: appointment.id! }));
    expect([read.id, read.start, read.status]).toEqual([appointment.id, appointment.start, "booked"]);
  });

  it("finds the appointment by date, doctor and patient, and lists appointments in pages without a date", async () => {
    const window = [`ge${iso(tomorrow())}`, `lt${iso(tomorrow() + 2 * DAY)}`];
    const found = valid<Bundle>(await client().search({ resourceType: "Appointment", searchParams: { date: window, "practitioner:identifier": "urn:switchboard:healthdock:doctor|DOC42", patient: `Patient/${patient.id}` } }));
    expect(found.entry!.map((e) => e.resource!.id)).toEqual([appointment.id]);
    const otherDoctor = valid<Bundle>(await client().search({ resourceType: "Appointment", searchParams: { date: window, "practitioner:identifier": "urn:switchboard:healthdock:doctor|DOC7" } }));
    expect(otherDoctor.entry ?? []).toEqual([]);
    // Outside the window (a day later) it is not found, though HealthDock's day lists around the window are read.
    const later = valid<Bundle>(await client().search({ resourceType: "Appointment", searchParams: { date: [`ge${iso(startMs + 60_000)}`, `lt${iso(startMs + DAY)}`] } }));
    expect(later.entry?.map((e) => e.resource!.id) ?? []).not.toContain(appointment.id);
    const page = valid<Bundle>(await client().search({ resourceType: "Appointment", searchParams: { _count: 5 } }));
    expect(page.entry).toHaveLength(5);
    expect(page.link!.find((l) => l.relation === "next")?.url).toContain("_page=2");
    const last = valid<Bundle>(await client().search({ resourceType: "Appointment", searchParams: { _count: 5, _page: 3 } }));
    expect(last.entry!.map((e) => e.resource!.id)).toContain(appointment.id);
  });

  it("refuses to reschedule or cancel with a 501 (HealthDock has no appointment update endpoint), with no HealthDock call", async () => {
    const before = sim().requests.length;
    const moves = [
      [{ op: "replace", path: "/start", value: iso(startMs + DAY) }],
      [{ op: "replace", path: "/status", value: "cancelled" }],
    ];
    for (const jsonPatch of moves) {
      const { status, outcome } = await failure(client().patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: jsonPatch as never }));
      expect([status, outcome.issue[0]!.code, outcome.issue[0]!.diagnostics]).toEqual([501, "not-supported", "HealthDock does not support patch on Appointment"]);
    }
    expect(sim().requests.length).toBe(before);
  });

  it("answers bad input with 4xx OperationOutcomes before any HealthDock call", async () => {
    const before = sim().requests.length;
    const cases: [string, () => Promise<unknown>, number, string[] | undefined][] = [
      ["a slot", () => client().create({ resourceType: "Appointment", body: asBody({ ...booking(patient.id!, startMs), slot: [{ reference: "Slot/x" }] }) }), 400, ["Appointment.slot"]],
      ["no doctor", () => client().create({ resourceType: "Appointment", body: asBody({ ...booking(patient.id!, startMs), participant: [{ actor: { reference: `Patient/${patient.id}` }, status: "accepted" }] }) }), 400, ["Appointment.participant(doctor)"]],
      ["a bad doctor id", () => client().create({ resourceType: "Appointment", body: asBody({ ...booking(patient.id!, startMs), participant: [{ actor: { reference: `Patient/${patient.id}` }, status: "accepted" }, doctor("DOC 42!")] }) }), 400, ["doctor_id"]],
      ["no name", () => client().create({ resourceType: "Patient", body: asBody({ ...newPatient, name: [] }) }), 400, ["Patient.name.given", "Patient.name.family"]],
      ["a bad ABHA", () => client().create({ resourceType: "Patient", body: asBody({ ...newPatient, identifier: [{ system: "urn:switchboard:healthdock:abha", value: "1234" }] }) }), 400, ["abha_number"]],
      ["search by ABHA", () => client().search({ resourceType: "Patient", searchParams: { identifier: `urn:switchboard:healthdock:abha|${ABHA}` } }), 400, ["identifier"]],
      ["an unknown parameter", () => client().search({ resourceType: "Patient", searchParams: { birthdate: "1991-04-12" } }), 400, ["birthdate"]],
      ["practitioner by reference", () => client().search({ resourceType: "Appointment", searchParams: { practitioner: "Practitioner/x" } }), 400, ["practitioner"]],
      ["a long window", () => client().search({ resourceType: "Appointment", searchParams: { date: [`ge${iso(tomorrow())}`, `lt${iso(tomorrow() + 30 * DAY)}`] } }), 400, ["date"]],
      ["too many", () => client().search({ resourceType: "Patient", searchParams: { _count: 500 } }), 400, ["_count"]],
      ["an id not ours", () => client().read({ resourceType: "Appointment", id: "1AAAA" }), 404, undefined],
    ];
    for (const [what, call, status, expression] of cases) {
      const { status: got, outcome } = await failure(call());
      expect([what, got]).toEqual([what, status]);
      if (expression) expect([what, outcome.issue.flatMap((i) => i.expression ?? [])]).toEqual([what, expression]);
    }
    expect(sim().requests.length).toBe(before);
  });

  it("keeps the platform's write semantics: an Idempotency-Key replays the first booking", async () => {
    const c = client("fhir-hd", { "Idempotency-Key": "hd-fhir-book-1" });
    const bookings = () => sim().requests.filter((r) => r.method === "POST" && r.path === "/v1/appointments").length;
    const before = bookings();
    const first = (await c.create({ resourceType: "Appointment", body: asBody(booking(patient.id!, startMs + DAY)) })) as unknown as Appointment;
    const replay = (await c.create({ resourceType: "Appointment", body: asBody(booking(patient.id!, startMs + DAY)) })) as unknown as Appointment;
    expect(replay.id).toBe(first.id);
    expect(bookings() - before).toBe(1);
  });

  it("logs none of the patient's data", () => {
    const lines = capturedLines();
    // The scan means something only if the facade's HealthDock calls were logged.
    expect(lines.filter((l) => l.includes('"vendor call"')).length).toBeGreaterThanOrEqual(8);
    const logs = lines.join("\n");
    for (const secret of [ABHA, ABHA.replaceAll("-", ""), PHONE, "Ishita", "Varma", "1991-04-12"]) expect(logs).not.toContain(secret);
  });
});

describe("an OAuth-authorized HealthDock connection", () => {
  it("serves the same FHIR facade, its calls signed with the connection's access token", async () => {
    await addHealthdockConnection(stack, { connectionId: "fhir-hd-oauth", tenantId: "t1", oauth: {} });
    const started = await fetch(`${stack.apiUrl}/v1/healthdock/oauth/start?connectionId=fhir-hd-oauth`, { redirect: "manual", headers: { authorization: `Bearer ${token}` } });
    const consent = await fetch(started.headers.get("location")!, { redirect: "manual" });
    const callback = consent.headers.get("location")!;
    expect(callback.startsWith(`${stack.apiUrl}${CALLBACK_PATH}?code=`)).toBe(true);
    expect((await fetch(callback)).status).toBe(200);
    const secrets = await stack.deps.credentials.get((await stack.deps.connections.require("fhir-hd-oauth")).secretRef);
    const before = sim().requests.length;
    const created = valid<Patient>(await client("fhir-hd-oauth").create({ resourceType: "Patient", body: asBody({ ...newPatient, identifier: [], telecom: [{ system: "phone", value: "+919800000042" }] }) }));
    const found = valid<Bundle>(await client("fhir-hd-oauth").search({ resourceType: "Patient", searchParams: { identifier: created.identifier![0]!.value! } }));
    expect(found.entry!.map((e) => e.resource!.id)).toEqual([created.id]);
    const made = valid<Appointment>(await client("fhir-hd-oauth").create({ resourceType: "Appointment", body: asBody(booking(created.id!, tomorrow() + 2 * DAY)) }));
    expect(valid<Appointment>(await client("fhir-hd-oauth").read({ resourceType: "Appointment", id: made.id! })).id).toBe(made.id);
    const calls = sim().requests.slice(before);
    expect(calls.length).toBeGreaterThanOrEqual(4);
    expect(new Set(calls.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${secrets.oauthAccessToken}`]));
  });
});

import type { Appointment, Patient, Resource } from "@medplum/fhirtypes";
import { inlineParts } from "@switchboard/core/fhir/ids";
import { FhirError } from "@switchboard/core/fhir/outcome";
import { appointmentChangesOf } from "@switchboard/core/vendors/solo/appointment-changes";
import * as solo from "@switchboard/core/vendors/solo/fhir-mapping";
import { createPatient } from "@switchboard/core/vendors/solo/operations/createPatient";
import { createAppointment } from "@switchboard/core/vendors/solo/operations/createAppointment";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { fhirIssues } from "../support/fhir-validate";

/**
 * Solo's mappings, pure, over the examples of its docs (teladoc-solo-api.txt; the docs' JSON
 * carries `//` comments, so the values are copied here as shown): Get Patient, Get Waiting Room
 * List, Get Slots, Get Appointment and the webhook payload schema. Both directions: Solo to FHIR,
 * valid R4 in full, and FHIR back to what Solo's catalogue accepts.
 */
const valid = <R extends Resource>(resource: R): R => {
  expect(fhirIssues(resource)).toEqual([]);
  return resource;
};

/** Get Patient's example body (docs: "Get Patient GET /qapi/v1/patients/{patient_id}"). */
const DOCS_PATIENT: solo.SoloPatient = {
  mrn: "MRN-123",
  accountNumber: "A-123",
  name: [{ use: "usual", family: "Mike Shinoda", firstName: "Mike", middleName: "", lastName: "Shinoda", alias: "" }],
  birthDate: "1983-08-15",
  gender: "male",
  maritalStatus: "married",
  telecom: [
    { use: "home", system: "phone", value: "+1 (111) 111-1111" },
    { use: "home", system: "email", value: "mike_zzzzzzz@company.com" },
  ],
  contact: [{ telecom: [{ use: "home", system: "phone", value: "phone" }, { use: "home", system: "email", value: "someemail@email.email" }], name: [] }],
  preferredLanguage: "English",
  race: "White",
  ethnicity: "not Hispanic or Latino",
  address: [{ city: "New York", use: "home", apartment: "", country: "USA", state: "NY", postalcode: "10019", line: ["123 Main St", ""] }],
  active: true,
  deceased: true,
  deceasedAt: "2020-03-31 10:12 AM",
  familyMember: false,
  isLinkedByEmail: false,
  sharedEmailGroup: { type: "family", name: "Family Name" },
};

/** Get Waiting Room List's example. */
const DOCS_ROOMS: solo.SoloWaitingRoom[] = [
  { id: "7669483a-6b12-497d-acb9-ddbf558d2b2a", name: "Default Waiting Room Name 1", serviceLine: "Demo", serviceType: "Demo" },
  { id: "abf8130c-24a7-4df0-b978-ca18c538dc71", name: "Default Waiting Room Name 2", serviceLine: "Demo", serviceType: "Other" },
];

/** Get Slots' example. */
const DOCS_SLOTS: solo.SoloSlot[] = [
  { date: 1505053800, duration: 900 },
  { date: 1505054700, duration: 900 },
  { date: 1505055600, duration: 900 },
  { date: 1505056500, duration: 900 },
];

/** Get Appointment's example (its status is one of the twelve the docs list). */
const DOCS_APPOINTMENT: solo.SoloAppointment = {
  id: 1,
  date: 1508584382,
  duration: 900,
  reasons: ["headache"],
  status: "in progress.intake.ready",
  videoCall: { id: "76dc0be9-65e9-4832-9acb-caa292fafcc7", status: "waiting" },
  externalId: "2e96ed0e-0f80-4dc3-b2c1-42e65b789e56",
  patient: { id: "1", demographics: DOCS_PATIENT },
  providers: [{ id: "1234", email: "clara@whovians.com", firstName: "Clara", middleName: "Oswin", lastName: "Oswald" }],
};

describe("Solo's docs examples as FHIR", () => {
  it("maps Get Patient's example to a Patient, with its ids, names, contacts and death date", () => {
    const patient = valid(solo.toPatient("2abc", DOCS_PATIENT, { externalId: "1", spid: 12345 }));
    expect(patient.identifier?.map((i) => [i.system, i.value])).toEqual([
      ["urn:switchboard:solo:patient", "1"],
      ["urn:switchboard:solo:spid", "12345"],
      ["urn:switchboard:solo:mrn", "MRN-123"],
      ["urn:switchboard:solo:account", "A-123"],
    ]);
    expect(patient.name).toEqual([{ use: "usual", text: "Mike Shinoda", family: "Shinoda", given: ["Mike"] }]);
    expect(patient.telecom).toEqual([
      { system: "phone", value: "+1 (111) 111-1111", use: "home" },
      { system: "email", value: "mike_zzzzzzz@company.com", use: "home" },
    ]);
    expect(patient.address).toEqual([{ use: "home", line: ["123 Main St"], city: "New York", state: "NY", postalCode: "10019", country: "USA" }]);
    expect(patient).toMatchObject({ gender: "male", birthDate: "1983-08-15", active: true, deceasedDateTime: "2020-03-31", communication: [{ language: { text: "English" }, preferred: true }] });
    expect(patient.maritalStatus?.coding?.[0]?.code).toBe("M");
    expect(patient.contact?.[0]?.telecom).toHaveLength(2);
  });

  it("keeps a living patient's deceased false, and leaves out codes FHIR does not have", () => {
    const patient = valid(solo.toPatient("1x", { ...DOCS_PATIENT, deceased: false, deceasedAt: undefined, gender: "M", maritalStatus: "complicated", name: [{ use: "preferred", firstName: "A" }] }));
    expect(patient.deceasedBoolean).toBe(false);
    expect(patient.gender).toBeUndefined();
    expect(patient.maritalStatus).toEqual({ text: "complicated" });
    expect(patient.name).toEqual([{ given: ["A"] }]);
  });

  it("maps the waiting rooms to virtual Locations whose ids carry the room's id", () => {
    const locations = DOCS_ROOMS.map((r) => valid(solo.toLocation(r)));
    expect(locations.map((l) => l.name)).toEqual(["Default Waiting Room Name 1", "Default Waiting Room Name 2"]);
    expect(inlineParts(locations[0]!.id!)).toEqual(["Location", "7669483a-6b12-497d-acb9-ddbf558d2b2a"]);
    expect(locations[1]!.identifier).toEqual([{ system: "urn:switchboard:solo:waiting-room", value: "abf8130c-24a7-4df0-b978-ca18c538dc71" }]);
  });

  it("maps Get Slots' example to free Slots of the room, in UTC, whose ids name room, start and length", () => {
    const slots = DOCS_SLOTS.map((s) => valid(solo.toSlot(DOCS_ROOMS[0]!, s)));
    expect(slots[0]).toMatchObject({ status: "free", start: "2017-09-10T14:30:00Z", end: "2017-09-10T14:45:00Z", schedule: { reference: `Location/${solo.toLocation(DOCS_ROOMS[0]!).id}` } });
    const parts = inlineParts(slots[0]!.id!)!;
    expect(parts[0]).toBe("Slot");
    const key = solo.slotKey(parts.slice(1))!;
    expect(key).toMatchObject({ date: 1505053800, duration: 900 });
    expect(solo.sameRoom(DOCS_ROOMS[0]!.id, key.room)).toBe(true);
    expect(solo.sameRoom(DOCS_ROOMS[1]!.id, key.room)).toBe(false);
    expect(new Set(slots.map((s) => s.id)).size).toBe(4);
  });

  it("maps Get Appointment's example to an Appointment: UTC times, the raw status kept, patient and provider named", () => {
    const appointment = valid(solo.toAppointment(DOCS_APPOINTMENT, { patient: "2abc" }));
    expect(appointment).toMatchObject({ status: "checked-in", start: "2017-10-21T11:13:02Z", end: "2017-10-21T11:28:02Z", minutesDuration: 15, reasonCode: [{ text: "headache" }] });
    expect(inlineParts(appointment.id!)).toEqual(["Appointment", "1"]);
    expect(appointment.extension?.find((e) => e.url.endsWith("/vendor-status"))?.valueString).toBe("in progress.intake.ready;videoCall:waiting");
    expect(appointment.extension?.find((e) => e.url.endsWith("/source-timezone"))?.valueString).toBe("UTC");
    expect(appointment.identifier).toContainEqual({ system: "urn:switchboard:solo:appointment-external", value: "2e96ed0e-0f80-4dc3-b2c1-42e65b789e56" });
    expect(appointment.participant).toEqual([
      { actor: { reference: "Patient/2abc" }, status: "accepted" },
      { actor: { identifier: { system: "urn:switchboard:solo:provider", value: "1234" }, display: "Clara Oswin Oswald" }, status: "accepted" },
    ]);
  });

  it.each([
    ["scheduled", "booked"],
    ["arrived", "arrived"],
    ["in progress.exam.progress", "checked-in"],
    ["discharge.ready", "checked-in"],
    ["completed", "fulfilled"],
    ["sign off", "fulfilled"],
    ["cancelled", "cancelled"],
    ["not showed up", "noshow"],
  ])("maps Solo's status %s to %s, as a valid Appointment", (status, fhir) => {
    expect(valid(solo.toAppointment({ ...DOCS_APPOINTMENT, status })).status).toBe(fhir);
  });

  it("makes a cancellation webhook a cancelled Appointment, and the other appointment events nothing (no times in the payload)", () => {
    const [change] = appointmentChangesOf("c1", { event: "appointment:cancelled", data: { appointmentId: 3110360 } });
    expect(change).toMatchObject({ detailType: "switchboard.appointment.cancelled", detail: { vendor: "solo", change: "cancelled", connectionId: "c1" } });
    const appointment = valid((change!.detail as { appointment: Appointment }).appointment);
    expect(appointment.id).toBe(solo.appointmentId(3110360));
    expect(appointment.status).toBe("cancelled");
    for (const event of ["appointment:scheduled", "appointment:rescheduled", "appointment:no-show", "appointment:completed", "patient:created"]) {
      expect(appointmentChangesOf("c1", { event, data: { appointmentId: 1 } })).toEqual([]);
    }
  });
});

describe("FHIR back to Solo", () => {
  const patient: Patient = {
    resourceType: "Patient",
    identifier: [
      { system: "urn:switchboard:solo:patient", value: "ehr-42" },
      { system: "urn:switchboard:solo:mrn", value: "MRN-123" },
    ],
    name: [{ use: "usual", given: ["Mike", "Kenji"], family: "Shinoda" }],
    telecom: [{ system: "phone", value: "+1 (111) 111-1111", use: "home" }],
    gender: "male",
    birthDate: "1983-08-15",
    address: [{ use: "home", line: ["123 Main St"], city: "New York", state: "NY", postalCode: "10019", country: "USA" }],
    communication: [{ language: { text: "English" }, preferred: true }],
    deceasedDateTime: "2020-03-31T22:12:00Z",
  };

  it("makes a Patient a Create Patient body that Solo's catalogue accepts, and maps back to the same Patient", () => {
    const body = solo.patientRequest(patient);
    expect(body).toMatchObject({
      id: "ehr-42",
      mrn: "MRN-123",
      name: [{ use: "usual", firstName: "Mike", middleName: "Kenji", lastName: "Shinoda", family: "Mike Kenji Shinoda" }],
      address: [{ use: "home", line: ["123 Main St"], city: "New York", state: "NY", postalcode: "10019", country: "USA" }],
      preferredLanguage: "English",
      deceased: true,
      deceasedAt: "2020-03-31 10:12 PM",
    });
    expect(v.safeParse(createPatient.input, body).success).toBe(true);
    const back = valid(solo.toPatient("2x", body as solo.SoloPatient, { externalId: "ehr-42" }));
    expect(back).toMatchObject({ name: [{ given: ["Mike", "Kenji"], family: "Shinoda" }], birthDate: "1983-08-15", gender: "male", deceasedDateTime: "2020-03-31" });
  });

  it("refuses a Patient without Solo's required id, and a death without its date", () => {
    const missing = () => solo.patientRequest({ ...patient, identifier: [] });
    expect(missing).toThrow(FhirError);
    expect(missing).toThrow(/urn:switchboard:solo:patient/);
    expect(() => solo.patientRequest({ ...patient, deceasedDateTime: undefined, deceasedBoolean: true })).toThrow(/deceasedAt is required/);
  });

  it("makes an Appointment a Create Appointment body with the room, time, length and reasons", () => {
    const body = solo.appointmentRequest(
      { resourceType: "Appointment", status: "booked", reasonCode: [{ text: "headache" }], identifier: [{ system: "urn:switchboard:solo:appointment-external", value: "ext-1" }], participant: [{ status: "accepted", actor: { reference: "Patient/x" } }] },
      "Default Waiting Room Name 1",
      1505053800,
      900,
    );
    expect(body).toEqual({ waitingRoom: "Default Waiting Room Name 1", date: 1505053800, duration: 900, reasons: ["headache"], externalId: "ext-1" });
    expect(v.safeParse(createAppointment.input, { patientId: "1", ...body }).success).toBe(true);
  });
});

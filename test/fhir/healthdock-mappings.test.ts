import type { Appointment, Resource } from "@medplum/fhirtypes";
import { inlineParts } from "@switchboard/core/fhir/ids";
import { FhirError } from "@switchboard/core/fhir/outcome";
import { appointmentChangesOf } from "@switchboard/core/vendors/healthdock/appointment-changes";
import * as hd from "@switchboard/core/vendors/healthdock/fhir-mapping";
import { createAppointment } from "@switchboard/core/vendors/healthdock/operations/createAppointment";
import { createPatient } from "@switchboard/core/vendors/healthdock/operations/createPatient";
import { healthdock } from "@switchboard/core/vendors/healthdock/vendor";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { fhirIssues } from "../support/fhir-validate";

/**
 * HealthDock's mappings, pure, over what its docs show (../shared/vendor-docs/healthdock-api.txt):
 * the webhook example's patient (`PAT123456`, John Doe), the create patient and create
 * appointment tables' fields (as the catalogue's examples give them), and the appointments
 * filter's statuses. Both directions: HealthDock to FHIR, valid R4 in full, and FHIR back to
 * what the catalogue's own input schemas accept.
 */
const valid = <R extends Resource>(resource: R): R => {
  expect(fhirIssues(resource)).toEqual([]);
  return resource;
};
const ZONE = "Asia/Kolkata";
/** The docs' webhook example data (its `...` elides further fields). */
const webhookPatient = { patient_id: "PAT123456", first_name: "John", last_name: "Doe" };
const patientExample = createPatient.example as Record<string, string>;
const appointmentExample = createAppointment.example as Record<string, unknown>;
const extension = (r: { extension?: { url: string; valueString?: string }[] }, name: string) => r.extension?.find((e) => e.url.endsWith(`/${name}`))?.valueString;

function fhirError(call: () => unknown): FhirError {
  try {
    call();
  } catch (err) {
    expect(err).toBeInstanceOf(FhirError);
    return err as FhirError;
  }
  throw new Error("expected a FhirError");
}

describe("HealthDock patients as FHIR", () => {
  it("maps the webhook example's patient, with an id that carries its patient_id only", () => {
    const patient = valid(hd.toPatient(webhookPatient));
    expect(patient).toMatchObject({ identifier: [{ system: "urn:switchboard:healthdock:patient", value: "PAT123456" }], name: [{ given: ["John"], family: "Doe" }] });
    expect(inlineParts(patient.id!)).toEqual(["Patient", "PAT123456"]);
    expect(hd.patientKey(patient.id!)).toBe("PAT123456");
  });

  it("maps a full record as the create table lists it: the ABHA number an identifier, never in the id", () => {
    const patient = valid(hd.toPatient({ patient_id: "PAT123456", ...patientExample }));
    expect(patient).toMatchObject({ gender: "male", birthDate: "1985-06-15", telecom: [{ system: "phone", value: "+919876543210" }] });
    expect(patient.identifier).toContainEqual({ system: "urn:switchboard:healthdock:abha", value: "91-1234-5678-9012" });
    expect(inlineParts(patient.id!)).toEqual(["Patient", "PAT123456"]);
    for (const gender of ["F", "Other"]) expect(valid(hd.toPatient({ ...webhookPatient, gender })).gender).toBe(gender === "F" ? "female" : "other");
  });

  it("maps a Patient back to exactly the create table's fields, which the catalogue accepts", () => {
    const input = hd.createPatientInput(hd.toPatient({ patient_id: "PAT123456", ...patientExample }));
    expect(input).toEqual(patientExample);
    expect(v.parse(createPatient.input, input)).toEqual(patientExample);
  });

  it("names every field HealthDock requires that a Patient lacks", () => {
    const err = fhirError(() => hd.createPatientInput({ resourceType: "Patient", name: [{ given: ["Ada"] }], gender: "unknown" }));
    expect([err.status, err.code]).toEqual([400, "required"]);
    expect(err.expression).toEqual(["Patient.name.family", "Patient.birthDate", "Patient.gender", "Patient.telecom"]);
  });
});

describe("HealthDock appointments as FHIR", () => {
  const record = { appointment_id: "APT000001", ...appointmentExample, status: "scheduled" } as hd.HealthdockAppointment;

  it("maps the create table's appointment at UTC, its offset and raw status kept, its doctor by identifier", () => {
    const appointment = valid(hd.toAppointment(record, ZONE));
    expect(appointment).toMatchObject({ status: "booked", start: "2024-01-15T05:00:00Z", end: "2024-01-15T05:30:00Z", minutesDuration: 30, serviceType: [{ text: "consultation" }] });
    expect([extension(appointment, "source-timezone"), extension(appointment, "vendor-status")]).toEqual(["+05:30", "scheduled"]);
    expect(appointment.participant).toEqual([
      { actor: { reference: `Patient/${hd.patientId("PAT123456")}`, identifier: { system: "urn:switchboard:healthdock:patient", value: "PAT123456" } }, status: "accepted" },
      { actor: { identifier: { system: "urn:switchboard:healthdock:doctor", value: "DOC42" }, display: "HealthDock doctor DOC42" }, status: "accepted" },
    ]);
    // The id is the appointment and the day HealthDock files it under (the day of its date_time as written).
    expect(hd.appointmentKey(appointment.id!)).toEqual({ appointmentId: "APT000001", day: "2024-01-15" });
  });

  it.each([
    ["scheduled", "booked"],
    ["confirmed", "booked"],
    ["completed", "fulfilled"],
    ["cancelled", "cancelled"],
  ])("maps the status %s to %s", (status, fhir) => {
    const appointment = valid(hd.toAppointment({ ...record, status }, ZONE));
    expect([appointment.status, extension(appointment, "vendor-status")]).toEqual([fhir, status]);
  });

  it("reads a date_time without an offset in the clinic's zone, and a missing duration as the docs' default 30", () => {
    const appointment = valid(hd.toAppointment({ appointment_id: "APT2", date_time: "2024-01-15T10:30:00", doctor_id: "DOC42" }, ZONE));
    expect([appointment.start, appointment.end, extension(appointment, "source-timezone")]).toEqual(["2024-01-15T05:00:00Z", "2024-01-15T05:30:00Z", ZONE]);
  });

  it("maps an Appointment back to the create table's fields, the time in the clinic's zone, which the catalogue accepts", () => {
    const input = hd.createAppointmentInput(hd.toAppointment(record, ZONE), ZONE);
    expect(input).toEqual(appointmentExample);
    expect(v.parse(createAppointment.input, input)).toEqual(appointmentExample);
    // A booking given in UTC is sent at the clinic's offset; across a DST change the offset is the one in force.
    const booking: Appointment = { resourceType: "Appointment", status: "booked", start: "2026-03-29T01:30:00Z", minutesDuration: 45, participant: [{ actor: { identifier: { system: "urn:switchboard:healthdock:patient", value: "PAT1" } }, status: "accepted" }, { actor: { identifier: { system: "urn:switchboard:healthdock:doctor", value: "DOC7" } }, status: "accepted" }] };
    expect(hd.createAppointmentInput(booking, "Europe/Berlin")).toEqual({ patient_id: "PAT1", doctor_id: "DOC7", date_time: "2026-03-29T03:30:00+02:00", duration: 45 });
    expect(hd.createAppointmentInput({ ...booking, start: "2026-03-29T00:30:00Z" }, "Europe/Berlin").date_time).toBe("2026-03-29T01:30:00+01:00");
  });

  it("refuses what HealthDock cannot book: a slot, a contained patient, no doctor, no timezone, a length not in minutes", () => {
    const base = hd.toAppointment(record, ZONE);
    const cases: [string, Appointment, string][] = [
      ["slot", { ...base, slot: [{ reference: "Slot/x" }] }, "Appointment.slot"],
      ["contained", { ...base, contained: [{ resourceType: "Patient", name: [{ family: "Doe" }] }] }, "Appointment.contained"],
      ["no doctor", { ...base, participant: base.participant!.slice(0, 1) }, "Appointment.participant(doctor)"],
      ["local time", { ...base, start: "2024-01-15T10:30:00" }, "Appointment.start"],
      ["seconds", { ...base, end: "2024-01-15T05:30:30Z" }, "Appointment.end"],
      ["not ours", { ...base, participant: [{ actor: { reference: "Patient/1AAAA" }, status: "accepted" }, base.participant![1]!] }, "Appointment.participant"],
    ];
    for (const [what, appointment, path] of cases) {
      const err = fhirError(() => hd.createAppointmentInput(appointment, ZONE));
      expect([what, err.status < 500, err.expression]).toEqual([what, true, [path]]);
    }
  });
});

describe("HealthDock appointment events as booking changes", () => {
  const data = { appointment_id: "APT000001", ...appointmentExample, status: "scheduled" };

  it.each([
    ["appointment.created", data, "booked", "booked"],
    ["appointment.updated", { ...data, date_time: "2024-01-16T11:00:00+05:30" }, "rescheduled", "booked"],
    ["appointment.updated", { ...data, status: "cancelled" }, "cancelled", "cancelled"],
    ["appointment.cancelled", data, "cancelled", "cancelled"],
  ])("publishes %s as a %s change with a valid Appointment", (event, payload, change, status) => {
    const [published] = appointmentChangesOf("c1", event, payload, ZONE);
    expect(published).toMatchObject({ detailType: `switchboard.appointment.${change}`, detail: { connectionId: "c1", vendor: "healthdock", change, appointment: { status } } });
    valid(published!.detail.appointment as Appointment);
  });

  it("publishes nothing for a patient event, a completion, or data that names no appointment", () => {
    expect(appointmentChangesOf("c1", "patient.created", webhookPatient, ZONE)).toEqual([]);
    expect(appointmentChangesOf("c1", "appointment.updated", { ...data, status: "completed" }, ZONE)).toEqual([]);
    expect(appointmentChangesOf("c1", "appointment.created", { appointment_id: "APT9" }, ZONE)).toEqual([]);
    expect(appointmentChangesOf("c1", "appointment.created", { ...data, appointment_id: "A".repeat(64) }, ZONE)).toEqual([]);
  });

  it("names a change by what changed: the same reschedule twice is one event id, another time another", () => {
    const once = appointmentChangesOf("c1", "appointment.updated", { ...data, date_time: "2024-01-16T11:00:00+05:30" }, ZONE)[0]!;
    const again = appointmentChangesOf("c1", "appointment.updated", { ...data, date_time: "2024-01-16T11:00:00+05:30", type: "follow-up" }, ZONE)[0]!;
    const later = appointmentChangesOf("c1", "appointment.updated", { ...data, date_time: "2024-01-16T12:00:00+05:30" }, ZONE)[0]!;
    expect(again.eventId).toBe(once.eventId);
    expect(later.eventId).not.toBe(once.eventId);
  });
});

describe("the clinic's timezone", () => {
  it("defaults to India's (HealthDock serves ABDM), takes another IANA zone, and refuses what is not one", () => {
    expect(v.parse(healthdock.configSchema, {}).timezone).toBe("Asia/Kolkata");
    expect(v.parse(healthdock.configSchema, { timezone: "Europe/Berlin" }).timezone).toBe("Europe/Berlin");
    expect(v.safeParse(healthdock.configSchema, { timezone: "Mars/Olympus_Mons" }).success).toBe(false);
    // The same local date_time read in another clinic's zone is another instant.
    expect(hd.toAppointment({ appointment_id: "APT2", date_time: "2024-07-15T10:30:00" }, "Europe/Berlin").start).toBe("2024-07-15T08:30:00Z");
  });
});

import type { Appointment, Identifier, Patient, Practitioner, Reference } from "@medplum/fhirtypes";
import { inlineId, inlineParts } from "../../fhir/ids";
import { atOffset, identifierSystem, offsetOf, sourceTimezone, utcInstant, vendorIdentifier, vendorStatus, wallClock, zonedInstant } from "../../fhir/model";
import { FhirError } from "../../fhir/outcome";

/**
 * HealthDock behind the FHIR facade (../shared/vendor-docs/healthdock-api.txt). Its patients
 * (`GET/POST /v1/patients`) are Patients, its appointments (`GET/POST /v1/appointments`)
 * Appointments. The docs have no doctor or slot endpoints: a doctor is only an id
 * (`doctor_id`), so appointments name their practitioner by identifier
 * (`urn:switchboard:healthdock:doctor`) rather than by a reference to a resource nobody serves.
 *
 * Ids. A Patient's id carries HealthDock's `patient_id` and nothing else (the ABHA number is an
 * identifier of the resource, never part of its id or of any URL). An Appointment's id carries
 * `appointment_id` and the day HealthDock files it under (the day of its `date_time` as written),
 * because the list filters by day and by nothing that names one appointment: reading it is one
 * day's list.
 *
 * The docs show no answer bodies for patients or appointments beyond the webhook example's
 * `patient_id, first_name, last_name, ...`: the fields read are the create requests' own
 * (first_name, last_name, date_of_birth, gender, phone, abha_number; patient_id, doctor_id,
 * date_time, duration, type) with the record's id as `patient_id` / `appointment_id` and its
 * `status` from the list filter's values (scheduled/confirmed/completed/cancelled).
 */
export const V = "healthdock";
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** The docs' default duration ("Optional Duration in minutes (default: 30)"). */
export const DEFAULT_MINUTES = 30;
export const TYPE_SYSTEM = identifierSystem(V, "appointment-type");
export const TYPES = ["consultation", "follow-up", "procedure"] as const;

export interface HealthdockPatient {
  patient_id: string;
  first_name?: string;
  last_name?: string;
  date_of_birth?: string;
  gender?: string;
  phone?: string;
  abha_number?: string;
}

export interface HealthdockAppointment {
  appointment_id: string;
  patient_id?: string;
  doctor_id?: string;
  date_time: string;
  duration?: number;
  type?: string;
  status?: string;
}

const fail = (message: string): never => {
  throw new FhirError(500, "exception", message);
};

export const patientId = (id: string) => inlineId(["Patient", id]) ?? fail("a HealthDock patient_id does not fit a FHIR id");
/** The HealthDock `patient_id` a Patient id of ours carries. */
export function patientKey(id: string): string | undefined {
  const parts = inlineParts(id);
  return parts?.[0] === "Patient" && parts.length === 2 ? parts[1] : undefined;
}

/** The day HealthDock files an appointment under: the date its `date_time` is written with. */
export const filedDay = (dateTime: string) => dateTime.slice(0, 10);
export const appointmentId = (id: string, day: string) => inlineId(["Appointment", id, day.replaceAll("-", "")]) ?? fail("a HealthDock appointment_id does not fit a FHIR id");
/** The `appointment_id` and day (YYYY-MM-DD) an Appointment id of ours carries. */
export function appointmentKey(id: string): { appointmentId: string; day: string } | undefined {
  const parts = inlineParts(id);
  if (parts?.[0] !== "Appointment" || parts.length !== 3 || !/^\d{8}$/.test(parts[2]!)) return undefined;
  const d = parts[2]!;
  return { appointmentId: parts[1]!, day: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` };
}

const GENDERS: Record<string, Patient["gender"]> = { m: "male", f: "female", other: "other" };

export function toPatient(p: HealthdockPatient): Patient {
  const gender = p.gender ? GENDERS[p.gender.toLowerCase()] : undefined;
  return {
    resourceType: "Patient",
    id: patientId(p.patient_id),
    identifier: [vendorIdentifier(V, "patient", p.patient_id), ...(p.abha_number ? [vendorIdentifier(V, "abha", p.abha_number)] : [])],
    name: [{ ...(p.first_name && { given: [p.first_name] }), ...(p.last_name && { family: p.last_name }) }],
    ...(p.phone && { telecom: [{ system: "phone" as const, value: p.phone }] }),
    ...(gender && { gender }),
    ...(p.date_of_birth && DATE.test(p.date_of_birth) && { birthDate: p.date_of_birth }),
  };
}

const identifierOf = (resource: { identifier?: Identifier[] }, kind: string) => resource.identifier?.find((i) => i.system === identifierSystem(V, kind))?.value;

/** A FHIR Patient as createPatient's fields; what HealthDock requires and the Patient lacks is a 400 naming it. */
export function createPatientInput(patient: Patient): Record<string, string> {
  const name = patient.name?.[0];
  const phone = patient.telecom?.find((t) => t.system === "phone")?.value;
  const gender = patient.gender === "male" ? "M" : patient.gender === "female" ? "F" : patient.gender === "other" ? "Other" : undefined;
  const fields = {
    first_name: name?.given?.[0],
    last_name: name?.family,
    date_of_birth: patient.birthDate,
    gender,
    phone,
  };
  const paths: Record<keyof typeof fields, string> = { first_name: "Patient.name.given", last_name: "Patient.name.family", date_of_birth: "Patient.birthDate", gender: "Patient.gender", phone: "Patient.telecom" };
  const missing = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => fields[k] === undefined);
  if (missing.length) {
    throw new FhirError(400, "required", `HealthDock requires a given and family name, birthDate, gender (male, female or other) and a phone; missing ${missing.map((k) => paths[k]).join(", ")}`, missing.map((k) => paths[k]));
  }
  const abha = identifierOf(patient, "abha");
  return { ...(fields as Record<string, string>), ...(abha && { abha_number: abha }) };
}

export function appointmentStatus(status: string | undefined): Appointment["status"] {
  const s = (status ?? "scheduled").toLowerCase();
  if (s === "cancelled" || s === "canceled") return "cancelled";
  if (s === "completed") return "fulfilled";
  return "booked";
}

/** `date_time` as a UTC instant and the zone it was given in (its offset, or the clinic's zone when it has none). */
function startOf(dateTime: string, zone: string): { start: string; source: string } {
  const offset = offsetOf(dateTime);
  if (offset) return { start: utcInstant(dateTime), source: offset };
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:(\d{2}))?/.exec(dateTime) ?? fail("a HealthDock date_time is not ISO 8601");
  const start = new Date(Date.parse(zonedInstant(m[1]!, m[2]!, zone)) + Number(m[4] ?? 0) * 1000).toISOString().replace(/\.000Z$/, "Z");
  return { start, source: zone };
}

const doctorRef = (doctorId: string): Reference<Practitioner> => ({ identifier: vendorIdentifier(V, "doctor", doctorId), display: `HealthDock doctor ${doctorId}` });

export function toAppointment(a: HealthdockAppointment, zone: string): Appointment {
  const { start, source } = startOf(a.date_time, zone);
  const minutes = typeof a.duration === "number" && a.duration > 0 ? a.duration : DEFAULT_MINUTES;
  const type = a.type && (TYPES as readonly string[]).includes(a.type) ? a.type : undefined;
  return {
    resourceType: "Appointment",
    id: appointmentId(a.appointment_id, filedDay(a.date_time)),
    extension: [vendorStatus(a.status ?? "scheduled"), sourceTimezone(source)],
    identifier: [vendorIdentifier(V, "appointment", a.appointment_id)],
    status: appointmentStatus(a.status),
    ...(type && { serviceType: [{ coding: [{ system: TYPE_SYSTEM, code: type }], text: type }] }),
    start,
    end: new Date(Date.parse(start) + minutes * 60_000).toISOString().replace(/\.000Z$/, "Z"),
    minutesDuration: minutes,
    participant: [
      ...(a.patient_id ? [{ actor: { reference: `Patient/${patientId(a.patient_id)}`, identifier: vendorIdentifier(V, "patient", a.patient_id) }, status: "accepted" as const }] : []),
      ...(a.doctor_id ? [{ actor: doctorRef(a.doctor_id), status: "accepted" as const }] : []),
    ],
  };
}

/** An instant at the clinic's offset at that moment (`2026-12-03T04:30:00Z` → `2026-12-03T10:00:00+05:30`). */
export function inZone(instant: string, zone: string): string {
  const ms = Date.parse(instant);
  const { date, time } = wallClock(instant, zone);
  const minutes = Math.round((Date.parse(`${date}T${time}:00Z`) - Math.floor(ms / 60_000) * 60_000) / 60_000);
  const abs = Math.abs(minutes);
  const offset = minutes === 0 ? "Z" : `${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return atOffset(new Date(Math.floor(ms / 1000) * 1000).toISOString(), offset);
}

/** The participant actor of `type`: by our reference (`Patient/{id}`) or by HealthDock identifier. */
function actorKey(appointment: Appointment, type: "Patient" | "Practitioner", kind: string): string | undefined {
  for (const p of appointment.participant ?? []) {
    const actor = p.actor;
    if (!actor) continue;
    if (actor.identifier?.system === identifierSystem(V, kind) && actor.identifier.value) return actor.identifier.value;
    if (type === "Patient" && actor.reference?.startsWith("Patient/")) {
      const key = patientKey(actor.reference.slice("Patient/".length));
      if (!key) throw new FhirError(404, "not-found", "the patient participant is not one of this connection's Patients", ["Appointment.participant"]);
      return key;
    }
  }
  return undefined;
}

/**
 * A FHIR Appointment as createAppointment's fields. HealthDock books a registered patient with a
 * doctor at a time (no slots): the patient is a participant `Patient/{id}` (or its
 * `urn:switchboard:healthdock:patient` identifier), the doctor a participant with the
 * `urn:switchboard:healthdock:doctor` identifier, `start` the time (sent in the clinic's zone),
 * `end` or `minutesDuration` the length (HealthDock's default 30 when neither), and the type a
 * `serviceType` coding of `urn:switchboard:healthdock:appointment-type`.
 */
export function createAppointmentInput(appointment: Appointment, zone: string): Record<string, unknown> {
  if (appointment.slot?.length) throw new FhirError(400, "not-supported", "HealthDock has no slots: book with start, a Patient participant and a doctor participant (identifier urn:switchboard:healthdock:doctor|{doctor_id})", ["Appointment.slot"]);
  if (appointment.contained?.some((r) => r.resourceType === "Patient")) {
    throw new FhirError(400, "not-supported", "HealthDock books registered patients only: create the Patient first (POST Patient) and name it as a participant", ["Appointment.contained"]);
  }
  const patient = actorKey(appointment, "Patient", "patient");
  const doctor = actorKey(appointment, "Practitioner", "doctor");
  const start = appointment.start;
  const missing = [...(patient ? [] : ["Appointment.participant(Patient)"]), ...(doctor ? [] : ["Appointment.participant(doctor)"]), ...(start ? [] : ["Appointment.start"])];
  if (missing.length) {
    throw new FhirError(400, "required", "HealthDock books a patient (participant Patient/{id}) with a doctor (participant identifier urn:switchboard:healthdock:doctor|{doctor_id}) at a start", missing);
  }
  if (!INSTANT.test(start!)) throw new FhirError(400, "invalid", "Appointment.start must be an instant with a timezone", ["Appointment.start"]);
  if (appointment.end && !INSTANT.test(appointment.end)) throw new FhirError(400, "invalid", "Appointment.end must be an instant with a timezone", ["Appointment.end"]);
  const startMs = Date.parse(start!);
  const minutes = appointment.end ? (Date.parse(appointment.end) - startMs) / 60_000 : appointment.minutesDuration;
  if (minutes !== undefined && !(Number.isInteger(minutes) && minutes > 0)) throw new FhirError(400, "invalid", "the appointment's length (end - start, or minutesDuration) must be a positive whole number of minutes", [appointment.end ? "Appointment.end" : "Appointment.minutesDuration"]);
  const type = appointment.serviceType?.flatMap((c) => c.coding ?? []).find((c) => c.system === TYPE_SYSTEM)?.code;
  return {
    patient_id: patient,
    doctor_id: doctor,
    date_time: inZone(start!, zone),
    ...(minutes !== undefined && { duration: minutes }),
    ...(type && { type }),
  };
}

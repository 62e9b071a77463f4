import type { Appointment, Location, Patient, Practitioner, Slot } from "@medplum/fhirtypes";
import { inlineId } from "../../fhir/ids";
import { sourceTimezone, vendorIdentifier, vendorStatus, zonedInstant } from "../../fhir/model";

/**
 * MocDoc behind the FHIR facade. Doctors (`dr`) are Practitioners, locations Locations, the free
 * entries of a doctor's calendar Slots, appointments (`bookappt`, keyed `drkey + date + start`)
 * Appointments, registered patients Patients. MocDoc's times are wall-clock times in the
 * account's timezone (`timezone`, default Asia/Kolkata): they become UTC instants with the zone
 * kept beside them.
 *
 * MocDoc finds a patient by id and mobile number together, so Patient ids are table-backed hashes
 * (the mobile number never travels in a URL). MocDoc cannot move an appointment: rescheduling is
 * refused (501) rather than done silently as cancel-and-rebook. Its calendar and list answers are
 * elided in the docs ("...."); the fields read here are the documented ones (drkey, name,
 * entitylocation) and the calendar's slots as `{date, start, end, status}`.
 */
export const V = "mocdoc";
const YYYYMMDD = /^\d{8}$/;

export interface MocDocDoctor {
  drkey: string;
  name?: string;
  speciality?: string;
  entitylocation?: string;
}
export interface MocDocLocation {
  entitylocation: string;
  name?: string;
  landmark?: string;
}
export interface MocDocSlot {
  date?: string;
  start: string;
  end?: string;
  status?: string;
}
export interface MocDocPatient {
  phid?: string;
  fname?: string;
  lname?: string;
  mobile?: string | number;
  email?: string;
  gender?: string;
  dob?: string;
}

export const id = (kind: string, ...parts: string[]) => inlineId([kind, ...parts]) ?? undefined;
export const isoDay = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
export const compactDay = (iso: string) => iso.replaceAll("-", "");

export function toPractitioner(dr: MocDocDoctor, practitionerId: string): Practitioner {
  return {
    resourceType: "Practitioner",
    id: practitionerId,
    identifier: [vendorIdentifier(V, "doctor", dr.drkey)],
    active: true,
    name: [{ text: dr.name ?? dr.drkey }],
    ...(dr.speciality && { qualification: [{ code: { text: dr.speciality } }] }),
  };
}

export function toLocation(location: MocDocLocation, locationId: string): Location {
  return {
    resourceType: "Location",
    id: locationId,
    identifier: [vendorIdentifier(V, "location", location.entitylocation)],
    status: "active",
    mode: "instance",
    name: location.name ?? location.entitylocation,
    ...(location.landmark && { description: location.landmark }),
  };
}

/** A calendar entry's wall-clock start and end (`HH:MM`) on `day` (`YYYYMMDD`) in `zone`, as UTC instants. */
export function slotTimes(day: string, entry: MocDocSlot, zone: string, defaultMinutes: number): { start: string; end: string } {
  const start = zonedInstant(isoDay(day), entry.start, zone);
  const end = entry.end ? zonedInstant(isoDay(day), entry.end, zone) : new Date(Date.parse(start) + defaultMinutes * 60_000).toISOString().replace(/\.000Z$/, "Z");
  return { start, end };
}

export function toSlot(slotId: string, drName: string | undefined, drkey: string, times: { start: string; end: string }, zone: string): Slot {
  return {
    resourceType: "Slot",
    id: slotId,
    extension: [sourceTimezone(zone)],
    schedule: { identifier: { system: `urn:switchboard:${V}:calendar`, value: drkey }, ...(drName && { display: drName }) },
    status: "free",
    start: times.start,
    end: times.end,
  };
}

export function toPatient(p: MocDocPatient, patientId: string): Patient {
  const telecom = [
    ...(p.mobile !== undefined ? [{ system: "phone" as const, value: String(p.mobile) }] : []),
    ...(p.email ? [{ system: "email" as const, value: p.email }] : []),
  ];
  const gender = p.gender?.toLowerCase();
  return {
    resourceType: "Patient",
    id: patientId,
    ...(p.phid && { identifier: [vendorIdentifier(V, "patient", p.phid)] }),
    name: [{ ...(p.fname && { given: [p.fname] }), ...(p.lname && { family: p.lname }) }],
    ...(telecom.length && { telecom }),
    ...(gender === "male" || gender === "female" || gender === "other" ? { gender } : {}),
    ...(p.dob && YYYYMMDD.test(p.dob) && { birthDate: isoDay(p.dob) }),
  };
}

/** A FHIR Patient as MocDoc's demographic fields (registerPatient, bookAppointment). */
export function patientFields(patient: Patient): Record<string, string> {
  const name = patient.name?.[0];
  const mobile = patient.telecom?.find((t) => t.system === "phone")?.value?.replace(/^\+91/, "");
  const email = patient.telecom?.find((t) => t.system === "email")?.value;
  const gender = patient.gender === "male" ? "Male" : patient.gender === "female" ? "Female" : patient.gender === "other" ? "Other" : undefined;
  return {
    ...((name?.given?.[0] ?? name?.text) && { fname: (name?.given?.[0] ?? name?.text)! }),
    ...(name?.family && { lname: name.family }),
    ...(mobile && { mobile }),
    ...(email && { email }),
    ...(gender && { gender }),
    ...(patient.birthDate && { dob: compactDay(patient.birthDate) }),
  };
}

/** MocDoc's key for an appointment: `drkey + YYYYMMDD + HH:MM`. */
export const apptkey = (key: AppointmentKey) => `${key.drkey}${key.day}${key.start}`;

export function parseApptkey(value: string): AppointmentKey | undefined {
  const m = /^(.+)(\d{8})(\d{2}:\d{2})$/.exec(value);
  return m ? { drkey: m[1]!, day: m[2]!, start: m[3]! } : undefined;
}

export interface AppointmentKey {
  drkey: string;
  day: string;
  start: string;
}

/** An Appointment's id is MocDoc's key in parts, so a change made anywhere names the same appointment. */
export const appointmentId = (key: AppointmentKey) => id("Appointment", key.drkey, key.day, key.start);

/** The FHIR status of a MocDoc status: the account's configured values first, then their usual spellings. */
export function appointmentStatus(status: string, statuses: { fhirCancelledStatus: string; fhirNoShowStatus: string }): "booked" | "cancelled" | "noshow" {
  const s = status.toLowerCase();
  if (s === statuses.fhirCancelledStatus.toLowerCase() || /cancel/.test(s)) return "cancelled";
  if (s === statuses.fhirNoShowStatus.toLowerCase() || /no.?show/.test(s)) return "noshow";
  return "booked";
}

export function toAppointment(appointmentId: string, key: AppointmentKey, times: { start: string; end: string }, zone: string, status: { vendor: string; fhir: Appointment["status"] }, patient?: Patient): Appointment {
  return {
    resourceType: "Appointment",
    id: appointmentId,
    ...(patient && { contained: [patient] }),
    extension: [vendorStatus(status.vendor), sourceTimezone(zone)],
    identifier: [vendorIdentifier(V, "appointment", apptkey(key))],
    status: status.fhir,
    start: times.start,
    end: times.end,
    participant: [
      { actor: { reference: `Practitioner/${id("Practitioner", key.drkey)}` }, status: "accepted" },
      ...(patient?.id ? [{ actor: { reference: `#${patient.id}` }, status: "accepted" as const }] : []),
    ],
  };
}


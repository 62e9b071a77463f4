import type { Appointment, Location, Patient, Practitioner, Reference, Slot } from "@medplum/fhirtypes";
import { inlineId } from "../../fhir/ids";
import { atOffset, offsetOf, sourceTimezone, utcInstant, vendorIdentifier, vendorStatus } from "../../fhir/model";
import { FhirError } from "../../fhir/outcome";

/**
 * Docplanner behind the FHIR facade. A doctor in a facility is a Practitioner, each of their
 * addresses (where and how they see patients) a Location, a free start at an address a Slot, a
 * booking an Appointment. Docplanner has no patient register: patients exist inside bookings, so
 * Patient is unsupported, and booking takes the patient as a contained Patient.
 *
 * The mappings are pure functions, tested with the contract's examples; ids are inline (the parts
 * are Docplanner's numeric ids).
 */
export const V = "docplanner";

export interface DocplannerDoctor {
  id: string;
  name?: string;
  surname?: string;
  specializations?: { _items?: { id: string; name: string }[] };
}
export interface DocplannerAddress {
  id: string;
  name?: string | null;
  street?: string | null;
  post_code?: string | null;
  city_name?: string | null;
  is_online_only?: boolean;
  /** With `address.commercial_type`: `basic` profiles cannot take bookings. */
  commercial_type?: string;
}
export interface DocplannerBooking {
  id: string;
  status?: string;
  start_at: string;
  end_at?: string;
  duration?: number;
  canceled_at?: string | null;
  presence?: string | null;
  comment?: string | null;
  patient?: { name?: string; surname?: string; email?: string | null; phone?: string | number | null; birth_date?: string | null; gender?: string | null };
  address_service?: { id?: string; name?: string } | null;
}

const id = (kind: string, ...parts: string[]) => inlineId([kind, ...parts]) ?? fail(`a ${kind} id of Docplanner does not fit FHIR's 64 characters`);
const fail = (message: string): never => {
  throw new FhirError(500, "exception", message);
};

export const practitionerId = (facilityId: string, doctorId: string) => id("Practitioner", facilityId, doctorId);
export const locationId = (facilityId: string, doctorId: string, addressId: string) => id("Location", facilityId, doctorId, addressId);
export const appointmentId = (facilityId: string, doctorId: string, addressId: string, bookingId: string) => id("Appointment", facilityId, doctorId, addressId, bookingId);

export function toPractitioner(facilityId: string, doctor: DocplannerDoctor): Practitioner {
  const specialities = doctor.specializations?._items ?? [];
  return {
    resourceType: "Practitioner",
    id: practitionerId(facilityId, doctor.id),
    identifier: [vendorIdentifier(V, "doctor", doctor.id), vendorIdentifier(V, "facility", facilityId)],
    active: true,
    name: [{ text: [doctor.name, doctor.surname].filter(Boolean).join(" "), ...(doctor.name && { given: [doctor.name] }), ...(doctor.surname && { family: doctor.surname }) }],
    ...(specialities.length && { qualification: specialities.map((s) => ({ code: { text: s.name, coding: [{ system: `urn:switchboard:${V}:specialization`, code: s.id, display: s.name }] } })) }),
  };
}

export function toLocation(facility: { id: string; name?: string }, doctorId: string, address: DocplannerAddress): Location {
  return {
    resourceType: "Location",
    id: locationId(facility.id, doctorId, address.id),
    identifier: [vendorIdentifier(V, "address", address.id)],
    status: "active",
    mode: "instance",
    name: address.name ?? facility.name ?? `Address ${address.id}`,
    ...(address.street || address.post_code || address.city_name
      ? { address: { ...(address.street && { line: [address.street] }), ...(address.post_code && { postalCode: address.post_code }), ...(address.city_name && { city: address.city_name }) } }
      : {}),
    ...(address.is_online_only && { type: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-RoleCode", code: "VR", display: "virtual" }] }] }),
    ...(facility.name && { managingOrganization: { display: facility.name } }),
  };
}

/** What booking a slot needs, kept in its id: where, when, which service and how long. */
export interface SlotKey {
  facilityId: string;
  doctorId: string;
  addressId: string;
  start: string;
  addressServiceId: string;
  duration: number;
}

/** The start as epoch seconds and its offset: numbers pack small, so the id fits FHIR's 64 characters. */
export const slotId = (k: SlotKey) =>
  id("Slot", k.facilityId, k.doctorId, k.addressId, String(Date.parse(k.start) / 1000), offsetOf(k.start) ?? "Z", k.addressServiceId, String(k.duration));

export function slotKey(parts: string[]): SlotKey | undefined {
  const [facilityId, doctorId, addressId, seconds, offset, addressServiceId, duration] = parts;
  if (!facilityId || !doctorId || !addressId || !seconds || !offset || !addressServiceId || !duration) return undefined;
  const start = atOffset(new Date(Number(seconds) * 1000).toISOString(), offset);
  return { facilityId, doctorId, addressId, start, addressServiceId, duration: Number(duration) };
}

/** A free start; its length is its address service's (Docplanner lists starts only). */
export function toSlot(k: SlotKey, practitionerDisplay?: string): Slot {
  const start = utcInstant(k.start);
  return {
    resourceType: "Slot",
    id: slotId(k),
    extension: [sourceTimezone(offsetOf(k.start) ?? "Z")],
    schedule: { identifier: { system: `urn:switchboard:${V}:schedule`, value: `${k.doctorId}@${k.addressId}` }, ...(practitionerDisplay && { display: practitionerDisplay }) },
    status: "free",
    start,
    end: new Date(Date.parse(start) + k.duration * 60_000).toISOString().replace(/\.000Z$/, "Z"),
  };
}

/** Docplanner's booking status (and presence), as FHIR's. */
export function appointmentStatus(b: Pick<DocplannerBooking, "status" | "canceled_at" | "presence">): Appointment["status"] {
  if (b.status === "canceled" || b.status === "cancelled" || b.canceled_at) return "cancelled";
  if (b.presence?.toLowerCase() === "absent") return "noshow";
  if (b.presence?.toLowerCase() === "present") return "fulfilled";
  return "booked";
}

export function toPatient(p: NonNullable<DocplannerBooking["patient"]>): Patient {
  const telecom = [
    ...(p.phone !== undefined && p.phone !== null ? [{ system: "phone" as const, value: String(p.phone) }] : []),
    ...(p.email ? [{ system: "email" as const, value: p.email }] : []),
  ];
  return {
    resourceType: "Patient",
    id: "patient",
    name: [{ ...(p.name && { given: [p.name] }), ...(p.surname && { family: p.surname }) }],
    ...(telecom.length && { telecom }),
    ...(p.birth_date && { birthDate: p.birth_date }),
    ...(p.gender === "m" ? { gender: "male" as const } : p.gender === "f" ? { gender: "female" as const } : {}),
  };
}

export function toAppointment(at: { facilityId: string; doctorId: string; addressId: string }, booking: DocplannerBooking): Appointment {
  const start = utcInstant(booking.start_at);
  const end = booking.end_at ? utcInstant(booking.end_at) : booking.duration ? new Date(Date.parse(start) + booking.duration * 60_000).toISOString().replace(/\.000Z$/, "Z") : undefined;
  const status = appointmentStatus(booking);
  const patient = booking.patient ? toPatient(booking.patient) : undefined;
  const practitioner: Reference<Practitioner> = { reference: `Practitioner/${practitionerId(at.facilityId, at.doctorId)}` };
  return {
    resourceType: "Appointment",
    id: appointmentId(at.facilityId, at.doctorId, at.addressId, booking.id),
    ...(patient && { contained: [patient] }),
    extension: [vendorStatus([booking.status ?? "booked", booking.presence].filter(Boolean).join(";")), sourceTimezone(offsetOf(booking.start_at) ?? "Z")],
    identifier: [vendorIdentifier(V, "booking", booking.id)],
    status,
    ...(booking.address_service?.name && { serviceType: [{ text: booking.address_service.name }] }),
    start,
    ...(end && { end }),
    ...(booking.duration && { minutesDuration: booking.duration }),
    ...(booking.comment && { comment: booking.comment }),
    participant: [
      { actor: practitioner, status: "accepted" },
      { actor: { reference: `Location/${locationId(at.facilityId, at.doctorId, at.addressId)}` }, status: "accepted" },
      ...(patient ? [{ actor: { reference: "#patient" }, status: "accepted" as const }] : []),
    ],
  };
}

/** The bookSlot body for a FHIR Appointment: its slot, and the patient it contains. */
export function bookingRequest(appointment: Appointment, slot: SlotKey): Record<string, unknown> {
  const ref = appointment.participant?.find((p) => p.actor?.reference?.startsWith("#"))?.actor?.reference?.slice(1);
  const patient = appointment.contained?.find((r): r is Patient => r.resourceType === "Patient" && (ref === undefined || r.id === ref));
  if (!patient) throw new FhirError(400, "required", "booking with Docplanner needs the patient as a contained Patient (Docplanner has no patient register)", ["Appointment.contained"]);
  const name = patient.name?.[0];
  const phone = patient.telecom?.find((t) => t.system === "phone")?.value;
  const given = name?.given?.join(" ") ?? name?.text;
  if (!given) throw new FhirError(400, "required", "the contained Patient needs a name", ["Patient.name"]);
  if (!phone) throw new FhirError(400, "required", "the contained Patient needs a phone (Docplanner requires one)", ["Patient.telecom"]);
  const email = patient.telecom?.find((t) => t.system === "email")?.value;
  return {
    address_service_id: slot.addressServiceId,
    duration: slot.duration,
    ...(appointment.comment && { comment: appointment.comment }),
    patient: {
      name: given,
      ...(name?.family && { surname: name.family }),
      phone,
      ...(email && { email }),
      ...(patient.birthDate && { birth_date: patient.birthDate }),
      ...(patient.gender === "male" ? { gender: "m" } : patient.gender === "female" ? { gender: "f" } : {}),
    },
  };
}


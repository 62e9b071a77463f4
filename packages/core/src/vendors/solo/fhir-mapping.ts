import type { Address, Appointment, AppointmentParticipant, ContactPoint, HumanName, Identifier, Location, Patient, Slot } from "@medplum/fhirtypes";
import { inlineId } from "../../fhir/ids";
import { sourceTimezone, vendorIdentifier, vendorStatus } from "../../fhir/model";
import { FhirError } from "../../fhir/outcome";

/**
 * Teladoc Health Solo behind the FHIR facade (docs: ../shared/vendor-docs/teladoc-solo-api.txt).
 * A patient is a Patient, a waiting room (where a virtual visit waits to be seen) a Location, a
 * free appointment-slot of a waiting room a Slot, an appointment an Appointment. Solo documents
 * no provider resource (providers only appear inside an appointment), so there is no Practitioner;
 * and no Solo resource is a visit as FHIR's Encounter means it (visit notes and encounter reports
 * are documents about one), so there is no Encounter.
 *
 * Times are Unix seconds on Solo's wire: UTC instants here, source timezone "UTC".
 * The mappings are pure functions, tested with the docs' examples.
 */
export const V = "solo";
const ZONE = "UTC";

export interface SoloName {
  use?: string;
  family?: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  alias?: string;
}
export interface SoloTelecom {
  use?: string;
  system?: string;
  value?: string;
}
export interface SoloAddress {
  city?: string;
  use?: string;
  apartment?: string;
  country?: string;
  state?: string;
  postalcode?: string;
  line?: string[];
}
/** Solo's demographics: Get Patient's body, Create Patient's (with `id`), an appointment's `patient.demographics`. */
export interface SoloPatient {
  id?: string;
  mrn?: string;
  accountNumber?: string;
  name?: SoloName[];
  birthDate?: string;
  gender?: string;
  maritalStatus?: string;
  telecom?: SoloTelecom[];
  contact?: { telecom?: SoloTelecom[]; name?: unknown[] }[];
  preferredLanguage?: string;
  race?: string;
  ethnicity?: string;
  address?: SoloAddress[];
  active?: boolean;
  deceased?: boolean;
  deceasedAt?: string;
  [more: string]: unknown;
}
export interface SoloWaitingRoom {
  id: string;
  name: string;
  serviceLine?: string;
  serviceType?: string;
}
export interface SoloSlot {
  date: number;
  duration: number;
}
/** Get Appointment's body (the docs' "Single Appointment" response). */
export interface SoloAppointment {
  id: number | string;
  date?: number;
  duration?: number;
  reasons?: string[];
  status?: string;
  videoCall?: { id?: string; status?: string } | null;
  externalId?: string | null;
  patient?: { id?: string; demographics?: SoloPatient };
  providers?: { id?: string; email?: string; firstName?: string; middleName?: string; lastName?: string }[];
}

const fail = (message: string): never => {
  throw new FhirError(500, "exception", message);
};
const instant = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");
const nonEmpty = (values: (string | undefined | null)[]) => values.filter((v): v is string => typeof v === "string" && v.trim() !== "");

/* Ids. Solo's appointment ids (SAID) and patient ids (SPID) are its own numbers: inline. The
 * patient's external id is the integrator's (often an EHR's patient id): hashed, by the adapter. */
export const appointmentId = (said: number | string) => inlineId(["Appointment", String(said)]) ?? fail("a Solo appointment id does not fit FHIR's 64 characters");
export const spidPatientId = (spid: number | string) => inlineId(["Patient", "spid", String(spid)]) ?? fail("a Solo patient id does not fit FHIR's 64 characters");
/** Waiting rooms are named by their uuid (Solo's slot search and booking take the name, looked up again). */
export const locationId = (roomId: string) => inlineId(["Location", roomId]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A uuid as 22 base64url characters, so a Slot's id (room, start, length) fits 64 characters. */
export function compactRoomId(roomId: string): string {
  return UUID.test(roomId) ? Buffer.from(roomId.replace(/-/g, ""), "hex").toString("base64url") : roomId;
}
export function sameRoom(roomId: string, compact: string): boolean {
  return roomId === compact || compactRoomId(roomId) === compact;
}

export interface SlotKey {
  room: string;
  date: number;
  duration: number;
}
export const slotId = (k: SlotKey) => inlineId(["Slot", compactRoomId(k.room), String(k.date), String(k.duration)]);
export function slotKey(parts: string[]): SlotKey | undefined {
  const [room, date, duration] = parts;
  if (parts.length !== 3 || !room || !/^\d+$/.test(date ?? "") || !/^\d+$/.test(duration ?? "")) return undefined;
  return { room, date: Number(date), duration: Number(duration) };
}

export function toLocation(room: SoloWaitingRoom): Location {
  return {
    resourceType: "Location",
    id: locationId(room.id) ?? fail("a Solo waiting room id does not fit FHIR's 64 characters"),
    identifier: [vendorIdentifier(V, "waiting-room", room.id)],
    status: "active",
    mode: "instance",
    name: room.name,
    ...(room.serviceLine || room.serviceType ? { description: nonEmpty([room.serviceLine && `Service line: ${room.serviceLine}`, room.serviceType && `service type: ${room.serviceType}`]).join("; ") } : {}),
    // A waiting room is where virtual visits wait: a virtual place.
    type: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-RoleCode", code: "VR", display: "virtual" }] }],
  };
}

export function toSlot(room: SoloWaitingRoom, slot: SoloSlot): Slot {
  return {
    resourceType: "Slot",
    id: slotId({ room: room.id, date: slot.date, duration: slot.duration }) ?? fail("a Solo slot id does not fit FHIR's 64 characters"),
    extension: [sourceTimezone(ZONE)],
    schedule: { reference: `Location/${locationId(room.id)}`, display: room.name },
    status: "free",
    start: instant(slot.date),
    end: instant(slot.date + slot.duration),
  };
}

/* Patients. */

const NAME_USES = ["usual", "official", "temp", "nickname", "anonymous", "old", "maiden"];
const GENDERS = ["male", "female", "other", "unknown"];
const TELECOM_SYSTEMS = ["phone", "fax", "email", "pager", "url", "sms", "other"];
const TELECOM_USES = ["home", "work", "temp", "old", "mobile"];
const ADDRESS_USES = ["home", "work", "temp", "old", "billing"];
const MARITAL: Record<string, { code: string; display: string }> = {
  married: { code: "M", display: "Married" },
  single: { code: "S", display: "Never Married" },
  divorced: { code: "D", display: "Divorced" },
  widowed: { code: "W", display: "Widowed" },
  separated: { code: "L", display: "Legally Separated" },
  "domestic partner": { code: "T", display: "Domestic partner" },
};
const pick = <T extends string>(value: string | undefined, allowed: readonly string[]) => (value && allowed.includes(value.toLowerCase()) ? (value.toLowerCase() as T) : undefined);

/** Solo's `family` is the whole name in the docs' example ("Mike Shinoda" beside firstName/lastName): FHIR's text. */
function toName(n: SoloName): HumanName {
  const given = nonEmpty([n.firstName, n.middleName]);
  const family = nonEmpty([n.lastName])[0];
  const text = nonEmpty([n.family])[0];
  const use = pick<NonNullable<HumanName["use"]>>(n.use, NAME_USES);
  return { ...(use && { use }), ...(text && { text }), ...(family && { family }), ...(given.length && { given }) };
}

function toTelecom(t: SoloTelecom): ContactPoint | undefined {
  if (!t.value) return undefined;
  const system = pick<NonNullable<ContactPoint["system"]>>(t.system, TELECOM_SYSTEMS);
  const use = pick<NonNullable<ContactPoint["use"]>>(t.use, TELECOM_USES);
  return { ...(system && { system }), value: t.value, ...(use && { use }) };
}

function toAddress(a: SoloAddress): Address {
  const line = nonEmpty([...(a.line ?? []), a.apartment]);
  const use = pick<NonNullable<Address["use"]>>(a.use, ADDRESS_USES);
  return {
    ...(use && { use }),
    ...(line.length && { line }),
    ...(a.city && { city: a.city }),
    ...(a.state && { state: a.state }),
    ...(a.postalcode && { postalCode: a.postalcode }),
    ...(a.country && { country: a.country }),
  };
}

/** `2020-03-31 10:12 AM` (no zone in the docs): the day, which is a FHIR dateTime without a zone to invent. */
function deceasedDay(at: string | undefined): string | undefined {
  return /^(\d{4}-\d{2}-\d{2})/.exec(at ?? "")?.[1];
}

export function toPatient(id: string, p: SoloPatient, ids: { externalId?: string; spid?: number | string } = {}): Patient {
  const identifier: Identifier[] = [
    ...(ids.externalId ? [vendorIdentifier(V, "patient", ids.externalId)] : []),
    ...(ids.spid !== undefined ? [vendorIdentifier(V, "spid", String(ids.spid))] : []),
    ...(p.mrn ? [{ ...vendorIdentifier(V, "mrn", p.mrn), type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MR" }] } }] : []),
    ...(p.accountNumber ? [vendorIdentifier(V, "account", p.accountNumber)] : []),
  ];
  const names = (p.name ?? []).map(toName).filter((n) => n.text || n.family || n.given);
  const telecom = (p.telecom ?? []).map(toTelecom).filter((t): t is ContactPoint => t !== undefined);
  const contacts = (p.contact ?? []).map((c) => (c.telecom ?? []).map(toTelecom).filter((t): t is ContactPoint => t !== undefined)).filter((t) => t.length);
  const addresses = (p.address ?? []).map(toAddress).filter((a) => Object.keys(a).length);
  const gender = pick<NonNullable<Patient["gender"]>>(p.gender, GENDERS);
  const marital = p.maritalStatus ? MARITAL[p.maritalStatus.toLowerCase()] : undefined;
  const day = p.deceased ? deceasedDay(p.deceasedAt) : undefined;
  return {
    resourceType: "Patient",
    id,
    ...(identifier.length && { identifier }),
    ...(p.active !== undefined && { active: p.active }),
    ...(names.length && { name: names }),
    ...(telecom.length && { telecom }),
    ...(gender && { gender }),
    ...(p.birthDate && { birthDate: p.birthDate }),
    ...(p.deceased !== undefined && (day ? { deceasedDateTime: day } : { deceasedBoolean: p.deceased })),
    ...(addresses.length && { address: addresses }),
    ...(p.maritalStatus && {
      maritalStatus: { text: p.maritalStatus, ...(marital && { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", ...marital }] }) },
    }),
    ...(contacts.length && { contact: contacts.map((t) => ({ telecom: t })) }),
    ...(p.preferredLanguage && { communication: [{ language: { text: p.preferredLanguage }, preferred: true }] }),
  };
}

const identifierValue = (patient: Patient, kind: string) => patient.identifier?.find((i) => i.system === `urn:switchboard:${V}:${kind}`)?.value;

/**
 * Create Patient's body for a FHIR Patient. "Field id is required" (docs, Create Patient): the
 * patient's id in the integrator's system, given as an identifier `urn:switchboard:solo:patient`.
 */
export function patientRequest(patient: Patient): Record<string, unknown> {
  const id = identifierValue(patient, "patient");
  if (!id) throw new FhirError(400, "required", "Solo needs the patient's own id: an identifier with system urn:switchboard:solo:patient (Create Patient: \"Field id is required\")", ["Patient.identifier"]);
  const mrn = identifierValue(patient, "mrn") ?? patient.identifier?.find((i) => i.type?.coding?.some((c) => c.code === "MR"))?.value;
  const account = identifierValue(patient, "account");
  const name = (patient.name ?? []).map((n) => {
    const [firstName, ...middle] = n.given ?? [];
    return {
      ...(n.use && { use: n.use }),
      ...(firstName && { firstName }),
      ...(middle.length && { middleName: middle.join(" ") }),
      ...(n.family && { lastName: n.family }),
      family: n.text ?? nonEmpty([...(n.given ?? []), n.family]).join(" "),
    };
  });
  const telecom = (patient.telecom ?? []).filter((t) => t.value).map((t) => ({ ...(t.use && { use: t.use }), ...(t.system && { system: t.system }), value: t.value }));
  const address = (patient.address ?? []).map((a) => ({
    ...(a.use && { use: a.use }),
    ...(a.line && { line: a.line }),
    ...(a.city && { city: a.city }),
    ...(a.state && { state: a.state }),
    ...(a.postalCode && { postalcode: a.postalCode }),
    ...(a.country && { country: a.country }),
  }));
  const contact = (patient.contact ?? []).filter((c) => c.telecom?.length).map((c) => ({ telecom: c.telecom!.map((t) => ({ ...(t.use && { use: t.use }), ...(t.system && { system: t.system }), value: t.value })) }));
  const language = patient.communication?.find((c) => c.preferred)?.language ?? patient.communication?.[0]?.language;
  const languageText = language?.text ?? language?.coding?.[0]?.display;
  const marital = patient.maritalStatus?.text ?? patient.maritalStatus?.coding?.[0]?.display?.toLowerCase();
  return {
    id,
    ...(mrn && { mrn }),
    ...(account && { accountNumber: account }),
    ...(name.length && { name }),
    ...(patient.birthDate && { birthDate: patient.birthDate }),
    ...(patient.gender && { gender: patient.gender }),
    ...(marital && { maritalStatus: marital }),
    ...(telecom.length && { telecom }),
    ...(contact.length && { contact }),
    ...(languageText && { preferredLanguage: languageText }),
    ...(address.length && { address }),
    ...(patient.active !== undefined && { active: patient.active }),
    ...deceasedFields(patient),
  };
}

/** "Field deceasedAt is required if deceased is true" (Create Patient), written as the docs' `2020-03-31 10:12 AM`. */
function deceasedFields(patient: Patient): Record<string, unknown> {
  if (patient.deceasedBoolean === false) return { deceased: false };
  if (patient.deceasedBoolean === true) {
    throw new FhirError(400, "required", "Solo needs the time of death with deceased (deceasedAt is required if deceased is true): give deceasedDateTime", ["Patient.deceasedDateTime"]);
  }
  const at = patient.deceasedDateTime;
  if (!at) return {};
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?/.exec(at);
  if (!m) throw new FhirError(400, "invalid", "deceasedDateTime must be a date (YYYY-MM-DD) or date-time", ["Patient.deceasedDateTime"]);
  const hour = Number(m[2] ?? 0);
  const clock = `${String(hour % 12 === 0 ? 12 : hour % 12).padStart(2, "0")}:${m[3] ?? "00"} ${hour < 12 ? "AM" : "PM"}`;
  return { deceased: true, deceasedAt: `${m[1]} ${clock}` };
}

/* Appointments. */

/**
 * Solo's appointment statuses (Get Appointment: "one of [scheduled, arrived, in progress.intake.ready,
 * in progress.intake.progress, in progress.exam.ready, in progress.exam.progress, discharge.ready,
 * discharge.progress, completed, sign off, cancelled, not showed up]") as FHIR's: the visit under way
 * (intake, exam, discharge) is checked-in; completed and signed off are fulfilled.
 */
export function appointmentStatus(status: string | undefined): Appointment["status"] {
  const s = (status ?? "scheduled").toLowerCase();
  if (s === "cancelled" || s === "canceled") return "cancelled";
  if (s === "not showed up" || s === "no-show") return "noshow";
  if (s === "completed" || s === "sign off") return "fulfilled";
  if (s === "arrived") return "arrived";
  if (s.startsWith("in progress") || s.startsWith("discharge")) return "checked-in";
  return "booked";
}

/** The participants Solo can name: the patient (by our Patient id), the room where it is known, the providers by name. */
export interface AppointmentParties {
  patient?: string;
  location?: string;
}

export function toAppointment(a: SoloAppointment, parties: AppointmentParties = {}): Appointment {
  const status = appointmentStatus(a.status);
  const timed = typeof a.date === "number" && typeof a.duration === "number" && a.duration > 0;
  const providers = (a.providers ?? []).map(
    (p): AppointmentParticipant => ({
      actor: {
        ...(p.id && { identifier: vendorIdentifier(V, "provider", p.id) }),
        display: nonEmpty([p.firstName, p.middleName, p.lastName]).join(" ") || `Provider ${p.id ?? ""}`.trim(),
      },
      status: "accepted",
    }),
  );
  const participant: AppointmentParticipant[] = [
    ...(parties.patient ? [{ actor: { reference: `Patient/${parties.patient}` }, status: "accepted" as const }] : []),
    ...(parties.location ? [{ actor: { reference: `Location/${parties.location}` }, status: "accepted" as const }] : []),
    ...providers,
  ];
  const raw = [a.status ?? "scheduled", a.videoCall?.status && `videoCall:${a.videoCall.status}`].filter(Boolean).join(";");
  return {
    resourceType: "Appointment",
    id: appointmentId(a.id),
    extension: [vendorStatus(raw), sourceTimezone(ZONE)],
    identifier: [vendorIdentifier(V, "appointment", String(a.id)), ...(a.externalId ? [vendorIdentifier(V, "appointment-external", a.externalId)] : [])],
    status,
    ...(a.reasons?.length && { reasonCode: a.reasons.map((text) => ({ text })) }),
    ...(timed && { start: instant(a.date!), end: instant(a.date! + a.duration!), minutesDuration: Math.max(1, Math.round(a.duration! / 60)) }),
    // FHIR's participant is 1..*: where Solo names nobody (a webhook's cancellation), the patient is there, unnamed.
    participant: participant.length ? participant : [{ type: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", code: "SBJ", display: "subject" }] }], status: "accepted" }],
  };
}

/** Create Appointment's body (less the patient, which is in its path) for a room, a start and a length. */
export function appointmentRequest(appointment: Appointment, room: string, date: number | undefined, duration: number | undefined): Record<string, unknown> {
  const reasons = nonEmpty((appointment.reasonCode ?? []).map((r) => r.text ?? r.coding?.[0]?.display));
  const externalId = appointment.identifier?.find((i) => i.system === `urn:switchboard:${V}:appointment-external`)?.value;
  return {
    waitingRoom: room,
    ...(date !== undefined && { date }),
    ...(duration !== undefined && { duration }),
    ...(reasons.length && { reasons }),
    ...(externalId && { externalId }),
  };
}

import type { Appointment, AppointmentParticipant, Encounter, Patient, Practitioner, Reference, Slot } from "@medplum/fhirtypes";
import { inlineId, inlineParts } from "../../fhir/ids";
import { identifierSystem, sourceTimezone, vendorIdentifier, vendorStatus } from "../../fhir/model";
import { FhirError } from "../../fhir/outcome";

/**
 * VSee Clinic behind the FHIR facade (../shared/vendor-docs/vsee-clinic-api.txt):
 *
 * - Practitioner: a provider. VSee documents no provider directory in this API, only the
 *   providers' ids in `GET /availability` (`"providers": ["123", "345"]`) and the provider object
 *   inside visits, so a Practitioner is its VSee id (and the name where a visit carries it).
 * - Slot: one provider's share of an availability entry (`{start, end, providers}`): a slot is
 *   free for each provider it lists.
 * - Appointment: a visit of type 2 ("Create an appointment", `type=2`).
 * - Encounter: a visit that is a session rather than only a booking: walk-ins (type 1, "a visit
 *   that starts now"), e-consults (type 3), and appointments once under way (status 30) or closed
 *   after they started (`actual_start` set). An appointment not yet begun is only an Appointment.
 * - Patient: none. VSee's patients are SSO users (`POST /users/sso`), with no lookup in these
 *   docs; a visit names its member by VSee id, kept as the participant's identifier.
 *
 * Times: VSee answers Unix seconds (as numbers or digits), so instants are UTC and the source
 * timezone is UTC. Statuses: the docs name none; what each code means is read from where the
 * examples show it (fields.ts), and the raw code travels in the vendor-status extension.
 */
export const V = "vsee";

export interface VseePerson {
  id?: string | number;
  first_name?: string | null;
  last_name?: string | null;
  full_name?: string | null;
  title?: string | null;
  suffix?: string | null;
  [field: string]: unknown;
}

export interface VseeVisit {
  id?: string | number;
  _id?: string | number;
  member_id?: string | number | null;
  provider_id?: string | number | null;
  start?: string | number | null;
  end?: string | number | null;
  actual_start?: string | number | null;
  actual_end?: string | number | null;
  type?: string | number | null;
  status?: string | number | null;
  intake?: { reason_for_visit?: string | null } | null;
  provider?: VseePerson | null;
  [field: string]: unknown;
}

export interface VseeAvailability {
  start: string | number;
  end: string | number;
  providers?: (string | number)[];
}

export const VISIT_TYPE = { walkin: 1, appointment: 2, econsult: 3 } as const;

/** A VSee number (sent as a number or its digits), or undefined. */
export function whole(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** Unix seconds as a FHIR instant (UTC, no milliseconds), or undefined for none (null, 0, ""). */
export function instantOf(seconds: unknown): string | undefined {
  const s = whole(seconds);
  return s === undefined || s <= 0 ? undefined : new Date(s * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/** A FHIR instant as VSee's Unix seconds. */
export const secondsOf = (instant: string) => String(Math.floor(Date.parse(instant) / 1000));

const text = (value: unknown) => (value === undefined || value === null || value === "" ? undefined : String(value));
const idText = (value: unknown) => {
  const t = text(value);
  return t === undefined || t === "0" ? undefined : t;
};

const mint = (kind: string, ...parts: string[]) =>
  inlineId([kind, ...parts]) ??
  ((): never => {
    throw new FhirError(500, "exception", `a VSee ${kind} key does not fit a FHIR id`);
  })();

export const practitionerId = (providerId: string) => mint("Practitioner", providerId);
export const appointmentId = (visitId: string) => mint("Appointment", visitId);
export const encounterId = (visitId: string) => mint("Encounter", visitId);

/** What a slot id keeps: whose slot and when, as VSee's availability gives it. */
export interface SlotKey {
  providerId: string;
  start: string;
  end: string;
}
export const slotId = (k: SlotKey) => mint("Slot", k.providerId, k.start, k.end);

/** The key parts of one of our ids of `kind`, or undefined when it is not one. */
export function keyOf(kind: string, id: string | undefined, count: number): string[] | undefined {
  const parts = id === undefined ? undefined : inlineParts(id);
  return parts && parts[0] === kind && parts.length === count + 1 ? parts.slice(1) : undefined;
}

export function slotKey(id: string | undefined): SlotKey | undefined {
  const parts = keyOf("Slot", id, 3);
  if (!parts) return undefined;
  const [providerId, start, end] = parts as [string, string, string];
  return whole(start) !== undefined && whole(end) !== undefined ? { providerId, start, end } : undefined;
}

const nameOf = (p: VseePerson | null | undefined) => text(p?.full_name) ?? ([p?.first_name, p?.last_name].filter((x) => text(x)).join(" ") || undefined);

export function toPractitioner(providerId: string, person?: VseePerson | null): Practitioner {
  const name = nameOf(person);
  return {
    resourceType: "Practitioner",
    id: practitionerId(providerId),
    identifier: [vendorIdentifier(V, "provider", providerId)],
    ...(name && {
      name: [{ text: name, ...(text(person?.first_name) && { given: [String(person!.first_name)] }), ...(text(person?.last_name) && { family: String(person!.last_name) }), ...(text(person?.title) && { prefix: [String(person!.title)] }) }],
    }),
  };
}

/** An availability entry as one free Slot per provider it lists. */
export function toSlots(entry: VseeAvailability): Slot[] {
  const start = instantOf(entry.start);
  const end = instantOf(entry.end);
  if (!start || !end) return [];
  return (entry.providers ?? []).map((p) => {
    const providerId = String(p);
    return {
      resourceType: "Slot",
      id: slotId({ providerId, start: String(whole(entry.start)), end: String(whole(entry.end)) }),
      extension: [sourceTimezone("UTC")],
      identifier: [vendorIdentifier(V, "provider", providerId)],
      schedule: { identifier: { system: identifierSystem(V, "schedule"), value: providerId } },
      status: "free",
      start,
      end,
    };
  });
}

/**
 * A type-2 visit's status as an Appointment's. 20 is an upcoming appointment; 30 one under way
 * (the docs' appointment answer: status 30 with `actual_start` set); 40 a closed visit (the
 * current-visit example: `completed_by` set). `POST /visits/close` both closes and cancels ("Close/
 * Cancel a visit or an appointment"), so a closed appointment that never started was cancelled,
 * and one that started was fulfilled.
 */
export function appointmentStatus(visit: Pick<VseeVisit, "status" | "actual_start">): Appointment["status"] {
  const status = whole(visit.status);
  if (status === 30) return "arrived";
  if (status === 40) return instantOf(visit.actual_start) ? "fulfilled" : "cancelled";
  return "booked";
}

/** The visit's member as a participant or subject: VSee's id (there is no Patient resource here). */
export const memberReference = (memberId: string): Reference<Patient> => ({ identifier: vendorIdentifier(V, "member", memberId) });

export const visitIdOf = (visit: VseeVisit) => idText(visit.id) ?? idText(visit._id);

function participants(visit: VseeVisit): AppointmentParticipant[] {
  const member = idText(visit.member_id);
  const provider = idText(visit.provider_id);
  return [
    ...(member ? [{ actor: memberReference(member), status: "accepted" as const }] : []),
    ...(provider ? [{ actor: { reference: `Practitioner/${practitionerId(provider)}`, ...(nameOf(visit.provider) && { display: nameOf(visit.provider) }) }, status: "accepted" as const }] : []),
  ];
}

export function isAppointment(visit: VseeVisit): boolean {
  return whole(visit.type) === VISIT_TYPE.appointment;
}

/** A type-2 visit as an Appointment; `status` overrides the mapped one (a change VSee's answer does not show yet). */
export function toAppointment(visit: VseeVisit, status?: Appointment["status"]): Appointment {
  const visitId = visitIdOf(visit);
  if (!visitId) throw new FhirError(502, "transient", "VSee answered a visit without its id");
  const start = instantOf(visit.start);
  const end = instantOf(visit.end);
  const mapped = status ?? appointmentStatus(visit);
  const people = participants(visit);
  const reason = text(visit.intake?.reason_for_visit);
  return {
    resourceType: "Appointment",
    id: appointmentId(visitId),
    extension: [vendorStatus(text(visit.status) ?? "unknown"), sourceTimezone("UTC")],
    identifier: [vendorIdentifier(V, "visit", visitId)],
    status: mapped,
    ...(reason && { description: reason }),
    ...(start && { start }),
    ...(end && { end }),
    ...(start && end && { minutesDuration: Math.round((Date.parse(end) - Date.parse(start)) / 60_000) }),
    // FHIR needs a participant; a visit always has a member, but keep the resource valid if not.
    participant: people.length ? people : [{ type: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", code: "SBJ" }] }], status: "needs-action" }],
  };
}

/** Whether a visit is a session (an Encounter), per the module comment. */
export function isEncounter(visit: VseeVisit): boolean {
  const type = whole(visit.type);
  if (type === VISIT_TYPE.walkin || type === VISIT_TYPE.econsult) return true;
  if (type !== VISIT_TYPE.appointment) return false;
  return whole(visit.status) === 30 || instantOf(visit.actual_start) !== undefined;
}

/**
 * A visit's status as an Encounter's: 10 a walk-in waiting in its room (arrived), 20 an e-consult
 * no provider has accepted yet (planned), 30 under way (in-progress), 40 closed: finished if it
 * started (or is an e-consult, which has no call), else cancelled.
 */
export function encounterStatus(visit: VseeVisit): Encounter["status"] {
  const status = whole(visit.status);
  if (status === 10) return "arrived";
  if (status === 20) return "planned";
  if (status === 30) return "in-progress";
  if (status === 40) return instantOf(visit.actual_start) || whole(visit.type) === VISIT_TYPE.econsult ? "finished" : "cancelled";
  return "unknown";
}

const TYPE_NAMES: Record<number, string> = { 1: "walk-in", 2: "appointment", 3: "e-consult" };

export function toEncounter(visit: VseeVisit): Encounter {
  const visitId = visitIdOf(visit);
  if (!visitId) throw new FhirError(502, "transient", "VSee answered a visit without its id");
  const type = whole(visit.type);
  const member = idText(visit.member_id);
  const provider = idText(visit.provider_id);
  const start = instantOf(visit.actual_start) ?? instantOf(visit.start);
  const end = instantOf(visit.actual_end);
  const reason = text(visit.intake?.reason_for_visit);
  return {
    resourceType: "Encounter",
    id: encounterId(visitId),
    extension: [vendorStatus(text(visit.status) ?? "unknown"), sourceTimezone("UTC")],
    identifier: [vendorIdentifier(V, "visit", visitId)],
    status: encounterStatus(visit),
    // Every VSee visit is a video or asynchronous telehealth session.
    class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "VR", display: "virtual" },
    ...(type !== undefined && TYPE_NAMES[type] && { type: [{ coding: [{ system: identifierSystem(V, "visit-type"), code: String(type), display: TYPE_NAMES[type] }], text: TYPE_NAMES[type] }] }),
    ...(member && { subject: memberReference(member) }),
    ...(provider && { participant: [{ individual: { reference: `Practitioner/${practitionerId(provider)}`, ...(nameOf(visit.provider) && { display: nameOf(visit.provider) }) } }] }),
    ...(type === VISIT_TYPE.appointment && { appointment: [{ reference: `Appointment/${appointmentId(visitId)}` }] }),
    ...(start && { period: { start, ...(end && Date.parse(end) >= Date.parse(start) && { end }) } }),
    ...(reason && { reasonCode: [{ text: reason }] }),
  };
}

/** The VSee member an Appointment books for: a participant whose actor is `urn:switchboard:vsee:member|{id}`. */
export function memberOf(appointment: Appointment): string | undefined {
  const system = identifierSystem(V, "member");
  const found = appointment.participant?.find((p) => p.actor?.identifier?.system === system)?.actor?.identifier?.value;
  if (found !== undefined && !/^\d{1,20}$/.test(found)) throw new FhirError(400, "invalid", "the member identifier must be VSee's numeric member id", ["Appointment.participant.actor.identifier"]);
  return found;
}

/** What POST /visits takes for a Slot (its docs' fields: slot_start, slot_end, type=2, intakeId, member_id). */
export function appointmentInput(slot: SlotKey, intakeId: string | undefined, memberId: string | undefined): Record<string, unknown> {
  return { slot_start: slot.start, slot_end: slot.end, type: VISIT_TYPE.appointment, ...(intakeId && { intakeId }), ...(memberId && { member_id: memberId }) };
}

/** What POST /intakes takes to name the provider and reason (its docs' example: provider, reason_for_visit, type). */
export function intakeInput(providerId: string, reason: string | undefined): Record<string, unknown> {
  return { provider: providerId, type: VISIT_TYPE.appointment, ...(reason && { reason_for_visit: reason }) };
}

/** What POST /visits/:id?version=2 takes to move an appointment ("do the same as above": slot_start, slot_end). */
export function rescheduleInput(visitId: string, start: string, end: string): Record<string, unknown> {
  return { id: visitId, slot_start: secondsOf(start), slot_end: secondsOf(end) };
}

import type { Appointment, Resource } from "@medplum/fhirtypes";
import { VendorError } from "../../errors";
import type { AppointmentChange, FhirAdapter, FhirContext, SearchResult, WriteResult } from "../../fhir/adapter";
import { FhirError } from "../../fhir/outcome";
import { dateRange, onlyKnown, referencedId, type DateRange } from "../../fhir/search";
import { closeVisit } from "./operations/closeVisit";
import { createAppointment as createAppointmentOp } from "./operations/createAppointment";
import { createIntake } from "./operations/createIntake";
import { getAvailability } from "./operations/getAvailability";
import { getVisit } from "./operations/getVisit";
import { listVisits } from "./operations/listVisits";
import { updateAppointment } from "./operations/updateAppointment";
import {
  V,
  VISIT_TYPE,
  appointmentInput,
  appointmentStatus,
  instantOf,
  intakeInput,
  isAppointment,
  isEncounter,
  keyOf,
  memberOf,
  practitionerId,
  rescheduleInput,
  secondsOf,
  slotKey,
  toAppointment,
  toEncounter,
  toPractitioner,
  toSlots,
  visitIdOf,
  whole,
  type VseeAvailability,
  type VseeVisit,
} from "./fhir-mapping";

/**
 * VSee's FHIR adapter: the mappings in fhir-mapping.ts over its operations (what each resource is
 * lives there). Every call acts as the request's user where there is one (an app user's own SSO
 * token; a back-office service may name a user or use the account's token), as the vendor routes do.
 */

const dataOf = <T>(body: unknown): T | undefined => (body as { data?: T } | null)?.data;

async function availability(ctx: FhirContext): Promise<VseeAvailability[]> {
  return dataOf<VseeAvailability[]>(await ctx.read(getAvailability, {})) ?? [];
}

/** The Practitioner a reference parameter names, as its VSee provider id. */
function providerParam(params: URLSearchParams, name: string): string | undefined {
  const id = referencedId(params.get(name), "Practitioner", name);
  if (id === undefined) return undefined;
  const parts = keyOf("Practitioner", id, 1);
  if (!parts) throw new FhirError(404, "not-found", `${name} is not one of this connection's practitioners`, [name]);
  return parts[0];
}

const within = (instant: string | undefined, range: DateRange | undefined) => !range || (instant !== undefined && Date.parse(instant) >= range.from && Date.parse(instant) < range.to);

/** The visit an id of ours names, or undefined when VSee has none by that id (or it is not ours). */
async function visitFor(ctx: FhirContext, kind: string, id: string): Promise<VseeVisit | undefined> {
  const [visitId] = keyOf(kind, id, 1) ?? [];
  if (!visitId) return undefined;
  try {
    return dataOf<VseeVisit>(await ctx.read(getVisit, { id: visitId }));
  } catch (err) {
    if (err instanceof VendorError && err.code === "NOT_FOUND") return undefined;
    throw err;
  }
}

async function searchPractitioners(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, []);
  const ids = [...new Set((await availability(ctx)).flatMap((a) => (a.providers ?? []).map(String)))];
  return { resources: ids.map((id) => toPractitioner(id)) };
}

async function searchSlots(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["schedule.actor", "start"]);
  const provider = providerParam(params, "schedule.actor");
  const range = dateRange(params.getAll("start"), "start");
  const slots = (await availability(ctx)).flatMap(toSlots).filter((s) => (provider === undefined || s.identifier?.[0]?.value === provider) && within(s.start, range));
  return { resources: slots };
}

/** The account's (or the acting user's) visits of a type, or all. */
async function visits(ctx: FhirContext, type?: number): Promise<VseeVisit[]> {
  return dataOf<VseeVisit[]>(await ctx.read(listVisits, type === undefined ? {} : { type })) ?? [];
}

async function searchAppointments(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["date", "practitioner"]);
  const provider = providerParam(params, "practitioner");
  const range = dateRange(params.getAll("date"), "date");
  const found = (await visits(ctx, VISIT_TYPE.appointment)).filter((v) => isAppointment(v) && (provider === undefined || String(v.provider_id) === provider) && within(instantOf(v.start), range));
  return { resources: found.map((v) => toAppointment(v)) };
}

async function searchEncounters(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["date", "practitioner"]);
  const provider = providerParam(params, "practitioner");
  const range = dateRange(params.getAll("date"), "date");
  const found = (await visits(ctx)).filter(isEncounter).map(toEncounter);
  return { resources: found.filter((e) => (provider === undefined || e.participant?.[0]?.individual?.reference === `Practitioner/${practitionerId(provider)}`) && within(e.period?.start, range)) };
}

/**
 * Booking a Slot: VSee takes the provider in the visit's intake (`POST /intakes` with `provider`,
 * as its example does, and the appointment visit with that `intakeId`), then `POST /visits` with
 * the slot's times and `type=2`. The member is the acting user (an app user's own SSO session) or,
 * for the back office, a participant `urn:switchboard:vsee:member|{id}`.
 */
async function book(ctx: FhirContext, appointment: Appointment): Promise<WriteResult> {
  const ref = appointment.slot?.[0]?.reference;
  if (!ref) throw new FhirError(400, "required", "Appointment.slot is required: booking with VSee books one of its free slots (GET Slot)", ["Appointment.slot"]);
  const slot = slotKey(ref.startsWith("Slot/") ? ref.slice(5) : undefined);
  if (!slot) throw new FhirError(400, "invalid", "Appointment.slot must reference one of this connection's Slots (Slot/{id})", ["Appointment.slot"]);
  for (const [field, at] of [["start", slot.start], ["end", slot.end]] as const) {
    const given = appointment[field];
    if (given !== undefined && Date.parse(given) !== Number(at) * 1000) throw new FhirError(400, "invalid", `Appointment.${field} differs from the slot's`, [`Appointment.${field}`]);
  }
  const member = memberOf(appointment);
  if (!member && !ctx.user) {
    throw new FhirError(400, "required", "name the patient: act as the patient's user, or add a participant whose actor.identifier is urn:switchboard:vsee:member|{VSee member id}", ["Appointment.participant"]);
  }
  const intake = await ctx.write(createIntake, intakeInput(slot.providerId, appointment.description ?? appointment.comment));
  // Nothing is booked yet: an intake on its own is no appointment, so the caller retries the booking.
  if (intake.kind === "queued") throw new FhirError(503, "transient", `VSee had no free slot in time; nothing was booked (the intake runs as job ${intake.jobId}); retry`);
  const intakeId = dataOf<{ id?: string }>(intake.body)?.id;
  if (!intakeId) throw new FhirError(502, "transient", "VSee created the intake without answering its id; nothing was booked");
  const written = await ctx.write(createAppointmentOp, appointmentInput(slot, intakeId, member));
  if (written.kind === "queued") return written;
  const visit = dataOf<VseeVisit>(written.body);
  if (!visit || !visitIdOf(visit)) throw new FhirError(502, "transient", "VSee booked the appointment without answering it");
  return { kind: "done", resource: toAppointment({ ...visit, type: visit.type ?? VISIT_TYPE.appointment }) };
}

async function patchAppointment(ctx: FhirContext, id: string, change: AppointmentChange): Promise<WriteResult<Appointment>> {
  if (change.status === "noshow") throw new FhirError(501, "not-supported", "VSee has no no-show status for a visit");
  const visit = await visitFor(ctx, "Appointment", id);
  if (!visit || !isAppointment(visit)) throw new FhirError(404, "not-found", `Appointment/${id} is not one of this connection's`, ["id"]);
  const visitId = visitIdOf(visit)!;
  const current = appointmentStatus(visit);
  if (current !== "booked") throw new FhirError(409, "conflict", `the appointment is ${current} (VSee status ${String(visit.status)}); only a booked appointment can change`);
  if (change.status === "cancelled") {
    const closed = await ctx.write(closeVisit, { id: visitId });
    if (closed.kind === "queued") return closed;
    const after = await visitFor(ctx, "Appointment", id);
    // VSee's close answers only the id; a closed visit it no longer lists was cancelled all the same.
    return { kind: "done", resource: after ? toAppointment(after) : toAppointment(visit, "cancelled") };
  }
  const [oldStart, oldEnd] = [whole(visit.start), whole(visit.end)].map((s) => (s === undefined ? NaN : s * 1000)) as [number, number];
  if (Number.isNaN(oldStart) || Number.isNaN(oldEnd)) throw new FhirError(502, "transient", "VSee answered the appointment without its times");
  const start = change.start ?? new Date(oldStart + (Date.parse(change.end!) - oldEnd)).toISOString();
  const end = change.end ?? new Date(Date.parse(change.start!) + (oldEnd - oldStart)).toISOString();
  if (Date.parse(end) <= Date.parse(start)) throw new FhirError(400, "invalid", "the appointment must end after it starts", ["end"]);
  const moved = await ctx.write(updateAppointment, rescheduleInput(visitId, start, end));
  if (moved.kind === "queued") return moved;
  const answered = dataOf<VseeVisit>(moved.body);
  const after = answered && visitIdOf(answered) && answered.start !== undefined ? answered : await visitFor(ctx, "Appointment", id);
  if (!after) throw new FhirError(502, "transient", "VSee moved the appointment but no longer answers it");
  const resource = toAppointment({ ...after, type: after.type ?? VISIT_TYPE.appointment });
  // The docs say little of this update ("do the same as above"): an answer at other times is VSee not moving it, said so.
  if (resource.start !== instantOf(secondsOf(start)) || resource.end !== instantOf(secondsOf(end))) {
    throw new FhirError(502, "transient", `VSee accepted the update but answers the appointment at ${resource.start ?? "no time"}, not the requested start`);
  }
  return { kind: "done", resource };
}

export const vseeFhir: FhirAdapter = {
  vendor: V,
  support: {
    Practitioner: {
      interactions: ["search-type"],
      documentation: "The providers VSee lists in its availability (GET /availability names providers by id only, and VSee documents no provider directory here).",
    },
    Slot: {
      interactions: ["search-type"],
      searchParams: [
        { name: "schedule.actor", type: "reference", documentation: "Practitioner/{id}: that provider's free slots (else every provider's)" },
        { name: "start", type: "date", documentation: "ge… and lt…, filtering VSee's availability (which takes no range)" },
      ],
    },
    Appointment: {
      interactions: ["read", "search-type", "create", "patch"],
      documentation:
        "An appointment is a VSee visit of type 2. create books a Slot (an intake naming the provider, then the appointment) for the acting user, or for a participant urn:switchboard:vsee:member|{id}; patch moves /start and /end (POST /visits/{id}?version=2) or sets /status to cancelled (POST /visits/close); VSee has no no-show (501).",
      searchParams: [
        { name: "date", type: "date", documentation: "The window (ge…, lt…, or a day)" },
        { name: "practitioner", type: "reference", documentation: "Practitioner/{id}" },
      ],
    },
    Encounter: {
      interactions: ["read", "search-type"],
      documentation: "A VSee visit that is a session: walk-ins, e-consults, and appointments once under way or closed after they started.",
      searchParams: [
        { name: "date", type: "date", documentation: "When the visit started (ge…, lt…, or a day)" },
        { name: "practitioner", type: "reference", documentation: "Practitioner/{id}" },
      ],
    },
  },
  search(ctx, type, params) {
    if (type === "Practitioner") return searchPractitioners(ctx, params);
    if (type === "Slot") return searchSlots(ctx, params);
    if (type === "Encounter") return searchEncounters(ctx, params);
    return searchAppointments(ctx, params);
  },
  async read(ctx, type, id) {
    const visit = await visitFor(ctx, type, id);
    if (!visit) return undefined;
    if (type === "Encounter") return isEncounter(visit) ? toEncounter(visit) : undefined;
    return isAppointment(visit) ? toAppointment(visit) : undefined;
  },
  create: (ctx, _type, resource: Resource) => book(ctx, resource as Appointment),
  patchAppointment,
};

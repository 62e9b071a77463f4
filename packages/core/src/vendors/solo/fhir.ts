import type { Appointment, Patient, Resource } from "@medplum/fhirtypes";
import type { AppointmentChange, FhirAdapter, FhirContext, SearchResult, WriteResult } from "../../fhir/adapter";
import { inlineParts } from "../../fhir/ids";
import { FhirError } from "../../fhir/outcome";
import { dateRange, onlyKnown, referencedId, required } from "../../fhir/search";
import { VendorError } from "../../errors";
import { createAppointment } from "./operations/createAppointment";
import { createAppointmentBySpid } from "./operations/createAppointmentBySpid";
import { createPatient } from "./operations/createPatient";
import { getAppointment } from "./operations/getAppointment";
import { getAppointmentSlots } from "./operations/getAppointmentSlots";
import { getPatient } from "./operations/getPatient";
import { getPatientBySpid } from "./operations/getPatientBySpid";
import { listWaitingRooms } from "./operations/listWaitingRooms";
import { updateAppointment } from "./operations/updateAppointment";
import {
  V,
  appointmentRequest,
  patientRequest,
  sameRoom,
  slotKey,
  spidPatientId,
  toAppointment,
  toLocation,
  toPatient,
  toSlot,
  type SoloAppointment,
  type SoloPatient,
  type SoloWaitingRoom,
} from "./fhir-mapping";

/** Solo's FHIR adapter: the mappings in fhir-mapping.ts over its operations (what each resource is lives there). */

const TITLE = "Teladoc Health Solo";

/** Solo's 404 ("… not found") as no such resource, for reads. */
async function orMissing<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof VendorError && err.code === "NOT_FOUND") return undefined;
    throw err;
  }
}

/** A patient's key: `["ext", externalId]` (hashed: the integrator's id may be an EHR's) or `["spid", n]` (inline). */
type PatientKey = { externalId: string } | { spid: number };

const externalPatientId = (ctx: FhirContext, externalId: string) => ctx.ids.mint("Patient", ["ext", externalId], true);

async function patientKey(ctx: FhirContext, id: string, name: string): Promise<PatientKey> {
  const parts = await ctx.ids.resolve("Patient", id);
  if (parts?.[0] === "ext" && parts[1]) return { externalId: parts[1] };
  if (parts?.[0] === "spid" && /^\d+$/.test(parts[1] ?? "")) return { spid: Number(parts[1]) };
  throw new FhirError(404, "not-found", `${name} is not one of this connection's patients`, [name]);
}

async function readPatientBy(ctx: FhirContext, key: PatientKey): Promise<Patient | undefined> {
  if ("externalId" in key) {
    const found = (await orMissing(() => ctx.read(getPatient, { patientId: key.externalId }))) as SoloPatient | undefined;
    return found && toPatient(await externalPatientId(ctx, key.externalId), found, { externalId: key.externalId });
  }
  const found = (await orMissing(() => ctx.read(getPatientBySpid, { spid: key.spid }))) as SoloPatient | undefined;
  return found && toPatient(spidPatientId(key.spid), found, { spid: key.spid });
}

async function searchPatients(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["identifier"]);
  const value = required(params.get("identifier") ?? undefined, "identifier", "Solo finds a patient only by its id (urn:switchboard:solo:patient|{id}) or Solo patient id (urn:switchboard:solo:spid|{spid}); it has no patient search");
  const [system, id] = value.includes("|") ? [value.slice(0, value.indexOf("|")), value.slice(value.indexOf("|") + 1)] : ["", value];
  let key: PatientKey;
  if (system === `urn:switchboard:${V}:patient` && id) key = { externalId: id };
  else if (system === `urn:switchboard:${V}:spid` && /^[1-9]\d{0,14}$/.test(id)) key = { spid: Number(id) };
  else throw new FhirError(400, "invalid", `identifier must be urn:switchboard:${V}:patient|{id} or urn:switchboard:${V}:spid|{number}`, ["identifier"]);
  const found = await readPatientBy(ctx, key);
  return { resources: found ? [found] : [] };
}

async function createPatientFrom(ctx: FhirContext, patient: Patient): Promise<WriteResult> {
  const body = patientRequest(patient);
  const written = await ctx.write(createPatient, body);
  if (written.kind === "queued") return written;
  // Create Patient answers the Solo patient id alone (`12345 // [int] solo patient id`).
  const spid = typeof written.body === "number" || /^\d+$/.test(String(written.body)) ? Number(written.body) : undefined;
  const externalId = String(body.id);
  return { kind: "done", resource: toPatient(await externalPatientId(ctx, externalId), body as SoloPatient, { externalId, ...(spid !== undefined && { spid }) }) };
}

async function waitingRooms(ctx: FhirContext): Promise<SoloWaitingRoom[]> {
  const rooms = await ctx.read(listWaitingRooms, {});
  return Array.isArray(rooms) ? (rooms as SoloWaitingRoom[]) : [];
}

/** The waiting room a Location id of ours names (its uuid is in the id). */
async function roomOf(ctx: FhirContext, locationId: string, name: string): Promise<SoloWaitingRoom> {
  const parts = inlineParts(locationId);
  const room = parts?.[0] === "Location" && parts.length === 2 ? (await waitingRooms(ctx)).find((r) => r.id === parts[1]) : undefined;
  if (!room) throw new FhirError(404, "not-found", `${name} is not one of this connection's waiting rooms`, [name]);
  return room;
}

async function searchSlots(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["schedule.actor", "location", "start"]);
  const actor = referencedId(params.get("schedule.actor"), "Location", "schedule.actor");
  const location = referencedId(params.get("location"), "Location", "location");
  if (actor && location && actor !== location) throw new FhirError(400, "invalid", "schedule.actor and location name different waiting rooms", ["location"]);
  const roomId = required(actor ?? location, "schedule.actor", "Solo lists slots per waiting room (schedule.actor=Location/{id} or location=Location/{id})");
  const range = required(dateRange(params.getAll("start"), "start"), "start", "Solo lists slots between an after and a before");
  const room = await roomOf(ctx, roomId, actor ? "schedule.actor" : "location");
  const after = Math.ceil(range.from / 1000);
  const before = Math.floor(range.to / 1000);
  const listed = await ctx.read(getAppointmentSlots, { after, before, waitingRoom: room.name });
  const slots = (Array.isArray(listed) ? (listed as { date: number; duration: number }[]) : []).filter((s) => Number.isInteger(s.date) && s.duration > 0 && s.date * 1000 >= range.from && s.date * 1000 < range.to);
  return { resources: slots.sort((a, b) => a.date - b.date).map((s) => toSlot(room, s)) };
}

const said = (id: string, name: string): string => {
  const parts = inlineParts(id);
  if (parts?.[0] !== "Appointment" || parts.length !== 2) throw new FhirError(404, "not-found", `${name} is not one of this connection's appointments`, [name]);
  return parts[1]!;
};

async function appointmentFrom(ctx: FhirContext, a: SoloAppointment, location?: string): Promise<Appointment> {
  const patient = a.patient?.id ? await externalPatientId(ctx, String(a.patient.id)) : undefined;
  return toAppointment(a, { patient, location });
}

async function readAppointment(ctx: FhirContext, id: string): Promise<Appointment | undefined> {
  const appointmentId = said(id, "id");
  const found = (await orMissing(() => ctx.read(getAppointment, { appointmentId }))) as SoloAppointment | undefined;
  return found && appointmentFrom(ctx, found);
}

const refOf = (appointment: Appointment, type: string) =>
  appointment.participant?.map((p) => p.actor?.reference).find((r): r is string => typeof r === "string" && r.startsWith(`${type}/`))?.slice(type.length + 1);

async function createAppointmentFrom(ctx: FhirContext, appointment: Appointment): Promise<WriteResult> {
  const patientRef = required(refOf(appointment, "Patient"), "Appointment.participant", "Solo books for a patient it knows: a participant Patient/{id} (read, found or created here)");
  const patient = await patientKey(ctx, patientRef, "Appointment.participant");
  const slotRef = appointment.slot?.[0]?.reference;
  let room: SoloWaitingRoom;
  let date: number | undefined;
  let duration: number | undefined;
  if (slotRef) {
    const parts = slotRef.startsWith("Slot/") ? inlineParts(slotRef.slice(5)) : undefined;
    const slot = parts?.[0] === "Slot" ? slotKey(parts.slice(1)) : undefined;
    const found = slot && (await waitingRooms(ctx)).find((r) => sameRoom(r.id, slot.room));
    if (!slot || !found) throw new FhirError(404, "not-found", "Appointment.slot is not one of this connection's slots", ["Appointment.slot"]);
    [room, date, duration] = [found, slot.date, slot.duration];
  } else {
    // Solo books a waiting room at a time, or now when no time is given (Create Appointment: date and duration optional).
    const location = required(refOf(appointment, "Location"), "Appointment.slot", "Solo books in a waiting room: a Slot/{id}, or a participant Location/{id}");
    room = await roomOf(ctx, location, "Appointment.participant");
    if (appointment.start) date = Math.floor(Date.parse(appointment.start) / 1000);
    if (appointment.start && appointment.end) duration = Math.round((Date.parse(appointment.end) - Date.parse(appointment.start)) / 1000);
    else if (appointment.minutesDuration) duration = appointment.minutesDuration * 60;
    if (duration !== undefined && (duration < 1 || duration > 86_400)) throw new FhirError(400, "invalid", "an appointment lasts 1 second to 24 hours in Solo", ["Appointment.end"]);
  }
  const body = appointmentRequest(appointment, room.name, date, duration);
  const written = "externalId" in patient ? await ctx.write(createAppointment, { patientId: patient.externalId, ...body }) : await ctx.write(createAppointmentBySpid, { spid: patient.spid, ...body });
  if (written.kind === "queued") return written;
  const created = written.body as { id: number };
  const read = (await orMissing(() => ctx.read(getAppointment, { appointmentId: String(created.id) }))) as SoloAppointment | undefined;
  const location = toLocation(room).id;
  // Get Appointment does not name the waiting room; the one booked is known here.
  return { kind: "done", resource: read ? await appointmentFrom(ctx, read, location) : toAppointment({ id: created.id, date, duration, status: "scheduled", reasons: body.reasons as string[] | undefined }, { patient: patientRef, location }) };
}

async function patchAppointment(ctx: FhirContext, id: string, change: AppointmentChange): Promise<WriteResult<Appointment>> {
  const appointmentId = said(id, "id");
  if (change.status === "noshow") {
    throw new FhirError(501, "not-supported", `${TITLE} does not support marking a no-show through its API: Update Appointment takes status "cancelled" only ("only cancelled is allowed")`);
  }
  let input: Record<string, unknown>;
  if (change.status === "cancelled") input = { appointmentId, status: "cancelled" };
  else {
    const start = required(change.start, "/start", "rescheduling moves the appointment to a new start");
    // Update Appointment takes a date and a duration: without a new end, the length stays.
    const current = change.end ? undefined : ((await orMissing(() => ctx.read(getAppointment, { appointmentId }))) as SoloAppointment | undefined);
    if (!change.end && !current) throw new FhirError(404, "not-found", "id is not one of this connection's appointments", ["id"]);
    const duration = change.end ? Math.round((Date.parse(change.end) - Date.parse(start)) / 1000) : current!.duration;
    if (duration !== undefined && (duration < 1 || duration > 86_400)) throw new FhirError(400, "invalid", "an appointment lasts 1 second to 24 hours in Solo", ["/end"]);
    input = { appointmentId, date: Math.floor(Date.parse(start) / 1000), ...(duration !== undefined && { duration }) };
  }
  const written = await ctx.write(updateAppointment, input);
  if (written.kind === "queued") return written;
  const read = (await ctx.read(getAppointment, { appointmentId })) as SoloAppointment;
  return { kind: "done", resource: await appointmentFrom(ctx, read) };
}

export const soloFhir: FhirAdapter = {
  vendor: V,
  support: {
    Patient: {
      interactions: ["read", "search-type", "create"],
      documentation:
        "Solo has no patient search: a patient is found by its id (identifier urn:switchboard:solo:patient|{id}) or Solo patient id (urn:switchboard:solo:spid|{spid}). create needs the patient's id as an identifier urn:switchboard:solo:patient (Solo: \"Field id is required\"); deceased needs its date.",
      searchParams: [{ name: "identifier", type: "token", documentation: "urn:switchboard:solo:patient|{id} or urn:switchboard:solo:spid|{spid}", required: true }],
    },
    Location: {
      interactions: ["read", "search-type"],
      documentation: "The practice's waiting rooms (virtual).",
      searchParams: [{ name: "name", type: "string", documentation: "Part of the waiting room's name (matched here; Solo lists every room)" }],
    },
    Slot: {
      interactions: ["search-type"],
      documentation: "Free appointment slots of one waiting room; their length is the room's slot duration.",
      searchParams: [
        { name: "schedule.actor", type: "reference", documentation: "Location/{id}: the waiting room (this or location is required)", required: true },
        { name: "location", type: "reference", documentation: "Location/{id}: the waiting room, as schedule.actor" },
        { name: "start", type: "date", documentation: "ge… and lt… (Solo's after and before; both required)", required: true },
      ],
    },
    Appointment: {
      interactions: ["read", "create", "patch"],
      documentation:
        "create books a Slot (or a participant Location with an optional start and end) for a participant Patient/{id}; patch moves /start (and /end), or sets /status to cancelled. Solo cannot mark a no-show through its API (501), and has no appointment search (search is undeclared).",
    },
  },
  async search(ctx, type, params) {
    if (type === "Patient") return searchPatients(ctx, params);
    if (type === "Slot") return searchSlots(ctx, params);
    onlyKnown(params, ["name"]);
    const name = params.get("name")?.toLowerCase();
    const rooms = (await waitingRooms(ctx)).filter((r) => !name || r.name.toLowerCase().includes(name));
    return { resources: rooms.map(toLocation) };
  },
  async read(ctx, type, id) {
    if (type === "Patient") return readPatientBy(ctx, await patientKey(ctx, id, "id"));
    if (type === "Location") {
      const parts = inlineParts(id);
      const room = parts?.[0] === "Location" && parts.length === 2 ? (await waitingRooms(ctx)).find((r) => r.id === parts[1]) : undefined;
      return room && toLocation(room);
    }
    return readAppointment(ctx, id);
  },
  create: (ctx, type, resource: Resource) => (type === "Patient" ? createPatientFrom(ctx, resource as Patient) : createAppointmentFrom(ctx, resource as Appointment)),
  patchAppointment,
};

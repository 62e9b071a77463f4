import type { Appointment, Location, Patient, Practitioner, Resource, Slot } from "@medplum/fhirtypes";
import type { AppointmentChange, FhirAdapter, FhirContext, SearchResult, WriteResult } from "../../fhir/adapter";
import { inlineId, inlineParts } from "../../fhir/ids";
import { sourceTimezone, vendorIdentifier, vendorStatus, wallClock, zonedInstant } from "../../fhir/model";
import { FhirError } from "../../fhir/outcome";
import { dateRange, onlyKnown, referencedId, required } from "../../fhir/search";
import { bookAppointment } from "./operations/bookAppointment";
import { getCalendar } from "./operations/getCalendar";
import { getPatientInfo } from "./operations/getPatientInfo";
import { listDoctors } from "./operations/listDoctors";
import { listLocations } from "./operations/listLocations";
import { registerPatient } from "./operations/registerPatient";
import { updateAppointmentStatus } from "./operations/updateAppointmentStatus";
import type { MocDocConfig } from "./vendor";

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
const V = "mocdoc";
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

const id = (kind: string, ...parts: string[]) => inlineId([kind, ...parts]) ?? undefined;
const isoDay = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
const compactDay = (iso: string) => iso.replaceAll("-", "");

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

export function toAppointment(appointmentId: string, key: { drkey: string; day: string; start: string }, times: { start: string; end: string }, zone: string, status: string): Appointment {
  return {
    resourceType: "Appointment",
    id: appointmentId,
    extension: [vendorStatus(status), sourceTimezone(zone)],
    identifier: [vendorIdentifier(V, "appointment", `${key.drkey}${key.day}${key.start}`)],
    status: /cancel/i.test(status) ? "cancelled" : /no.?show/i.test(status) ? "noshow" : "booked",
    start: times.start,
    end: times.end,
    participant: [{ actor: { reference: `Practitioner/${id("Practitioner", key.drkey)}` }, status: "accepted" }],
  };
}

// ---- the adapter ------------------------------------------------------------------------------

const DAY = 86_400_000;
const DEFAULT_SLOT_MINUTES = 15;

function decoded(value: string | undefined, kind: string, count: number, name: string): string[] {
  const parts = value === undefined ? undefined : inlineParts(value);
  if (!parts || parts[0] !== kind || parts.length !== count + 1) throw new FhirError(404, "not-found", `${name} is not one of this connection's ${kind}s`, [name]);
  return parts.slice(1);
}

const mint = (kind: string, ...parts: string[]) => id(kind, ...parts) ?? (() => { throw new FhirError(500, "exception", `a MocDoc ${kind} key does not fit an id`); })();

/** The calendar days (YYYYMMDD, account time) a UTC range touches. */
function daysIn(range: { from: number; to: number }, zone: string): string[] {
  const first = wallClock(new Date(range.from).toISOString(), zone).date;
  const last = wallClock(new Date(range.to - 1).toISOString(), zone).date;
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY) days.push(compactDay(new Date(t).toISOString().slice(0, 10)));
  return days;
}

async function calendar(ctx: FhirContext, drkey: string, days: string[]): Promise<{ drName?: string; slots: (MocDocSlot & { day: string })[] }> {
  const body = (await ctx.read(getCalendar, { drkey, startdate: days[0]!, enddate: days.at(-1)! })) as { data?: { drName?: string; drname?: string; slots?: MocDocSlot[] }[] };
  const entry = body.data?.[0];
  return { drName: entry?.drName ?? entry?.drname, slots: (entry?.slots ?? []).map((s) => ({ ...s, day: s.date ?? days[0]! })) };
}

async function searchSlots(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["schedule.actor", "start"]);
  const zone = (ctx.config as MocDocConfig).timezone;
  const [drkey] = decoded(required(referencedId(params.get("schedule.actor"), "Practitioner", "schedule.actor"), "schedule.actor", "MocDoc's calendar is per doctor"), "Practitioner", 1, "schedule.actor") as [string];
  const range = required(dateRange(params.getAll("start"), "start"), "start", "MocDoc's calendar is read over a range of days");
  if (range.to - range.from > 31 * DAY) throw new FhirError(400, "invalid", "start may span at most 31 days here (each day is a paced MocDoc call's worth of slots)", ["start"]);
  const { drName, slots } = await calendar(ctx, drkey, daysIn(range, zone));
  const free = slots.filter((s) => (s.status ?? "available").toLowerCase() === "available");
  const resources = free.flatMap((s) => {
    const times = slotTimes(s.day, s, zone, DEFAULT_SLOT_MINUTES);
    if (Date.parse(times.start) < range.from || Date.parse(times.start) >= range.to) return [];
    return [toSlot(mint("Slot", drkey, s.day, s.start, s.end ?? ""), drName, drkey, times, zone)];
  });
  return { resources };
}

async function searchAppointments(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["date", "practitioner"]);
  const zone = (ctx.config as MocDocConfig).timezone;
  const [drkey] = decoded(required(referencedId(params.get("practitioner"), "Practitioner", "practitioner"), "practitioner", "MocDoc's calendar is per doctor"), "Practitioner", 1, "practitioner") as [string];
  const range = required(dateRange(params.getAll("date"), "date"), "date", "MocDoc's calendar is read over a range of days");
  if (range.to - range.from > 31 * DAY) throw new FhirError(400, "invalid", "date may span at most 31 days here", ["date"]);
  const { slots } = await calendar(ctx, drkey, daysIn(range, zone));
  const booked = slots.filter((s) => (s.status ?? "").toLowerCase() === "booked");
  return {
    resources: booked.flatMap((s) => {
      const times = slotTimes(s.day, s, zone, DEFAULT_SLOT_MINUTES);
      if (Date.parse(times.start) < range.from || Date.parse(times.start) >= range.to) return [];
      return [toAppointment(mint("Appointment", drkey, s.day, s.start, s.end ?? ""), { drkey, day: s.day, start: s.start }, times, zone, s.status ?? "booked")];
    }),
  };
}

async function readAppointment(ctx: FhirContext, appointment: string): Promise<Appointment | undefined> {
  const zone = (ctx.config as MocDocConfig).timezone;
  const [drkey, day, start, end] = decoded(appointment, "Appointment", 4, "id") as [string, string, string, string];
  // MocDoc has no appointment lookup: its calendar says whether the slot is still booked.
  const { slots } = await calendar(ctx, drkey, [day]);
  const entry = slots.find((s) => s.day === day && s.start === start);
  if (!entry || (entry.status ?? "").toLowerCase() !== "booked") return undefined;
  return toAppointment(appointment, { drkey, day, start }, slotTimes(day, { start, ...(end && { end }) }, zone, DEFAULT_SLOT_MINUTES), zone, entry.status ?? "booked");
}

/** The contained Patient an Appointment books for. */
function containedPatient(appointment: Appointment): Patient {
  const ref = appointment.participant?.find((p) => p.actor?.reference?.startsWith("#"))?.actor?.reference?.slice(1);
  const patient = appointment.contained?.find((r): r is Patient => r.resourceType === "Patient" && (ref === undefined || r.id === ref));
  if (!patient) throw new FhirError(400, "required", "booking with MocDoc needs the patient as a contained Patient (name and phone)", ["Appointment.contained"]);
  return patient;
}

async function createAppointment(ctx: FhirContext, appointment: Appointment): Promise<WriteResult> {
  const zone = (ctx.config as MocDocConfig).timezone;
  const slotRef = appointment.slot?.[0]?.reference;
  const [drkey, day, start, end] = decoded(required(slotRef?.startsWith("Slot/") ? slotRef.slice(5) : undefined, "Appointment.slot", "booking with MocDoc books one of its free slots (GET Slot)"), "Slot", 4, "Appointment.slot") as [string, string, string, string];
  const fields = patientFields(containedPatient(appointment));
  if (!fields.fname || !fields.mobile) throw new FhirError(400, "required", "the contained Patient needs a name and a phone (MocDoc requires fname and phone)", ["Patient"]);
  const doctor = (((await ctx.read(listDoctors, {})) as { dr?: MocDocDoctor[] }).dr ?? []).find((d) => d.drkey === drkey);
  const { mobile, ...rest } = fields;
  const written = await ctx.write(bookAppointment, {
    drkey,
    date: day,
    start,
    phone: mobile,
    ...rest,
    ...(doctor?.entitylocation && { entitylocation: doctor.entitylocation }),
    ...(appointment.comment && { purpose: appointment.comment }),
  });
  if (written.kind === "queued") return written;
  const times = slotTimes(day, { start, ...(end && { end }) }, zone, DEFAULT_SLOT_MINUTES);
  return { kind: "done", resource: toAppointment(mint("Appointment", drkey, day, start, end ?? ""), { drkey, day, start }, times, zone, "booked") };
}

async function patchAppointment(ctx: FhirContext, appointment: string, change: AppointmentChange): Promise<WriteResult<Appointment>> {
  const c = ctx.config as MocDocConfig;
  const [drkey, day, start, end] = decoded(appointment, "Appointment", 4, "id") as [string, string, string, string];
  if (!change.status) throw new FhirError(501, "not-supported", "MocDoc cannot move an appointment; cancel it and book another slot");
  const status = change.status === "cancelled" ? c.fhirCancelledStatus : c.fhirNoShowStatus;
  const written = await ctx.write(updateAppointmentStatus, { apptkey: `${drkey}${day}${start}`, status });
  if (written.kind === "queued") return written;
  return { kind: "done", resource: toAppointment(appointment, { drkey, day, start }, slotTimes(day, { start, ...(end && { end }) }, c.timezone, DEFAULT_SLOT_MINUTES), c.timezone, status) };
}

async function readPatient(ctx: FhirContext, patientId: string): Promise<Patient | undefined> {
  const key = await ctx.ids.resolve("Patient", patientId);
  if (!key) return undefined;
  const [phid, mobile] = key as [string, string];
  const found = ((await ctx.read(getPatientInfo, { phid, mobile })) as { data?: MocDocPatient[] }).data?.[0];
  return found ? toPatient({ phid, mobile, ...found }, patientId) : undefined;
}

async function searchPatients(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["identifier", "phone"]);
  const identifier = required(params.get("identifier") ?? undefined, "identifier", "MocDoc finds a patient by its id (urn:switchboard:mocdoc:patient|PHID) and mobile number together");
  const phid = identifier.includes("|") ? identifier.split("|")[1]! : identifier;
  const mobile = required(params.get("phone") ?? undefined, "phone", "MocDoc finds a patient by its id and mobile number together");
  const found = ((await ctx.read(getPatientInfo, { phid, mobile })) as { data?: MocDocPatient[] }).data?.[0];
  if (!found) return { resources: [] };
  return { resources: [toPatient({ phid, mobile, ...found }, await ctx.ids.mint("Patient", [phid, mobile], true))] };
}

async function createPatient(ctx: FhirContext, patient: Patient): Promise<WriteResult> {
  const fields = patientFields(patient);
  // registerPatient needs a location; the account's first unless the Patient names one.
  const named = patient.managingOrganization?.identifier?.value;
  const location = named ?? (((await ctx.read(listLocations, {})) as { entitylocations?: MocDocLocation[] }).entitylocations ?? [])[0]?.entitylocation;
  if (!location) throw new FhirError(422, "processing", "the MocDoc account lists no location to register the patient at");
  const written = await ctx.write(registerPatient, { entitylocation: location, ...fields });
  if (written.kind === "queued") return written;
  const phid = (written.body as { data?: { phid?: string } })?.data?.phid;
  if (!phid || !fields.mobile) throw new FhirError(502, "transient", "MocDoc registered the patient without answering its id");
  return { kind: "done", resource: toPatient({ phid, ...fields }, await ctx.ids.mint("Patient", [phid, fields.mobile], true)) };
}

export const mocdocFhir: FhirAdapter = {
  vendor: V,
  support: {
    Patient: {
      interactions: ["read", "search-type", "create"],
      documentation: "MocDoc finds a patient by id and mobile number together; create registers at the account's first location unless managingOrganization.identifier names one.",
      searchParams: [
        { name: "identifier", type: "token", documentation: "urn:switchboard:mocdoc:patient|PHID", required: true },
        { name: "phone", type: "token", documentation: "The patient's mobile number", required: true },
      ],
    },
    Practitioner: { interactions: ["search-type"] },
    Location: { interactions: ["search-type"] },
    Slot: {
      interactions: ["search-type"],
      searchParams: [
        { name: "schedule.actor", type: "reference", documentation: "Practitioner/{id}", required: true },
        { name: "start", type: "date", documentation: "ge… and lt… (at most 31 days)", required: true },
      ],
    },
    Appointment: {
      interactions: ["read", "search-type", "create", "patch"],
      documentation: "create books a Slot for a contained Patient; patch sets /status to cancelled or noshow (MocDoc cannot move an appointment: 501).",
      searchParams: [
        { name: "date", type: "date", documentation: "The window (ge…, lt…, or a day)", required: true },
        { name: "practitioner", type: "reference", documentation: "Practitioner/{id}", required: true },
      ],
    },
  },
  async search(ctx, type, params) {
    if (type === "Slot") return searchSlots(ctx, params);
    if (type === "Appointment") return searchAppointments(ctx, params);
    if (type === "Patient") return searchPatients(ctx, params);
    onlyKnown(params, []);
    if (type === "Practitioner") {
      const doctors = ((await ctx.read(listDoctors, {})) as { dr?: MocDocDoctor[] }).dr ?? [];
      return { resources: doctors.map((d) => toPractitioner(d, mint("Practitioner", d.drkey))) };
    }
    const locations = ((await ctx.read(listLocations, {})) as { entitylocations?: MocDocLocation[] }).entitylocations ?? [];
    return { resources: locations.map((l) => toLocation(l, mint("Location", l.entitylocation))) };
  },
  read: (ctx, type, resourceId) => (type === "Patient" ? readPatient(ctx, resourceId) : readAppointment(ctx, resourceId)),
  create: (ctx, type, resource: Resource) => (type === "Patient" ? createPatient(ctx, resource as Patient) : createAppointment(ctx, resource as Appointment)),
  patchAppointment,
};

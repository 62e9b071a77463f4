import type { Appointment, Location, Patient, Practitioner, Resource, Slot } from "@medplum/fhirtypes";
import type { AppointmentChange, FhirAdapter, FhirContext, SearchResult, WriteResult } from "../../fhir/adapter";
import { inlineParts } from "../../fhir/ids";
import { wallClock } from "../../fhir/model";
import { FhirError } from "../../fhir/outcome";
import { dateRange, onlyKnown, referencedId, required } from "../../fhir/search";
import type { MocDocConfig } from "./vendor";
import { bookAppointment } from "./operations/bookAppointment";
import { getCalendar } from "./operations/getCalendar";
import { getPatientInfo } from "./operations/getPatientInfo";
import { listDoctors } from "./operations/listDoctors";
import { listLocations } from "./operations/listLocations";
import { registerPatient } from "./operations/registerPatient";
import { updateAppointmentStatus } from "./operations/updateAppointmentStatus";
import { V, apptkey, appointmentId, appointmentStatus, compactDay, id, patientFields, slotTimes, toAppointment, toLocation, toPatient, toPractitioner, toSlot } from "./fhir-mapping";
import type { MocDocDoctor, MocDocLocation, MocDocPatient, MocDocSlot } from "./fhir-mapping";

/** MocDoc's FHIR adapter: the mappings in fhir-mapping.ts over its operations (what each resource is lives there). */

const DAY = 86_400_000;

function decoded(value: string | undefined, kind: string, count: number, name: string): string[] {
  const parts = value === undefined ? undefined : inlineParts(value);
  if (!parts || parts[0] !== kind || parts.length !== count + 1) throw new FhirError(404, "not-found", `${name} is not one of this connection's ${kind}s`, [name]);
  return parts.slice(1);
}

const unfit = (kind: string): never => {
  throw new FhirError(500, "exception", `a MocDoc ${kind} key does not fit an id`);
};
const mint = (kind: string, ...parts: string[]) => id(kind, ...parts) ?? unfit(kind);
const mintAppointment = (key: { drkey: string; day: string; start: string }) => appointmentId(key) ?? unfit("Appointment");

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
  const { timezone: zone, slotMinutes } = ctx.config as MocDocConfig;
  const [drkey] = decoded(required(referencedId(params.get("schedule.actor"), "Practitioner", "schedule.actor"), "schedule.actor", "MocDoc's calendar is per doctor"), "Practitioner", 1, "schedule.actor") as [string];
  const range = required(dateRange(params.getAll("start"), "start"), "start", "MocDoc's calendar is read over a range of days");
  if (range.to - range.from > 31 * DAY) throw new FhirError(400, "invalid", "start may span at most 31 days here (each day is a paced MocDoc call's worth of slots)", ["start"]);
  const { drName, slots } = await calendar(ctx, drkey, daysIn(range, zone));
  const free = slots.filter((s) => (s.status ?? "available").toLowerCase() === "available");
  const resources = free.flatMap((s) => {
    const times = slotTimes(s.day, s, zone, slotMinutes);
    if (Date.parse(times.start) < range.from || Date.parse(times.start) >= range.to) return [];
    return [toSlot(mint("Slot", drkey, s.day, s.start, s.end ?? ""), drName, drkey, times, zone)];
  });
  return { resources };
}

async function searchAppointments(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["date", "practitioner"]);
  const c = ctx.config as MocDocConfig;
  const zone = c.timezone;
  const [drkey] = decoded(required(referencedId(params.get("practitioner"), "Practitioner", "practitioner"), "practitioner", "MocDoc's calendar is per doctor"), "Practitioner", 1, "practitioner") as [string];
  const range = required(dateRange(params.getAll("date"), "date"), "date", "MocDoc's calendar is read over a range of days");
  if (range.to - range.from > 31 * DAY) throw new FhirError(400, "invalid", "date may span at most 31 days here", ["date"]);
  const { slots } = await calendar(ctx, drkey, daysIn(range, zone));
  const booked = slots.filter((s) => (s.status ?? "").toLowerCase() === "booked");
  return {
    resources: booked.flatMap((s) => {
      const times = slotTimes(s.day, s, zone, c.slotMinutes);
      if (Date.parse(times.start) < range.from || Date.parse(times.start) >= range.to) return [];
      const key = { drkey, day: s.day, start: s.start };
      return [toAppointment(mintAppointment(key), key, times, zone, { vendor: s.status ?? "booked", fhir: appointmentStatus(s.status ?? "booked", c) })];
    }),
  };
}

/** MocDoc has no appointment lookup: its calendar entry says whether the slot is (still) taken. */
async function calendarEntry(ctx: FhirContext, appointment: string): Promise<{ key: { drkey: string; day: string; start: string }; entry?: MocDocSlot }> {
  const [drkey, day, start] = decoded(appointment, "Appointment", 3, "id") as [string, string, string];
  const { slots } = await calendar(ctx, drkey, [day]);
  const entry = slots.find((s) => s.day === day && s.start === start && (s.status ?? "available").toLowerCase() !== "available");
  return { key: { drkey, day, start }, ...(entry && { entry }) };
}

async function readAppointment(ctx: FhirContext, appointment: string): Promise<Appointment | undefined> {
  const c = ctx.config as MocDocConfig;
  const { key, entry } = await calendarEntry(ctx, appointment);
  if (!entry) return undefined;
  const status = entry.status ?? "booked";
  return toAppointment(appointment, key, slotTimes(key.day, entry, c.timezone, c.slotMinutes), c.timezone, { vendor: status, fhir: appointmentStatus(status, c) });
}

/** The contained Patient an Appointment books for. */
function containedPatient(appointment: Appointment): Patient {
  const ref = appointment.participant?.find((p) => p.actor?.reference?.startsWith("#"))?.actor?.reference?.slice(1);
  const patient = appointment.contained?.find((r): r is Patient => r.resourceType === "Patient" && (ref === undefined || r.id === ref));
  if (!patient) throw new FhirError(400, "required", "booking with MocDoc needs the patient as a contained Patient (name and phone)", ["Appointment.contained"]);
  return patient;
}

async function createAppointment(ctx: FhirContext, appointment: Appointment): Promise<WriteResult> {
  const { timezone: zone, slotMinutes } = ctx.config as MocDocConfig;
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
  const times = slotTimes(day, { start, ...(end && { end }) }, zone, slotMinutes);
  const key = { drkey, day, start };
  return { kind: "done", resource: toAppointment(mintAppointment(key), key, times, zone, { vendor: "booked", fhir: "booked" }) };
}

async function patchAppointment(ctx: FhirContext, appointment: string, change: AppointmentChange): Promise<WriteResult<Appointment>> {
  const c = ctx.config as MocDocConfig;
  if (!change.status) throw new FhirError(501, "not-supported", "MocDoc cannot move an appointment; cancel it and book another slot");
  const { key, entry } = await calendarEntry(ctx, appointment);
  if (!entry) throw new FhirError(404, "not-found", "no such appointment in the doctor's calendar", ["id"]);
  const status = change.status === "cancelled" ? c.fhirCancelledStatus : c.fhirNoShowStatus;
  const written = await ctx.write(updateAppointmentStatus, { apptkey: apptkey(key), status });
  if (written.kind === "queued") return written;
  return { kind: "done", resource: toAppointment(appointment, key, slotTimes(key.day, entry, c.timezone, c.slotMinutes), c.timezone, { vendor: status, fhir: change.status }) };
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

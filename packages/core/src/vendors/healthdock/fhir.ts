import type { Appointment, Patient, Resource } from "@medplum/fhirtypes";
import type { FhirAdapter, FhirContext, SearchResult, WriteResult } from "../../fhir/adapter";
import { identifierSystem } from "../../fhir/model";
import { FhirError } from "../../fhir/outcome";
import { dateRange, onlyKnown, referencedId } from "../../fhir/search";
import { createAppointment } from "./operations/createAppointment";
import { createPatient } from "./operations/createPatient";
import { listAppointments } from "./operations/listAppointments";
import { listPatients } from "./operations/listPatients";
import type { HealthdockConfig } from "./vendor";
import { V, appointmentKey, createAppointmentInput, createPatientInput, patientKey, toAppointment, toPatient } from "./fhir-mapping";
import type { HealthdockAppointment, HealthdockPatient } from "./fhir-mapping";

/** HealthDock's FHIR adapter: the mappings in fhir-mapping.ts over its four operations (what each resource is lives there). */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The furthest a UTC offset reaches (UTC+14, UTC-12): a day filed in any offset lies within this of the UTC day. */
const MAX_OFFSET = 14 * HOUR;
const MAX_DAYS = 14;
const DEFAULT_COUNT = 20;

const zoneOf = (ctx: FhirContext) => (ctx.config as HealthdockConfig).timezone;

/** HealthDock's list answer, `{data: {[key]: [...], pagination}}`, or `{[key]: [...]}` when every page was read (`all`). */
function listed<T>(body: unknown, key: string): { items: T[]; more: boolean } {
  const b = body as { data?: Record<string, unknown> & { pagination?: { current_page?: number; total_pages?: number } } } & Record<string, unknown>;
  const items = b?.data?.[key] ?? b?.[key];
  if (!Array.isArray(items)) throw new FhirError(502, "transient", `HealthDock's answer lists no ${key}`);
  const p = b.data?.pagination;
  return { items: items as T[], more: Number(p?.current_page) < Number(p?.total_pages) };
}

function paging(params: URLSearchParams): { page: number; limit: number } {
  const number = (name: string, fallback: number, max: number) => {
    const value = params.get(name);
    if (value === null) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new FhirError(400, "invalid", `${name} must be a whole number from 1 to ${max}`, [name]);
    return Number(value);
  };
  // HealthDock's `limit` is at most 100; `_page` is HealthDock's page number.
  return { page: number("_page", 1, 1_000_000), limit: number("_count", DEFAULT_COUNT, 100) };
}

function patientIdentifier(value: string | null): string | undefined {
  if (value === null) return undefined;
  const bar = value.indexOf("|");
  const [system, id] = bar < 0 ? [undefined, value] : [value.slice(0, bar), value.slice(bar + 1)];
  if (system === identifierSystem(V, "abha")) {
    throw new FhirError(400, "not-supported", "searching by ABHA number is not offered: HealthDock's search is by name or patient ID, and an ABHA number is patient data that must not travel in a URL", ["identifier"]);
  }
  if (system !== undefined && system !== identifierSystem(V, "patient")) throw new FhirError(400, "not-supported", `identifier searches HealthDock's patient IDs (${identifierSystem(V, "patient")}|{patient_id})`, ["identifier"]);
  if (!id) throw new FhirError(400, "invalid", "identifier needs a value", ["identifier"]);
  return id;
}

/** FHIR's string match: a name part (or the whole name) starting with the value, ignoring case. */
function nameMatches(p: HealthdockPatient, value: string): boolean {
  const v = value.toLowerCase();
  return [p.first_name, p.last_name, [p.first_name, p.last_name].filter(Boolean).join(" ")].some((n) => n?.toLowerCase().startsWith(v));
}

async function searchPatients(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["identifier", "name"]);
  const wanted = patientIdentifier(params.get("identifier"));
  const name = params.get("name")?.trim() || undefined;
  const keep = (p: HealthdockPatient) => (wanted === undefined || p.patient_id === wanted) && (name === undefined || nameMatches(p, name));
  if (wanted !== undefined) {
    // One patient: every page HealthDock's search answers, matched exactly.
    const { items } = listed<HealthdockPatient>(await ctx.read(listPatients, { search: wanted, all: true }), "patients");
    return { resources: items.filter(keep).map(toPatient) };
  }
  const { page, limit } = paging(params);
  const { items, more } = listed<HealthdockPatient>(await ctx.read(listPatients, { page, limit, ...(name && { search: name }) }), "patients");
  return { resources: items.filter(keep).map(toPatient), ...(more && { next: String(page + 1) }) };
}

async function readPatient(ctx: FhirContext, id: string): Promise<Patient | undefined> {
  const key = patientKey(id);
  if (!key) return undefined;
  const { items } = listed<HealthdockPatient>(await ctx.read(listPatients, { search: key, all: true }), "patients");
  const found = items.find((p) => p.patient_id === key);
  return found && toPatient(found);
}

async function createPatientResource(ctx: FhirContext, patient: Patient): Promise<WriteResult> {
  const input = createPatientInput(patient);
  const written = await ctx.write(createPatient, input);
  if (written.kind === "queued") return written;
  const data = (written.body as { data?: Partial<HealthdockPatient> } | null)?.data;
  if (!data?.patient_id) throw new FhirError(502, "transient", "HealthDock created the patient without answering its patient_id");
  return { kind: "done", resource: toPatient({ ...input, ...data, patient_id: String(data.patient_id) }) };
}

/** The UTC days (YYYY-MM-DD) whose HealthDock lists can hold an appointment starting in the range, in whatever offset it was filed. */
function daysAround(range: { from: number; to: number }): string[] {
  const days: string[] = [];
  for (let t = Math.floor((range.from - MAX_OFFSET) / DAY) * DAY; t < range.to + MAX_OFFSET; t += DAY) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

async function searchAppointments(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  if (params.has("practitioner")) {
    throw new FhirError(400, "not-supported", "HealthDock has no practitioner directory: name the doctor as practitioner:identifier=urn:switchboard:healthdock:doctor|{doctor_id}", ["practitioner"]);
  }
  onlyKnown(params, ["date", "practitioner:identifier", "patient"]);
  const doctor = params.get("practitioner:identifier");
  const doctorSystem = `${identifierSystem(V, "doctor")}|`;
  if (doctor !== null && !doctor.startsWith(doctorSystem)) throw new FhirError(400, "invalid", `practitioner:identifier must be ${doctorSystem}{doctor_id}`, ["practitioner:identifier"]);
  const doctorId = doctor?.slice(doctorSystem.length);
  const patientRef = referencedId(params.get("patient"), "Patient", "patient");
  const patient = patientRef === undefined ? undefined : patientKey(patientRef);
  if (patientRef !== undefined && patient === undefined) throw new FhirError(404, "not-found", "patient is not one of this connection's Patients", ["patient"]);
  const range = dateRange(params.getAll("date"), "date");
  const zone = zoneOf(ctx);
  const keep = (a: HealthdockAppointment) => patient === undefined || a.patient_id === patient;
  const filter = { ...(doctorId !== undefined && { doctor_id: doctorId }) };

  if (!range) {
    const { page, limit } = paging(params);
    const { items, more } = listed<HealthdockAppointment>(await ctx.read(listAppointments, { ...filter, page, limit }), "appointments");
    return { resources: items.filter(keep).map((a) => toAppointment(a, zone)), ...(more && { next: String(page + 1) }) };
  }
  if (range.to - range.from > MAX_DAYS * DAY) throw new FhirError(400, "invalid", `date may span at most ${MAX_DAYS} days here (HealthDock lists appointments a day at a time)`, ["date"]);
  // HealthDock filters by a bare day; an appointment is filed under the day it was written with, in its own offset.
  const lists = await Promise.all(daysAround(range).map(async (date) => listed<HealthdockAppointment>(await ctx.read(listAppointments, { ...filter, date, all: true }), "appointments").items));
  const resources = lists
    .flat()
    .filter(keep)
    .map((a) => toAppointment(a, zone))
    .filter((a) => Date.parse(a.start!) >= range.from && Date.parse(a.start!) < range.to)
    .sort((a, b) => a.start!.localeCompare(b.start!));
  return { resources };
}

async function readAppointment(ctx: FhirContext, id: string): Promise<Appointment | undefined> {
  const key = appointmentKey(id);
  if (!key) return undefined;
  const { items } = listed<HealthdockAppointment>(await ctx.read(listAppointments, { date: key.day, all: true }), "appointments");
  const found = items.find((a) => a.appointment_id === key.appointmentId);
  return found && toAppointment(found, zoneOf(ctx));
}

async function createAppointmentResource(ctx: FhirContext, appointment: Appointment): Promise<WriteResult> {
  if (appointment.status !== "booked") throw new FhirError(400, "invalid", "a new HealthDock appointment is booked (status booked)", ["Appointment.status"]);
  const input = createAppointmentInput(appointment, zoneOf(ctx));
  const written = await ctx.write(createAppointment, input);
  if (written.kind === "queued") return written;
  const data = (written.body as { data?: Partial<HealthdockAppointment> } | null)?.data;
  if (!data?.appointment_id) throw new FhirError(502, "transient", "HealthDock scheduled the appointment without answering its appointment_id");
  return { kind: "done", resource: toAppointment({ ...(input as Omit<HealthdockAppointment, "appointment_id">), ...data, appointment_id: String(data.appointment_id) }, zoneOf(ctx)) };
}

export const healthdockFhir: FhirAdapter = {
  vendor: V,
  support: {
    Patient: {
      interactions: ["read", "search-type", "create"],
      documentation:
        "HealthDock's patients (GET/POST /v1/patients). read finds the patient by its id through HealthDock's search. create needs a given and family name, birthDate, gender (male, female, other) and a phone; an identifier urn:switchboard:healthdock:abha|{ABHA number} is sent as abha_number. Pages follow HealthDock's (_count at most 100).",
      searchParams: [
        { name: "name", type: "string", documentation: "The start of the patient's first or last name (HealthDock's search, matched here as FHIR matches names)" },
        { name: "identifier", type: "token", documentation: "urn:switchboard:healthdock:patient|{patient_id}; not by ABHA number (patient data is kept out of URLs)" },
      ],
    },
    Appointment: {
      interactions: ["read", "search-type", "create"],
      documentation:
        "HealthDock has no practitioner or slot endpoints: create books a registered patient (participant Patient/{id}) with a doctor (participant identified urn:switchboard:healthdock:doctor|{doctor_id}) at start (sent in the clinic's timezone), for end - start or minutesDuration minutes (HealthDock's default 30), with an optional serviceType coding urn:switchboard:healthdock:appointment-type (consultation, follow-up, procedure); an Appointment.slot or a contained Patient is refused. HealthDock's API has no appointment update or cancel endpoint, so rescheduling and cancelling (patch) are not supported (501).",
      searchParams: [
        { name: "date", type: "date", documentation: "The window (ge…, lt…, or a day; at most 14 days). Without it, HealthDock's pages (_count at most 100)" },
        { name: "practitioner", type: "reference", documentation: "Only as practitioner:identifier=urn:switchboard:healthdock:doctor|{doctor_id} (HealthDock's doctor_id filter)" },
        { name: "patient", type: "reference", documentation: "Patient/{id} (matched here; HealthDock does not filter by patient)" },
      ],
    },
  },
  search: (ctx, type, params) => (type === "Patient" ? searchPatients(ctx, params) : searchAppointments(ctx, params)),
  read: (ctx, type, id) => (type === "Patient" ? readPatient(ctx, id) : readAppointment(ctx, id)),
  create: (ctx, type, resource: Resource) => (type === "Patient" ? createPatientResource(ctx, resource as Patient) : createAppointmentResource(ctx, resource as Appointment)),
};

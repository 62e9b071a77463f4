import type { Appointment, Location, Patient, Practitioner, Resource, Slot } from "@medplum/fhirtypes";
import type { AppointmentChange, FhirAdapter, FhirContext, SearchResult, WriteResult } from "../../fhir/adapter";
import { inlineParts } from "../../fhir/ids";
import { atOffset, offsetOf } from "../../fhir/model";
import { FhirError } from "../../fhir/outcome";
import { dateRange, onlyKnown, referencedId, required } from "../../fhir/search";
import { bookSlot } from "./operations/bookSlot";
import { cancelBooking } from "./operations/cancelBooking";
import { getAddresses } from "./operations/getAddresses";
import { getBooking } from "./operations/getBooking";
import { getBookings } from "./operations/getBookings";
import { getDoctors } from "./operations/getDoctors";
import { getFacilities } from "./operations/getFacilities";
import { getSlots } from "./operations/getSlots";
import { markPatientAbsence } from "./operations/markPatientAbsence";
import { moveBooking } from "./operations/moveBooking";
import { V, bookingRequest, slotKey, toAppointment, toLocation, toPractitioner, toSlot } from "./fhir-mapping";
import type { DocplannerAddress, DocplannerBooking, DocplannerDoctor } from "./fhir-mapping";

/** Docplanner's FHIR adapter: the mappings in fhir-mapping.ts over its operations (what each resource is lives there). */

interface DoctorAt {
  facility: { id: string; name?: string };
  doctor: DocplannerDoctor;
}

async function doctors(ctx: FhirContext): Promise<DoctorAt[]> {
  const facilities = ((await ctx.read(getFacilities, {})) as { _items?: { id: string; name?: string }[] })._items ?? [];
  const lists = await Promise.all(facilities.map(async (facility) => ({ facility, doctors: (((await ctx.read(getDoctors, { facility_id: facility.id, with: "doctor.specializations" })) as { _items?: DocplannerDoctor[] })._items ?? []) })));
  return lists.flatMap(({ facility, doctors }) => doctors.map((doctor) => ({ facility, doctor })));
}

async function addressesOf(ctx: FhirContext, facilityId: string, doctorId: string): Promise<DocplannerAddress[]> {
  return ((await ctx.read(getAddresses, { facility_id: facilityId, doctor_id: doctorId, with: "address.commercial_type" })) as { _items?: DocplannerAddress[] })._items ?? [];
}

/** Calendar writes, a booking among them, need a commercial profile (the contract's 422 DoctorOrAddressNotCommercial). */
const bookable = (address: DocplannerAddress) => address.commercial_type !== "basic";

/** The Docplanner ids an id of ours carries (always inline: Docplanner's ids are short numbers). */
function parts(id: string | undefined, kind: string, count: number, name: string): string[] {
  const decoded = id === undefined ? undefined : inlineParts(id);
  if (!decoded || decoded[0] !== kind || decoded.length !== count + 1) throw new FhirError(404, "not-found", `${name} is not one of this connection's ${kind}s`, [name]);
  return decoded.slice(1);
}

const DAY = 86_400_000;

async function searchSlots(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["schedule.actor", "start", "location"]);
  const practitioner = required(referencedId(params.get("schedule.actor"), "Practitioner", "schedule.actor"), "schedule.actor", "Docplanner lists slots per doctor");
  const range = required(dateRange(params.getAll("start"), "start"), "start", "Docplanner lists slots within a window");
  if (range.to - range.from > 180 * DAY) throw new FhirError(400, "invalid", "start may span at most 180 days (Docplanner's getSlots limit)", ["start"]);
  const [facilityId, doctorId] = parts(practitioner, "Practitioner", 2, "schedule.actor") as [string, string];
  const location = referencedId(params.get("location"), "Location", "location");
  const addressIds = location ? [parts(location, "Location", 3, "location")[2]!] : (await addressesOf(ctx, facilityId, doctorId)).filter(bookable).map((a) => a.id);
  const window = { start: new Date(range.from).toISOString().replace(/\.\d{3}Z$/, "Z"), end: new Date(range.to).toISOString().replace(/\.\d{3}Z$/, "Z") };
  const slots = await Promise.all(
    addressIds.map(async (addressId) => {
      const listed = ((await ctx.read(getSlots, { facility_id: facilityId, doctor_id: doctorId, address_id: addressId, ...window, with: "slot.services" })) as {
        _items?: { start: string; address_services?: { _items?: { id: string; duration?: number; is_default?: boolean }[] } | null }[];
      })._items ?? [];
      return listed.flatMap((s) => {
        const services = s.address_services?._items ?? [];
        const service = services.find((x) => x.is_default) ?? services[0];
        // A start without a service to book cannot be booked through bookSlot.
        if (!service || Date.parse(s.start) < range.from || Date.parse(s.start) >= range.to) return [];
        return [toSlot({ facilityId, doctorId, addressId, start: s.start, addressServiceId: service.id, duration: service.duration ?? 30 })];
      });
    }),
  );
  return { resources: slots.flat().sort((a, b) => a.start.localeCompare(b.start)) };
}

async function searchAppointments(ctx: FhirContext, params: URLSearchParams): Promise<SearchResult> {
  onlyKnown(params, ["date", "practitioner"]);
  const range = required(dateRange(params.getAll("date"), "date"), "date", "Docplanner lists bookings within a window");
  const practitioner = required(referencedId(params.get("practitioner"), "Practitioner", "practitioner"), "practitioner", "Docplanner lists bookings per doctor");
  const [facilityId, doctorId] = parts(practitioner, "Practitioner", 2, "practitioner") as [string, string];
  const window = { start: new Date(range.from).toISOString().replace(/\.\d{3}Z$/, "Z"), end: new Date(range.to).toISOString().replace(/\.\d{3}Z$/, "Z") };
  const addresses = await addressesOf(ctx, facilityId, doctorId);
  const lists = await Promise.all(
    addresses.map(async (a) => ({
      addressId: a.id,
      bookings: (((await ctx.read(getBookings, { facility_id: facilityId, doctor_id: doctorId, address_id: a.id, ...window, with: "booking.patient,booking.address_service,booking.presence" })) as { _items?: DocplannerBooking[] })._items ?? []),
    })),
  );
  return { resources: lists.flatMap(({ addressId, bookings }) => bookings.map((b) => toAppointment({ facilityId, doctorId, addressId }, b))).sort((a, b) => (a.start ?? "").localeCompare(b.start ?? "")) };
}

async function readAppointment(ctx: FhirContext, appointment: string): Promise<Appointment> {
  const [facilityId, doctorId, addressId, bookingId] = parts(appointment, "Appointment", 4, "id") as [string, string, string, string];
  const booking = (await ctx.read(getBooking, { facility_id: facilityId, doctor_id: doctorId, address_id: addressId, booking_id: bookingId })) as DocplannerBooking;
  return toAppointment({ facilityId, doctorId, addressId }, booking);
}

async function createAppointment(ctx: FhirContext, resource: Resource): Promise<WriteResult> {
  const appointment = resource as Appointment;
  const slotRef = appointment.slot?.[0]?.reference;
  const slotIdValue = required(slotRef?.startsWith("Slot/") ? slotRef.slice(5) : undefined, "Appointment.slot", "booking with Docplanner books one of its free slots (GET Slot)");
  const slot = slotKey(parts(slotIdValue, "Slot", 7, "Appointment.slot"));
  if (!slot) throw new FhirError(404, "not-found", "Appointment.slot is not one of this connection's slots", ["Appointment.slot"]);
  const at = { facilityId: slot.facilityId, doctorId: slot.doctorId, addressId: slot.addressId };
  const written = await ctx.write(bookSlot, { facility_id: at.facilityId, doctor_id: at.doctorId, address_id: at.addressId, start: slot.start, body: bookingRequest(appointment, slot) });
  return written.kind === "queued" ? written : { kind: "done", resource: toAppointment(at, written.body as DocplannerBooking) };
}

async function patchAppointment(ctx: FhirContext, appointment: string, change: AppointmentChange): Promise<WriteResult<Appointment>> {
  const [facilityId, doctorId, addressId, bookingId] = parts(appointment, "Appointment", 4, "id") as [string, string, string, string];
  const at = { facilityId, doctorId, addressId };
  const where = { facility_id: facilityId, doctor_id: doctorId, address_id: addressId, booking_id: bookingId };
  const current = (await ctx.read(getBooking, where)) as DocplannerBooking;
  if (change.status) {
    const op = change.status === "cancelled" ? cancelBooking : markPatientAbsence;
    const written = await ctx.write(op, { ...where, ...(change.status === "cancelled" && { body: {} }) });
    if (written.kind === "queued") return written;
    return { kind: "done", resource: toAppointment(at, (await ctx.read(getBooking, where)) as DocplannerBooking) };
  }
  const start = required(change.start, "/start", "rescheduling moves the booking to a new start");
  const serviceId = required(current.address_service?.id, "address_service", "Docplanner moves a booking with its address service, which this booking does not name");
  const duration = change.end ? Math.round((Date.parse(change.end) - Date.parse(start)) / 60_000) : current.duration;
  // Docplanner takes times in its own offset; the booking's is kept.
  const local = atOffset(start, offsetOf(current.start_at) ?? "Z");
  const written = await ctx.write(moveBooking, { ...where, body: { address_service_id: serviceId, start: local, ...(duration && { duration }) } });
  // Docplanner moves a booking by making a new one: the answer is the appointment at its new time, with its new id.
  return written.kind === "queued" ? written : { kind: "done", resource: toAppointment(at, written.body as DocplannerBooking) };
}

export const docplannerFhir: FhirAdapter = {
  vendor: V,
  support: {
    Practitioner: {
      interactions: ["search-type"],
      searchParams: [{ name: "name", type: "string", documentation: "Part of the doctor's name (matched here; Docplanner lists every doctor of every facility)" }],
    },
    Location: { interactions: ["search-type"], searchParams: [{ name: "practitioner", type: "reference", documentation: "Practitioner/{id}: that doctor's addresses only" }] },
    Slot: {
      interactions: ["search-type"],
      searchParams: [
        { name: "schedule.actor", type: "reference", documentation: "Practitioner/{id}", required: true },
        { name: "start", type: "date", documentation: "ge… and lt… (at most 180 days apart)", required: true },
        { name: "location", type: "reference", documentation: "Location/{id}: one of the doctor's addresses" },
      ],
    },
    Appointment: {
      interactions: ["read", "search-type", "create", "patch"],
      documentation: "create books a Slot for a contained Patient (name and phone required); patch moves /start (Docplanner answers with a new booking and id), or sets /status to cancelled or noshow.",
      searchParams: [
        { name: "date", type: "date", documentation: "The window (ge…, lt…, or a day)", required: true },
        { name: "practitioner", type: "reference", documentation: "Practitioner/{id}", required: true },
      ],
    },
  },
  async search(ctx, type, params) {
    if (type === "Slot") return searchSlots(ctx, params);
    if (type === "Appointment") return searchAppointments(ctx, params);
    if (type === "Practitioner") {
      onlyKnown(params, ["name"]);
      const name = params.get("name")?.toLowerCase();
      const all = (await doctors(ctx)).map(({ facility, doctor }) => toPractitioner(facility.id, doctor));
      return { resources: name ? all.filter((p) => p.name?.[0]?.text?.toLowerCase().includes(name)) : all };
    }
    onlyKnown(params, ["practitioner"]);
    const practitioner = referencedId(params.get("practitioner"), "Practitioner", "practitioner");
    const wanted = practitioner ? parts(practitioner, "Practitioner", 2, "practitioner") : undefined;
    const at = wanted ? (await doctors(ctx)).filter(({ facility, doctor }) => facility.id === wanted[0] && doctor.id === wanted[1]) : await doctors(ctx);
    const locations = await Promise.all(at.map(async ({ facility, doctor }) => (await addressesOf(ctx, facility.id, doctor.id)).map((a) => toLocation(facility, doctor.id, a))));
    return { resources: locations.flat() };
  },
  read: async (ctx, _type, id) => readAppointment(ctx, id),
  create: (ctx, _type, resource) => createAppointment(ctx, resource),
  patchAppointment,
};

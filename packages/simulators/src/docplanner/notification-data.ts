import { iso, MINUTE } from "./datetime";
import type { Address, AddressService, Booking, CalendarBreak, Slot, World } from "./model";
import { generatePatient, uuid } from "./patients";
import { Draw } from "./random";
import { freeSlots, liveServices } from "./slots";
import { addressServiceView, bookingCore, integerPrice } from "./views";

/**
 * The `data` of each of the contract's 17 callbacks, built from an account's own resources, in the
 * shapes of the callback schemas and examples (facility/doctor/address references, BookingNotification,
 * VisitBookingRequestNotification, BreakNotification, AddressService).
 */
type Data = Record<string, unknown>;

function references(world: World, address: Address, withCommercialType = false): Data {
  const doctor = world.doctors.get(address.doctorId)!;
  const facility = world.facilities.get(address.facilityId)!;
  return {
    facility: { id: facility.id, name: facility.name },
    doctor: { id: doctor.id, name: doctor.name, surname: doctor.surname },
    address: {
      id: address.id,
      name: address.name,
      street: address.street,
      post_code: address.postCode,
      ...(withCommercialType ? { commercial_type: address.commercialType } : {}),
    },
  };
}

/** AddressServiceNotification: its price is a non-nullable integer, so a service without one omits it. */
function serviceReference(service: AddressService | undefined): Data | null {
  if (!service) return null;
  const price = integerPrice(service.price);
  return { id: service.id, name: service.name, ...(price === null ? {} : { price }), is_price_from: service.isPriceFrom, is_visible: service.isVisible };
}

const patientOf = (b: Booking) => {
  const { name, surname, email, phone, birth_date, nin, gender, is_returning, insurance_number } = b.patient;
  return { name, surname, email, phone, birth_date, nin, gender, is_returning, insurance_number };
};

function bookingNotification(world: World, b: Booking): Data {
  const address = world.addresses.get(b.addressId)!;
  return {
    ...bookingCore(b),
    address_service: serviceReference(b.addressServiceId === null ? undefined : world.addressServices.get(b.addressServiceId)),
    patient: patientOf(b),
    signature: b.signature,
    ...(b.comment === null ? {} : { comment: b.comment }),
    // InsuranceNotification's plan fields are strings: "" where there is none, as in the examples.
    insurance: b.insurance && { id: b.insurance.id, name: b.insurance.name, plan: b.insurance.plan ?? "", plan_id: b.insurance.plan_id ?? "" },
    ...(address.visitPayment ? { visit_payment: true } : {}),
    ...(address.onlineOnly ? { videocall_url: `https://www.znanylekarz.pl/wideokonsultacja/${b.signature}` } : {}),
  };
}

/** VisitBookingRequestNotification: a booking the patient is about to make (or move to). */
function visitBookingRequest(world: World, b: Booking): Data {
  const address = world.addresses.get(b.addressId)!;
  return {
    booking_at: iso(b.bookedAt),
    booking_by: b.bookedBy,
    duration: b.duration,
    start_at: iso(b.start),
    end_at: iso(b.start + b.duration * MINUTE),
    address_service: serviceReference(b.addressServiceId === null ? undefined : world.addressServices.get(b.addressServiceId)),
    patient: patientOf(b),
    signature: b.signature,
    ...(b.comment === null ? {} : { comment: b.comment }),
    ...(address.visitPayment ? { visit_payment: true } : {}),
  };
}

const breakNotification = (b: CalendarBreak): Data => ({ id: b.id, since: iso(b.since), till: iso(b.till) });

/** A booking a marketplace patient makes in a slot (with the slot's first service). */
export function patientBooking(world: World, address: Address, slot: Slot | undefined, id: string, now: number): Booking {
  const start = slot?.start ?? now;
  const draw = Draw.of("marketplace", address.id, start, id);
  const serviceId = slot === undefined ? null : (liveServices(world, slot)[0]?.addressServiceId ?? null);
  return {
    id,
    addressId: address.id,
    status: "booked",
    start,
    duration: slot === undefined ? address.schedule.slotMinutes : Math.min(...slot.services.map((x) => x.duration)),
    bookedBy: "user",
    canceledBy: "",
    bookedAt: now,
    canceledAt: null,
    addressServiceId: serviceId,
    patient: generatePatient(draw, now),
    comment: draw.chance(0.5) ? "Proszę o potwierdzenie SMS" : null,
    presence: null,
    insurance: null,
    paymentStatus: address.visitPayment ? "waiting_for_confirmation" : null,
    confirmed: false,
    originId: id,
    newestId: id,
    signature: uuid(draw),
  };
}

interface Subjects {
  address: Address;
  /** The booking a marketplace patient is making (slot-booking, slot-booked). */
  requested?: Booking;
  /** An active future booking and a past one of the address (presence-marked). */
  upcoming: Booking;
  past: Booking;
  calendarBreak: CalendarBreak;
}

/** The address's first service (any service, once the address has none left). */
function serviceOf(world: World, address: Address): Data {
  const all = [...world.addressServices.values()];
  const service = all.find((s) => s.addressId === address.id) ?? all[0];
  if (!service) throw new Error("the account has no address service left to describe");
  return addressServiceView(service, new Set());
}

function subjects(world: World, address: Address, now: number): Subjects {
  const mine = [...world.bookings.values()].filter((b) => b.addressId === address.id).sort((a, b) => a.start - b.start);
  const upcoming = mine.find((b) => b.status === "booked" && b.start > now) ?? mine[mine.length - 1]!;
  const past = [...mine].reverse().find((b) => b.status === "booked" && b.start < now) ?? upcoming;
  const calendarBreak = [...world.breaks.values()].find((b) => b.addressId === address.id) ?? { id: "0", addressId: address.id, since: now, till: now + 60 * MINUTE, description: null, coupled: [] };
  return { address, upcoming, past, calendarBreak };
}

const BUILDERS: Record<string, (world: World, s: Subjects, now: number) => Data> = {
  "slot-booking": (world, s, now) => {
    const slot = freeSlots(world, s.address, now, now + 30 * 24 * 60 * MINUTE, now)[0];
    return { visit_booking_request: visitBookingRequest(world, s.requested ?? patientBooking(world, s.address, slot, "0", now)) };
  },
  "slot-booked": (world, s) => ({ visit_booking: bookingNotification(world, s.requested ?? s.upcoming) }),
  "booking-canceled": (world, s, now) => ({
    visit_booking: bookingNotification(world, { ...s.upcoming, status: "canceled", canceledBy: "user", canceledAt: now }),
  }),
  "booking-moved": (world, s, now) => ({
    old_visit_booking: bookingNotification(world, { ...s.upcoming, status: "canceled", canceledBy: "user", canceledAt: now }),
    new_visit_booking: bookingNotification(world, { ...s.upcoming, id: `${s.upcoming.id}1`, start: s.upcoming.start + 24 * 60 * MINUTE, bookedAt: now }),
  }),
  "booking-moving": (world, s, now) => ({
    canceling_booking: bookingNotification(world, s.upcoming),
    creating_booking: visitBookingRequest(world, { ...s.upcoming, start: s.upcoming.start + 24 * 60 * MINUTE, bookedAt: now }),
  }),
  "booking-confirmed": (world, s) => ({ visit_booking: bookingNotification(world, { ...s.upcoming, confirmed: true }) }),
  "booking-payment-status-changed": (world, s, now) => ({
    visit_booking: bookingNotification(world, s.upcoming),
    visit_payment_status: { status_from: "not-paid", status_to: "paid", changed_at: iso(now) },
  }),
  "break-created": (_, s) => ({ break: breakNotification(s.calendarBreak) }),
  "break-moved": (_, s) => ({ break: breakNotification(s.calendarBreak) }),
  "break-removed": (_, s) => ({ break: breakNotification(s.calendarBreak) }),
  "presence-marked": (world, s) => ({ visit_booking: bookingNotification(world, s.past), presence: s.past.presence === "absent" ? "ABSENT" : "PRESENT" }),
  "address-service-created": (world, s) => ({ address_service: serviceOf(world, s.address) }),
  "address-service-changed": (world, s) => ({ address_service: serviceOf(world, s.address) }),
  "address-service-deleted": (world, s) => ({ address_service: serviceOf(world, s.address) }),
  "address-commercial-type-changed": () => ({}),
  "address-assigned": () => ({}),
  "address-unassigned": () => ({}),
};

export const NOTIFICATION_NAMES = Object.keys(BUILDERS);

/** The callback's `data` about the account's first address, or about the booking a patient is making. */
export function notificationData(world: World, name: string, now: number, requested?: Booking): Data {
  const build = BUILDERS[name];
  if (!build) throw new Error(`unknown Docplanner notification ${name}; one of ${NOTIFICATION_NAMES.join(", ")}`);
  const address = requested ? world.addresses.get(requested.addressId)! : world.addresses.values().next().value!;
  const data = build(world, { ...subjects(world, address, now), requested }, now);
  return { ...references(world, address, name.startsWith("address-") && !name.startsWith("address-service")), ...data };
}

import { iso, MINUTE } from "./datetime";
import { INSURANCE_PROVIDERS } from "./dictionary";
import type { Address, AddressService, Booking, CalendarBreak, Doctor, Facility, Slot, World } from "./model";
import { liveServices } from "./slots";

/**
 * Resources as the API returns them. The default fields and what each `with` expansion adds
 * follow the contract's examples per endpoint (the schemas list every field without saying when
 * it appears).
 */
export type Scopes = ReadonlySet<string>;
type View = Record<string, unknown>;

/** The `_items` envelope of Docplanner's collections. */
export const items = <T>(list: T[]) => ({ _items: list });

const doctorBrief = (d: Doctor): View => ({ id: d.id, name: d.name, surname: d.surname });

export function facilityView(world: World, facility: Facility, scopes: Scopes): View {
  const view: View = { id: facility.id, name: facility.name };
  if (scopes.has("facility.doctors")) view.doctors = items(facility.doctorIds.map((id) => doctorBrief(world.doctors.get(id)!)));
  return view;
}

/**
 * "addresses": getAddresses/getAddress/updateAddress (city_name, booking_extra_fields always);
 * "doctor": getDoctor's doctor.addresses, where address.* expansions add them.
 */
export function addressView(address: Address, scopes: Scopes, context: "addresses" | "doctor"): View {
  const view: View = { id: address.id, name: address.name };
  if (context === "addresses") view.city_name = address.cityName;
  view.post_code = address.postCode;
  view.street = address.street;
  if (context === "addresses" || scopes.has("address.booking_extra_fields")) view.booking_extra_fields = { ...address.bookingExtraFields };
  if (scopes.has("address.online_only")) view.is_online_only = address.onlineOnly;
  if (scopes.has("address.visit_payment")) view.visit_payment = address.visitPayment;
  if (scopes.has("address.commercial_type")) view.commercial_type = address.commercialType;
  if (context === "addresses" && scopes.has("address.insurance_support")) view.insurance_support = address.insuranceSupport;
  return view;
}

/** getDoctors ("list") or getDoctor ("single", which always names the specializations). */
export function doctorView(world: World, doctor: Doctor, scopes: Scopes, mode: "list" | "single"): View {
  const view = doctorBrief(doctor);
  if (scopes.has("doctor.profile_url")) view.profile_url = doctor.profileUrl;
  if (scopes.has("doctor.license_numbers")) view.license_numbers = items(doctor.licenseNumbers.map((l) => ({ ...l })));
  if (mode === "single" && scopes.has("doctor.addresses")) {
    view.addresses = items(doctor.addressIds.map((id) => addressView(world.addresses.get(id)!, scopes, "doctor")));
  }
  if (mode === "single" || scopes.has("doctor.specializations")) view.specializations = items(doctor.specializations.map((s) => ({ ...s })));
  return view;
}

/** The contract: price is "Integer part of the price (decimals truncated)". */
export const integerPrice = (price: number | null) => (price === null ? null : Math.trunc(price));

export function addressServiceView(service: AddressService, scopes: Scopes, options: { duration?: boolean } = {}): View {
  const view: View = {
    id: service.id,
    name: service.name,
    is_default: service.isDefault,
    is_price_from: service.isPriceFrom,
    price: integerPrice(service.price),
    description: service.description,
    service_id: service.serviceId,
    is_visible: service.isVisible,
  };
  if (options.duration) view.duration = service.duration;
  if (scopes.has("address_service.allowed_patients")) view.allowed_patients = service.allowedPatients && { ...service.allowedPatients };
  // The contract's example shows the service's own name where no custom one is set.
  if (scopes.has("address_service.custom_name")) view.custom_name = service.customName ?? service.name;
  if (scopes.has("address_service.public_insurance_flow")) view.is_public_insurance_flow = service.publicInsuranceFlow;
  return view;
}

export const breakView = (b: CalendarBreak): View => ({ id: b.id, since: iso(b.since), till: iso(b.till), description: b.description });

export function slotView(world: World, slot: Slot, scopes: Scopes): View {
  const view: View = { start: iso(slot.start) };
  if (scopes.has("slot.services")) {
    view.address_services = items(liveServices(world, slot).map((s) => addressServiceView(world.addressServices.get(s.addressServiceId)!, new Set())));
  }
  return view;
}

/** booking.moving is only known for bookings created after 2 April 2025 (getBooking's description). */
const MOVING_KNOWN_SINCE = Date.parse("2025-04-02T00:00:00+02:00");

/** The fields every representation of a booking starts with (API and notifications alike). */
export const bookingCore = (booking: Booking): View => ({
  id: booking.id,
  status: booking.status,
  start_at: iso(booking.start),
  end_at: iso(booking.start + booking.duration * MINUTE),
  duration: booking.duration,
  booked_by: booking.bookedBy,
  canceled_by: booking.canceledBy,
  booked_at: iso(booking.bookedAt),
  canceled_at: booking.canceledAt === null ? null : iso(booking.canceledAt),
});

/** getBookings ("list") or getBooking / bookSlot / moveBooking ("single"). */
export function bookingView(world: World, booking: Booking, scopes: Scopes, mode: "list" | "single"): View {
  const address = world.addresses.get(booking.addressId)!;
  const view = bookingCore(booking);
  const publicFlow = scopes.has("address_service.public_insurance_flow");
  if (mode === "single" && scopes.has("booking.moving")) {
    view.moving = booking.bookedAt < MOVING_KNOWN_SINCE ? null : { origin_booking_id: booking.originId, newest_booking_id: booking.newestId };
  }
  if (mode === "single" || scopes.has("booking.patient")) view.patient = { ...booking.patient };
  if (mode === "single" || scopes.has("booking.address_service") || publicFlow) {
    const service = booking.addressServiceId === null ? undefined : world.addressServices.get(booking.addressServiceId);
    view.address_service = service ? addressServiceView(service, publicFlow ? new Set(["address_service.public_insurance_flow"]) : new Set()) : null;
  }
  view.comment = booking.comment;
  if (mode === "list" && scopes.has("booking.presence")) view.presence = booking.presence;
  if (mode === "list" && scopes.has("booking.confirmation")) view.confirmed = booking.confirmed;
  view.insurance = booking.insurance && { ...booking.insurance };
  if (address.visitPayment) {
    view.visit_payment = true;
    view.visit_payment_status = booking.paymentStatus;
  }
  if (mode === "single" && address.onlineOnly) view.videocall_url = `https://www.znanylekarz.pl/wideokonsultacja/${booking.signature}`;
  return view;
}

export const dictionaryProviderView = (p: (typeof INSURANCE_PROVIDERS)[number]): View => ({ insurance_provider_id: p.id, name: p.name });

export const planView = (plan: { id: string; name: string }): View => ({ insurance_plan_id: plan.id, name: plan.name });

export function addressInsuranceView(address: Address): View[] {
  return [...address.insurance.entries()].map(([providerId, planIds]) => {
    const provider = INSURANCE_PROVIDERS.find((p) => p.id === providerId)!;
    return { ...dictionaryProviderView(provider), insurance_plans: items(provider.plans.filter((p) => planIds.includes(p.id)).map(planView)) };
  });
}

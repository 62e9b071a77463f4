import type { Address, AddressService, Booking, CalendarBreak, Doctor, Facility } from "./model";
import { ApiError, MESSAGES } from "./replies";
import type { RouteContext } from "./route-context";

/**
 * The resources a path names, checked to belong to the caller and to each other, with the
 * contract's answers: an id no account has is 404 "Object not found"; one that exists but is not
 * the caller's (or not under the facility/doctor named) is 403 with the contract's wording.
 */
export function facilityOf(ctx: RouteContext): Facility {
  const id = ctx.params.facility_id!;
  const facility = ctx.state.world.facilities.get(id);
  if (facility) return facility;
  throw new ApiError(ctx.elsewhere("facility", id) ? 403 : 404, ctx.elsewhere("facility", id) ? MESSAGES.facilityNotAuthorized : MESSAGES.objectNotFound);
}

export function doctorOf(ctx: RouteContext, notInFacility: string = MESSAGES.doctorNotAuthorized): { facility: Facility; doctor: Doctor } {
  const facility = facilityOf(ctx);
  const id = ctx.params.doctor_id!;
  const doctor = ctx.state.world.doctors.get(id);
  if (doctor?.facilityId === facility.id) return { facility, doctor };
  if (doctor) throw new ApiError(403, notInFacility);
  throw new ApiError(ctx.elsewhere("doctor", id) ? 403 : 404, ctx.elsewhere("doctor", id) ? MESSAGES.doctorNotAuthorized : MESSAGES.objectNotFound);
}

export function addressOf(ctx: RouteContext): { facility: Facility; doctor: Doctor; address: Address } {
  const { facility, doctor } = doctorOf(ctx);
  const id = ctx.params.address_id!;
  const address = ctx.state.world.addresses.get(id);
  if (address?.doctorId === doctor.id) return { facility, doctor, address };
  if (address) throw new ApiError(403, address.facilityId === facility.id ? MESSAGES.addressNotOfDoctor : MESSAGES.addressNotInFacility);
  throw new ApiError(ctx.elsewhere("address", id) ? 403 : 404, ctx.elsewhere("address", id) ? MESSAGES.addressNotAuthorized : MESSAGES.objectNotFound);
}

export function addressServiceOf(ctx: RouteContext, address: Address): AddressService {
  const service = ctx.state.world.addressServices.get(ctx.params.address_service_id!);
  if (service?.addressId === address.id) return service;
  throw new ApiError(service ? 403 : 404, service ? MESSAGES.serviceNotOfAddress : MESSAGES.objectNotFound);
}

export function breakOf(ctx: RouteContext, address: Address): CalendarBreak {
  const found = ctx.state.world.breaks.get(ctx.params.break_id!);
  if (found?.addressId === address.id) return found;
  throw new ApiError(404, "Invalid break ID");
}

/** A booking of the address; `elsewhere` is the answer for a booking of another of the caller's addresses. */
export function bookingOf(ctx: RouteContext, address: Address, elsewhere: { status: number; message: string } = { status: 403, message: MESSAGES.bookingNotOfAddress }): Booking {
  const booking = ctx.state.world.bookings.get(ctx.params.booking_id!);
  if (booking?.addressId === address.id) return booking;
  if (booking) throw new ApiError(elsewhere.status, elsewhere.message);
  throw new ApiError(404, MESSAGES.objectNotFound);
}

/** Writes to a calendar need a commercial profile (the contract's 422 DoctorOrAddressNotCommercial). */
export function requireCommercial(address: Address): void {
  if (address.commercialType === "basic") throw new ApiError(422, MESSAGES.notCommercial(address.id));
}

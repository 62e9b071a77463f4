import type { AccountState } from "./accounts";
import { DAY } from "./datetime";
import { askApproval, dispatch } from "./dispatch";
import { patientBooking } from "./notification-data";
import { freeSlotAt, freeSlots } from "./slots";
import { nextId } from "./world";

/**
 * A patient booking through the marketplace (not through the API): push clients are first asked
 * through the slot-booking hook; once approved the booking takes the slot and slot-booked follows.
 */
export interface MarketplaceBooking {
  facilityId: string;
  doctorId: string;
  addressId: string;
  start?: string;
}

/** How far ahead a patient looks for a free slot when none is named. */
const SEARCH_DAYS = 60;

export async function patientBooks(state: AccountState, at: MarketplaceBooking, now: number): Promise<{ approved: boolean; bookingId?: string }> {
  const { world } = state;
  const address = world.addresses.get(at.addressId);
  if (!address || address.doctorId !== at.doctorId || address.facilityId !== at.facilityId) {
    throw new Error(`no address ${at.addressId} of doctor ${at.doctorId} in facility ${at.facilityId} for ${state.account.clientId}`);
  }
  const slot = at.start === undefined ? freeSlots(world, address, now, now + SEARCH_DAYS * DAY, now)[0] : freeSlotAt(world, address, Date.parse(at.start), now);
  if (!slot) throw new Error(`no free slot ${at.start ?? "in the next 60 days"} at address ${address.id}`);

  const booking = patientBooking(world, address, slot, nextId(world, "booking"), now);
  if (!(await askApproval(state, booking, now))) return { approved: false };
  // The slot may have gone while the hook was waiting for an answer.
  if (!freeSlotAt(world, address, slot.start, now)) return { approved: false };
  world.bookings.set(booking.id, booking);
  await dispatch(state, "slot-booked", now, undefined, booking);
  return { approved: true, bookingId: booking.id };
}

import { dayOf, daysBetween, dayStart, MINUTE, weekdayOf } from "./datetime";
import type { Address, Booking, Slot, World } from "./model";
import { Draw } from "./random";

/**
 * An address's slots: generated from its weekly schedule per day, until replaceSlots or
 * deleteSlots gives the day explicit slots. A slot is free while it starts in the future, its
 * calendar is enabled, and no active booking or break overlaps it.
 */
const slotDayKey = (addressId: string, day: string) => `${addressId}|${day}`;

/** The schedule's slots of a day, with a few left out (the doctor is not always available). */
function generatedSlots(address: Address, day: string): Slot[] {
  const { weekdays, firstMinute, slotMinutes, slotsPerDay, addressServiceIds } = address.schedule;
  if (!weekdays.includes(weekdayOf(day))) return [];
  const draw = Draw.of("slots", address.id, day);
  const midnight = dayStart(day);
  return Array.from({ length: slotsPerDay }, (_, i) => ({
    start: midnight + (firstMinute + i * slotMinutes) * MINUTE,
    services: addressServiceIds.map((addressServiceId) => ({ addressServiceId, duration: slotMinutes })),
  })).filter(() => !draw.chance(0.1));
}

export function slotsOfDay(world: World, address: Address, day: string): Slot[] {
  return world.slotDays.get(slotDayKey(address.id, day)) ?? generatedSlots(address, day);
}

/** The slot's services that still exist on the address. */
export function liveServices(world: World, slot: Slot) {
  return slot.services.filter((s) => world.addressServices.has(s.addressServiceId));
}

const slotEnd = (slot: Slot) => slot.start + Math.min(...slot.services.map((s) => s.duration)) * MINUTE;
const overlaps = (start: number, end: number, from: number, to: number) => start < to && from < end;

const activeBookingsOf = (world: World, addressId: string): Booking[] =>
  [...world.bookings.values()].filter((b) => b.addressId === addressId && b.status === "booked");

function isFree(world: World, address: Address, slot: Slot, now: number, bookings: Booking[]): boolean {
  if (slot.start < now || liveServices(world, slot).length === 0) return false;
  const end = slotEnd(slot);
  if (bookings.some((b) => overlaps(slot.start, end, b.start, b.start + b.duration * MINUTE))) return false;
  return ![...world.breaks.values()].some((br) => br.addressId === address.id && overlaps(slot.start, end, br.since, br.till));
}

/** Free slots starting in [from, to). */
export function freeSlots(world: World, address: Address, from: number, to: number, now: number): Slot[] {
  if (address.calendar !== "enabled" || to <= from) return [];
  const bookings = activeBookingsOf(world, address.id);
  return daysBetween(from, to)
    .flatMap((day) => slotsOfDay(world, address, day))
    .filter((slot) => slot.start >= from && slot.start < to && isFree(world, address, slot, now, bookings));
}

export function freeSlotAt(world: World, address: Address, start: number, now: number): Slot | undefined {
  return freeSlots(world, address, start, start + 1, now)[0];
}

/** Replaces the slots starting in [from, to) of the day containing `from` with `slots`. */
export function overrideRange(world: World, address: Address, from: number, to: number, slots: Slot[]): void {
  const day = dayOf(from);
  const kept = slotsOfDay(world, address, day).filter((slot) => slot.start < from || slot.start >= to);
  world.slotDays.set(slotDayKey(address.id, day), [...kept, ...slots].sort((a, b) => a.start - b.start));
}

export function clearDay(world: World, address: Address, day: string): void {
  world.slotDays.set(slotDayKey(address.id, day), []);
}

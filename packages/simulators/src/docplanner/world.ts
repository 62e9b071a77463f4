import { addDays, dayOf, dayStart, DAY, HOUR, MINUTE, weekdayOf } from "./datetime";
import { INSURANCE_PROVIDERS, SERVICES, SPECIALIZATIONS, type DictionaryService } from "./dictionary";
import type { Address, AddressService, Booking, CommercialType, Doctor, Facility, InsuranceSupport, World } from "./model";
import { ascii, CITIES, FACILITY_NAMES, person } from "./names";
import { generatePatient, uuid } from "./patients";
import { Draw } from "./random";
import { insuranceOf } from "./slot-insurance";
import { slotsOfDay } from "./slots";

/**
 * An account's realistic, deterministic data: the same seed and start time give the same
 * facilities, doctors, addresses, services, insurances, breaks and bookings. Two facilities (three
 * and two doctors); the first doctor has an offline and an online-only address (coupled for
 * breaks); every address has services, an insurance provider, a future break and a future booking.
 */
const DOCTORS_PER_FACILITY = [3, 2];
/** Bookings are generated for these days around the account's creation. */
const PAST_DAYS = 14;
const FUTURE_DAYS = 28;

interface Ids {
  facility: number;
  doctor: number;
  address: number;
}

function emptyWorld(draw: Draw): { world: World; ids: Ids } {
  const world: World = {
    facilities: new Map(),
    doctors: new Map(),
    addresses: new Map(),
    addressServices: new Map(),
    breaks: new Map(),
    bookings: new Map(),
    slotDays: new Map(),
    lastSlotReplace: new Map(),
    opinions: new Set(),
    nextId: { booking: draw.int(1_000, 8_999) * 10_000, break: draw.int(100, 899) * 10_000, addressService: draw.int(100, 899) * 1_000 },
  };
  return { world, ids: { facility: draw.int(10, 89) * 100, doctor: draw.int(100, 899) * 1_000, address: draw.int(100, 899) * 1_000 } };
}

export const nextId = (world: World, kind: keyof World["nextId"]): string => String(world.nextId[kind]++);

function addServices(world: World, address: Address, doctor: Doctor, draw: Draw): void {
  const specializations = new Set(doctor.specializations.map((s) => s.id));
  const fitting = SERVICES.filter((s) => s.specializationIds.some((id) => specializations.has(id)));
  const online = SERVICES.find((s) => s.id === "18") as DictionaryService;
  const chosen = address.onlineOnly ? [online, ...draw.sample(fitting.filter((s) => s !== online), 1)] : draw.sample(fitting, draw.int(2, 4));
  chosen.forEach((service, i) => {
    const s: AddressService = {
      id: nextId(world, "addressService"),
      addressId: address.id,
      serviceId: service.id,
      name: service.name,
      price: draw.chance(0.15) ? null : draw.int(10, 40) * 10,
      isPriceFrom: draw.chance(0.3),
      isDefault: i === 0,
      description: draw.chance(0.7) ? `${service.name} – ${doctor.name} ${doctor.surname}` : null,
      duration: address.schedule.slotMinutes,
      isVisible: i === 0 || draw.chance(0.85),
      allowedPatients: draw.chance(0.3) ? { minimum_age: draw.pick([null, 12, 18]), maximum_age: draw.pick([null, 65, 99]) } : null,
      customName: draw.chance(0.2) ? `${service.name} (NFZ)` : null,
      publicInsuranceFlow: draw.chance(0.2),
    };
    world.addressServices.set(s.id, s);
    address.schedule.addressServiceIds.push(s.id);
  });
}

function addInsurance(address: Address, draw: Draw): void {
  for (const provider of draw.sample(INSURANCE_PROVIDERS, draw.int(1, 3))) {
    address.insurance.set(
      provider.id,
      draw.sample(provider.plans, draw.int(0, provider.plans.length)).map((p) => p.id),
    );
  }
}

function addAddress(world: World, ids: Ids, facility: Facility, doctor: Doctor, onlineOnly: boolean, first: boolean, draw: Draw): Address {
  const city = CITIES[Number(facility.id) % CITIES.length]!;
  const address: Address = {
    id: String(ids.address++),
    facilityId: facility.id,
    doctorId: doctor.id,
    name: onlineOnly ? "Konsultacje online" : facility.name,
    cityName: onlineOnly ? null : city.name,
    postCode: onlineOnly ? null : `${city.postPrefix}${draw.int(0, 9)}-${draw.digits(3)}`,
    street: onlineOnly ? null : `${draw.pick(city.streets)} ${draw.int(1, 120)}`,
    onlineOnly,
    visitPayment: onlineOnly || draw.chance(0.3),
    commercialType: first ? "premium" : draw.pick<CommercialType>(["premium", "premium", "saas-only", "basic"]),
    insuranceSupport: first ? "private_and_insurance" : draw.pick<InsuranceSupport>(["private", "insurance", "private_and_insurance"]),
    bookingExtraFields: { birth_date: draw.chance(0.5), gender: draw.chance(0.3), nin: draw.chance(0.4) },
    calendar: first || draw.chance(0.85) ? "enabled" : "disabled",
    integrated: true,
    // Online consultations are paid up front through their own payment account.
    paymentAccount: onlineOnly ? `online-${facility.id}` : `clinic-${facility.id}`,
    schedule: {
      weekdays: draw.chance(0.3) ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5],
      firstMinute: 8 * 60 + draw.int(0, 4) * 30,
      slotMinutes: draw.pick([15, 20, 30]),
      slotsPerDay: draw.int(6, 12),
      addressServiceIds: [],
    },
    insurance: new Map(),
  };
  world.addresses.set(address.id, address);
  doctor.addressIds.push(address.id);
  addServices(world, address, doctor, draw);
  addInsurance(address, draw);
  return address;
}

/** `coupled`: the doctor gets an online-only address beside the offline one for certain. */
function addDoctor(world: World, ids: Ids, facility: Facility, coupled: boolean, draw: Draw): void {
  const who = person(draw);
  const specializations = draw.sample(SPECIALIZATIONS, draw.int(1, 2));
  const doctor: Doctor = {
    id: String(ids.doctor++),
    facilityId: facility.id,
    name: who.name,
    surname: who.surname,
    specializations: specializations.map(({ id, name }) => ({ id, name })),
    licenseNumbers: [{ id: String(draw.int(10, 9999)), license_number: draw.digits(7) }],
    profileUrl: `https://www.znanylekarz.pl/${ascii(who.name)}-${ascii(who.surname)}/${specializations[0]!.slug}/${ascii(CITIES[Number(facility.id) % CITIES.length]!.name)}`,
    addressIds: [],
  };
  world.doctors.set(doctor.id, doctor);
  facility.doctorIds.push(doctor.id);
  addAddress(world, ids, facility, doctor, false, true, draw);
  if (coupled || draw.chance(0.4)) addAddress(world, ids, facility, doctor, true, false, draw);
}

function addBreaks(world: World, address: Address, anchor: string, draw: Draw): void {
  for (let i = 0, count = draw.int(1, 2); i < count; i++) {
    let day = addDays(anchor, draw.int(1, 10));
    while (!address.schedule.weekdays.includes(weekdayOf(day))) day = addDays(day, 1);
    const since = dayStart(day) + draw.int(11, 14) * HOUR;
    const id = nextId(world, "break");
    world.breaks.set(id, { id, addressId: address.id, since, till: since + draw.pick([1, 2]) * HOUR, description: draw.pick(["Przerwa", "Szkolenie", null]), coupled: [] });
  }
}

function generatedBooking(world: World, address: Address, start: number, serviceId: string, now: number, draw: Draw): Booking {
  const id = nextId(world, "booking");
  const past = start < now;
  const canceled = draw.chance(0.15);
  const bookedAt = Math.floor(Math.min(now, start) / MINUTE) * MINUTE - draw.int(1, 14) * DAY - draw.int(0, 600) * MINUTE;
  const [providerId, planIds] = [...address.insurance.entries()][0] ?? [];
  return {
    id,
    addressId: address.id,
    status: canceled ? "canceled" : "booked",
    start,
    duration: address.schedule.slotMinutes,
    bookedBy: draw.pick(["user", "user", "user", "doctor", "integration"]),
    canceledBy: canceled ? draw.pick(["user", "doctor"]) : "",
    canceledAt: canceled ? bookedAt + Math.floor(((Math.min(now, start) - bookedAt) * draw.next()) / MINUTE) * MINUTE : null,
    bookedAt,
    addressServiceId: serviceId,
    patient: generatePatient(draw, now),
    comment: draw.chance(0.3) ? draw.pick(["Pierwsza wizyta", "Kontrola po leczeniu", "Proszę o kontakt telefoniczny"]) : null,
    presence: past && !canceled ? draw.pick(["present", "present", "absent", null]) : null,
    insurance: providerId !== undefined && draw.chance(0.4) ? insuranceOf(providerId, planIds?.[0] ?? null) : null,
    paymentStatus: address.visitPayment ? draw.pick(["paid", "paid", "not-paid", "waiting_for_confirmation", "refunded"]) : null,
    confirmed: !past && draw.chance(0.5),
    originId: id,
    newestId: id,
    signature: uuid(draw),
  };
}

/** Up to two bookings a day on the address's generated slots, and always one in the future. */
function addBookings(world: World, address: Address, anchor: string, now: number, draw: Draw): void {
  for (let offset = -PAST_DAYS; offset <= FUTURE_DAYS; offset++) {
    const slots = slotsOfDay(world, address, addDays(anchor, offset));
    for (const slot of draw.sample(slots, draw.int(0, 2))) {
      const booking = generatedBooking(world, address, slot.start, draw.pick(slot.services).addressServiceId, now, draw);
      world.bookings.set(booking.id, booking);
    }
  }
  const future = [...world.bookings.values()].some((b) => b.addressId === address.id && b.status === "booked" && b.start > now + DAY);
  if (future) return;
  for (let offset = 2; ; offset++) {
    const slot = slotsOfDay(world, address, addDays(anchor, offset))[0];
    if (!slot) continue;
    const booking = { ...generatedBooking(world, address, slot.start, slot.services[0]!.addressServiceId, now, draw), status: "booked" as const, canceledBy: "" as const, canceledAt: null };
    world.bookings.set(booking.id, booking);
    return;
  }
}

export function generateWorld(seed: number, now: number): World {
  const draw = Draw.of("docplanner", seed);
  const { world, ids } = emptyWorld(draw);
  const names = draw.sample(FACILITY_NAMES, DOCTORS_PER_FACILITY.length);
  DOCTORS_PER_FACILITY.forEach((doctors, f) => {
    const facility: Facility = { id: String(ids.facility++), name: names[f]!, doctorIds: [] };
    world.facilities.set(facility.id, facility);
    for (let d = 0; d < doctors; d++) addDoctor(world, ids, facility, f === 0 && d === 0, draw);
  });
  const anchor = dayOf(now);
  for (const address of world.addresses.values()) {
    addBreaks(world, address, anchor, draw);
    addBookings(world, address, anchor, now, draw);
  }
  return world;
}

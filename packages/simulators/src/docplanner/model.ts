/**
 * What one Docplanner client (account) owns, in memory: its facilities, doctors and addresses with
 * their calendars, services, insurances, breaks, slots and bookings. Times are ms since the epoch;
 * the views (views.ts) render them as the API does.
 */
export type CommercialType = "premium" | "saas-only" | "basic";
export type InsuranceSupport = "private" | "insurance" | "private_and_insurance";
export type Actor = "user" | "doctor" | "integration";

export interface Facility {
  id: string;
  name: string;
  doctorIds: string[];
}

export interface Doctor {
  id: string;
  facilityId: string;
  name: string;
  surname: string;
  specializations: { id: string; name: string }[];
  licenseNumbers: { id: string; license_number: string }[];
  profileUrl: string;
  addressIds: string[];
}

/** The weekly pattern generated slots follow until replaceSlots or deleteSlots overrides a day. */
export interface Schedule {
  /** 0 = Sunday … 6 = Saturday. */
  weekdays: number[];
  firstMinute: number;
  slotMinutes: number;
  slotsPerDay: number;
  addressServiceIds: string[];
}

export interface Address {
  id: string;
  facilityId: string;
  doctorId: string;
  name: string | null;
  cityName: string | null;
  postCode: string | null;
  street: string | null;
  onlineOnly: boolean;
  visitPayment: boolean;
  commercialType: CommercialType;
  insuranceSupport: InsuranceSupport;
  bookingExtraFields: { birth_date: boolean; gender: boolean; nin: boolean };
  calendar: "enabled" | "disabled";
  /** false after removeAddressIntegration. */
  integrated: boolean;
  /** Bookings holding money move only between addresses of one payment account (moveBooking, 1.13.0). */
  paymentAccount: string;
  schedule: Schedule;
  /** Provider id → the plan ids assigned on this address. */
  insurance: Map<string, string[]>;
}

export interface AllowedPatients {
  minimum_age: number | null;
  maximum_age: number | null;
}

export interface AddressService {
  id: string;
  addressId: string;
  serviceId: string;
  name: string;
  /** As sent (up to 2 decimals); views show the integer part, as the contract documents. */
  price: number | null;
  isPriceFrom: boolean;
  isDefault: boolean;
  description: string | null;
  duration: number;
  isVisible: boolean;
  allowedPatients: AllowedPatients | null;
  customName: string | null;
  publicInsuranceFlow: boolean;
}

export interface SlotService {
  addressServiceId: string;
  duration: number;
}

export interface Slot {
  start: number;
  services: SlotService[];
  insuranceAccepted?: string | null;
  insuranceProviders?: number[] | null;
}

export interface CalendarBreak {
  id: string;
  addressId: string;
  since: number;
  till: number;
  description: string | null;
  /** Breaks created alongside this one on coupled addresses (apply_on_coupled_addresses). */
  coupled: string[];
}

export interface Patient {
  name: string;
  surname: string;
  email: string | null;
  phone: string | null;
  birth_date: string | null;
  nin: string | null;
  gender: "m" | "f" | null;
  is_returning: boolean;
  insurance_number: string | null;
}

export interface BookingInsurance {
  id: string;
  name: string;
  plan: string | null;
  plan_id: string | null;
}

export interface Booking {
  id: string;
  addressId: string;
  status: "booked" | "canceled";
  start: number;
  duration: number;
  bookedBy: Actor;
  canceledBy: "" | Actor;
  bookedAt: number;
  canceledAt: number | null;
  addressServiceId: string | null;
  patient: Patient;
  comment: string | null;
  presence: "present" | "absent" | null;
  insurance: BookingInsurance | null;
  /** Only on addresses with visit payments: paid, waiting_for_confirmation, not-paid, refunded, charged_back. */
  paymentStatus: string | null;
  confirmed: boolean;
  /** booking.moving: the first booking of the chain and the latest one. */
  originId: string;
  newestId: string;
  /** The notifications' per-booking signature (a UUID). */
  signature: string;
}

export interface World {
  facilities: Map<string, Facility>;
  doctors: Map<string, Doctor>;
  addresses: Map<string, Address>;
  addressServices: Map<string, AddressService>;
  breaks: Map<string, CalendarBreak>;
  bookings: Map<string, Booking>;
  /** "addressId|YYYY-MM-DD" → that day's slots, once replaceSlots or deleteSlots touched the day. */
  slotDays: Map<string, Slot[]>;
  /** replaceSlots duplicates (same address and payload) within 3 minutes are ignored. */
  lastSlotReplace: Map<string, { payload: string; at: number }>;
  /** "doctorId|phone" of opinion requests already sent. */
  opinions: Set<string>;
  /** The next id of each kind; ids are numeric strings from seed-derived bases. */
  nextId: { booking: number; break: number; addressService: number };
}

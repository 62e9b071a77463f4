import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { routeKeyOf } from "../../http/event";
import { buildVendorRequest } from "../../http/request";
import { docplannerCatalogue } from "./catalogue";

/** The issue's list: every operation of the contract, plus the three notification operations. */
const EXPECTED = [
  "getFacilities", "getFacility", "getDoctors", "getDoctor", "getAddresses", "getAddress", "updateAddress", "removeAddressIntegration",
  "getServices", "getAddressServices", "addAddressService", "getAddressService", "updateAddressService", "deleteAddressService",
  "getInsuranceProviders", "getInsurancePlans", "getAddressInsuranceProviders", "addAddressInsuranceProvider",
  "updateOrCreateAddressInsuranceProvider", "deleteAddressInsuranceProvider", "getCalendar", "enableCalendar", "disableCalendar",
  "getCalendarBreaks", "addCalendarBreak", "getCalendarBreak", "moveCalendarBreak", "deleteCalendarBreak", "getSlots", "replaceSlots",
  "bookSlot", "deleteSlots", "getBookings", "getBooking", "cancelBooking", "moveBooking", "confirmBooking", "requestOpinion",
  "markPatientPresence", "markPatientAbsence", "pullNotification", "pullNotifications", "releaseNotifications",
];

const byName = Object.fromEntries(docplannerCatalogue.map((op) => [op.name, op]));
const base = "https://www.znanylekarz.pl/api/v3/integration";

describe("Docplanner catalogue", () => {
  it("has every operation of the contract, as docplanner.{operationId}, each with its own route", () => {
    expect(docplannerCatalogue.map((op) => op.name).sort()).toEqual([...EXPECTED].sort());
    for (const op of docplannerCatalogue) expect(op.id).toBe(`docplanner.${op.name}`);
    expect(new Set(docplannerCatalogue.map(routeKeyOf)).size).toBe(docplannerCatalogue.length);
  });

  it("has valid examples", () => {
    for (const op of docplannerCatalogue) expect(v.safeParse(op.input, op.example).issues, op.id).toBeUndefined();
  });

  it("validates `with` against each endpoint's own expansions", () => {
    const ok = v.safeParse(byName.getDoctor!.input, { facility_id: "1", doctor_id: "2", with: "doctor.addresses,address.online_only" });
    expect(ok.success && ok.output.with).toEqual(["doctor.addresses", "address.online_only"]);
    // An expansion of another endpoint (getDoctors has doctor.specializations, getDoctor does not).
    expect(v.safeParse(byName.getDoctor!.input, { facility_id: "1", doctor_id: "2", with: "doctor.specializations" }).success).toBe(false);
    expect(v.safeParse(byName.getDoctors!.input, { facility_id: "1", with: ["doctor.specializations", "doctor.specializations"] }).success).toBe(false);
  });

  it("checks date-times for an offset and getSlots' 180-day window before any call", () => {
    const slots = (start: string, end: string) => v.safeParse(byName.getSlots!.input, { facility_id: "1", doctor_id: "2", address_id: "3", start, end });
    expect(slots("2026-12-01T00:00:00+01:00", "2026-12-08T00:00:00+01:00").success).toBe(true);
    expect(slots("2026-12-01T00:00:00", "2026-12-08T00:00:00+01:00").success).toBe(false);
    expect(slots("2026-12-08T00:00:00+01:00", "2026-12-01T00:00:00+01:00").issues?.[0]?.message).toBe("must not be before start");
    expect(slots("2026-01-01T00:00:00Z", "2026-06-30T00:00:01Z").issues?.[0]?.message).toBe("must be at most 180 days after start");
  });

  it("builds the documented requests: URL-encoded date-times in path and query, bodies as JSON, DELETE with a body", () => {
    const getSlots = buildVendorRequest(byName.getSlots!, { facility_id: "1", doctor_id: "2", address_id: "3", start: "2020-12-01T00:00:00+01:00", end: "2020-12-02T00:00:00+01:00", with: ["slot.services"] }, {}, base);
    expect(getSlots.url).toBe(`${base}/facilities/1/doctors/2/addresses/3/slots?start=2020-12-01T00%3A00%3A00%2B01%3A00&end=2020-12-02T00%3A00%3A00%2B01%3A00&with=slot.services`);
    const book = buildVendorRequest(byName.bookSlot!, byName.bookSlot!.example, {}, base);
    expect(book.path).toBe("/api/v3/integration/facilities/1/doctors/123/addresses/123/slots/2021-05-16T14%3A00%3A00%2B01%3A00/book");
    expect(JSON.parse(book.body!)).toEqual(byName.bookSlot!.example.body);
    const cancel = buildVendorRequest(byName.cancelBooking!, { facility_id: "1", doctor_id: "2", address_id: "3", booking_id: "4", body: { reason: "x" } }, {}, base);
    expect([cancel.method, cancel.body]).toEqual(["DELETE", '{"reason":"x"}']);
    // moveBooking's body names an address_id of its own, next to the path's.
    const move = buildVendorRequest(byName.moveBooking!, { facility_id: "1", doctor_id: "2", address_id: "3", booking_id: "4", body: { address_service_id: "9", address_id: "5" } }, {}, base);
    expect([move.path.endsWith("/addresses/3/bookings/4/move"), JSON.parse(move.body!).address_id]).toEqual([true, "5"]);
  });

  it("pages getBookings only", () => {
    expect(docplannerCatalogue.filter((op) => op.pagination).map((op) => op.name)).toEqual(["getBookings"]);
  });
});

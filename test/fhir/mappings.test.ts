import { readFileSync } from "node:fs";
import type { Appointment, Resource } from "@medplum/fhirtypes";
import { inlineParts } from "@switchboard/core/fhir/ids";
import { appointmentChangesOf } from "@switchboard/core/vendors/docplanner/appointment-changes";
import * as docplanner from "@switchboard/core/vendors/docplanner/fhir-mapping";
import * as mocdoc from "@switchboard/core/vendors/mocdoc/fhir-mapping";
import { docplannerContract } from "@switchboard/simulators/docplanner/contract";
import { describe, expect, it } from "vitest";
import { fhirIssues } from "../support/fhir-validate";

/**
 * The vendor mappings, pure, over what the vendors' own documents show: Docplanner's contract
 * examples (every booking notification, its booking, doctor, address and slots) and the values in
 * MocDoc's docs (its examples are elided, "...."). Both directions: vendor to FHIR, valid R4 in
 * full, and FHIR back to what the vendor's contract accepts.
 */
const contract = JSON.parse(readFileSync(new URL("../../packages/core/src/vendors/docplanner/contract/docplanner-openapi-1.14.0.json", import.meta.url), "utf8")) as {
  components: { examples: Record<string, { value: any }> };
};
const example = (name: string) => structuredClone(contract.components.examples[name]!.value);
const valid = <R extends Resource>(resource: R): R => {
  expect(fhirIssues(resource)).toEqual([]);
  return resource;
};

describe("Docplanner's contract examples as FHIR", () => {
  it("maps the Booking example to an Appointment at UTC, with its offset kept and its patient contained", () => {
    const booking = example("Booking");
    const appointment = valid(docplanner.toAppointment({ facilityId: "1", doctorId: "123", addressId: "111" }, booking));
    expect(appointment).toMatchObject({ status: "booked", start: "2021-05-16T13:00:00Z", end: "2021-05-16T13:30:00Z", minutesDuration: 30, serviceType: [{ text: "USG" }] });
    expect(appointment.extension?.find((e) => e.url.endsWith("/source-timezone"))?.valueString).toBe("+01:00");
    expect(inlineParts(appointment.id!)).toEqual(["Appointment", "1", "123", "111", "2134124"]);
    // The example's phone is a number (the schema says string); it becomes FHIR's string either way.
    expect(appointment.contained?.[0]).toMatchObject({ resourceType: "Patient", name: [{ given: ["Abraham"], family: "Lincoln" }], telecom: [{ system: "phone", value: "48123123123" }, { system: "email", value: "example@example.com" }], birthDate: "1985-01-01", gender: "male" });
  });

  it("maps the Doctor, Address and Slots examples", () => {
    const practitioner = valid(docplanner.toPractitioner("1", example("Doctor")));
    expect(practitioner.name?.[0]).toMatchObject({ given: ["Sample"], family: "Doctor 123" });
    expect(practitioner.qualification?.[0]?.code.text).toBe("Specialization example 12");
    const location = valid(docplanner.toLocation({ id: "1", name: "Sample hospital" }, "123", example("Address")));
    expect(location.address).toMatchObject({ line: ["Some street"], city: "Some city", postalCode: "xx-xxx" });
    for (const { start } of example("Slots")._items as { start: string }[]) {
      const key = { facilityId: "1", doctorId: "123", addressId: "111", start, addressServiceId: "113", duration: 30 };
      const slot = valid(docplanner.toSlot(key));
      expect(slot.start).toBe(new Date(start).toISOString().replace(".000Z", "Z"));
      // The slot's id carries what booking it needs, offset included.
      expect(docplanner.slotKey(inlineParts(slot.id!)!.slice(1))).toEqual(key);
    }
  });

  it.each([
    ["SlotBookedNotification", "booked", "booked"],
    ["SlotBookedByDoctorNotification", "booked", "booked"],
    ["SlotBookedWhenVisitPaymentNotification", "booked", "booked"],
    ["SlotBookedWhenVideocallNotification", "booked", "booked"],
    ["BookingCanceledNotification", "cancelled", "cancelled"],
    ["BookingCanceledByDoctorNotification", "cancelled", "cancelled"],
    ["BookingMovedNotification", "rescheduled", "booked"],
  ])("publishes the %s example as a %s appointment change", (name, change, status) => {
    const notification = example(name);
    const events = appointmentChangesOf("c1", notification);
    expect(events).toHaveLength(1);
    const detail = events[0]!.detail as { change: string; appointment: Appointment; replaces?: string };
    expect(events[0]!.detailType).toBe(`switchboard.appointment.${change}`);
    expect(detail.change).toBe(change);
    expect(valid(detail.appointment).status).toBe(status);
    const booking = notification.data.visit_booking ?? notification.data.new_visit_booking;
    expect(inlineParts(detail.appointment.id!)).toEqual(["Appointment", notification.data.facility.id, notification.data.doctor.id, notification.data.address.id, booking.id]);
    if (change === "rescheduled") expect(inlineParts(detail.replaces!)!.at(-1)).toBe(notification.data.old_visit_booking.id);
  });

  it("publishes a presence marked ABSENT as a no-show, PRESENT as nothing", () => {
    const absent = example("PresenceMarkedNotification");
    expect(absent.data.presence).toBe("ABSENT");
    const [event] = appointmentChangesOf("c1", absent);
    expect(valid((event!.detail as { appointment: Appointment }).appointment).status).toBe("noshow");
    expect(appointmentChangesOf("c1", { ...absent, data: { ...absent.data, presence: "PRESENT" } })).toEqual([]);
  });

  it("publishes no appointment change for the other notifications", () => {
    for (const name of ["SlotBookingNotification", "BookingMovingNotification", "BookingConfirmedNotification", "BreakCreatedNotification", "AddressServiceCreatedNotification", "AddressAssignedNotification"]) {
      expect(appointmentChangesOf("c1", example(name))).toEqual([]);
    }
  });

  it("gives the same change of the same booking one event id, whoever saw it", () => {
    const first = appointmentChangesOf("c1", example("SlotBookedNotification"))[0]!;
    const again = appointmentChangesOf("c1", { ...example("SlotBookedNotification"), created_at: "2030-01-01T00:00:00+01:00" })[0]!;
    const elsewhere = appointmentChangesOf("c2", example("SlotBookedNotification"))[0]!;
    expect(again.eventId).toBe(first.eventId);
    expect(elsewhere.eventId).not.toBe(first.eventId);
  });

  it("turns a FHIR booking back into a bookSlot body the contract accepts", () => {
    const booking = example("Booking");
    const appointment = docplanner.toAppointment({ facilityId: "1", doctorId: "123", addressId: "111" }, booking);
    const key = { facilityId: "1", doctorId: "123", addressId: "111", start: booking.start_at, addressServiceId: "101", duration: 30 };
    const body = docplanner.bookingRequest(appointment, key);
    const validate = docplannerContract().requestBody("bookSlot")!;
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(body).toMatchObject({ address_service_id: "101", duration: 30, patient: { name: "Abraham", surname: "Lincoln", phone: "48123123123", email: "example@example.com", birth_date: "1985-01-01", gender: "m" } });
  });
});

describe("MocDoc's documented values as FHIR", () => {
  const statuses = { fhirCancelledStatus: "Cancelled", fhirNoShowStatus: "No Show" };

  it("maps a doctor (name, drkey) and a location (entitylocation)", () => {
    const practitioner = valid(mocdoc.toPractitioner({ name: "Arthi B", drkey: "dr-arthi" }, "1cHJhY3Q"));
    expect(practitioner.name?.[0]?.text).toBe("Arthi B");
    valid(mocdoc.toLocation({ entitylocation: "location1", name: "Main" } as never, "1bG9j"));
  });

  it("maps a patient: the documented phid, and a mobile number given as the integer the docs show", () => {
    const patient = valid(mocdoc.toPatient({ phid: "BH44837", fname: "Asha", lname: "Rao", mobile: 9876543210, gender: "Female", dob: "19900115" }, "2abc"));
    expect(patient).toMatchObject({ identifier: [{ system: "urn:switchboard:mocdoc:patient", value: "BH44837" }], telecom: [{ system: "phone", value: "9876543210" }], gender: "female", birthDate: "1990-01-15" });
    // And back: the fields registerPatient and bookAppointment take.
    expect(mocdoc.patientFields(patient)).toEqual({ fname: "Asha", lname: "Rao", mobile: "9876543210", gender: "Female", dob: "19900115" });
  });

  it("makes an appointment's times UTC instants from the account's wall clock, and its id from MocDoc's key", () => {
    const key = mocdoc.parseApptkey("dr-arthi2026120110:00")!;
    expect(key).toEqual({ drkey: "dr-arthi", day: "20261201", start: "10:00" });
    const times = mocdoc.slotTimes(key.day, { start: key.start }, "Asia/Kolkata", 15);
    expect(times).toEqual({ start: "2026-12-01T04:30:00Z", end: "2026-12-01T04:45:00Z" });
    const appointment = valid(mocdoc.toAppointment(mocdoc.appointmentId(key)!, key, times, "Asia/Kolkata", { vendor: "Cancelled", fhir: mocdoc.appointmentStatus("Cancelled", statuses) }));
    expect(appointment.status).toBe("cancelled");
    expect(appointment.identifier?.[0]?.value).toBe(mocdoc.apptkey(key));
  });

  it("reads the account's own status values first", () => {
    const own = { fhirCancelledStatus: "CXL", fhirNoShowStatus: "NS" };
    expect([mocdoc.appointmentStatus("CXL", own), mocdoc.appointmentStatus("ns", own), mocdoc.appointmentStatus("Confirmed", own)]).toEqual(["cancelled", "noshow", "booked"]);
    expect(mocdoc.appointmentStatus("CXL", statuses)).toBe("booked");
  });
});

import type { Appointment, Resource } from "@medplum/fhirtypes";
import { inlineParts } from "@switchboard/core/fhir/ids";
import {
  appointmentInput,
  intakeInput,
  isAppointment,
  isEncounter,
  memberOf,
  rescheduleInput,
  slotKey,
  toAppointment,
  toEncounter,
  toPractitioner,
  toSlots,
  type VseeVisit,
} from "@switchboard/core/vendors/vsee/fhir-mapping";
import { createAppointment } from "@switchboard/core/vendors/vsee/operations/createAppointment";
import { createIntake } from "@switchboard/core/vendors/vsee/operations/createIntake";
import { updateAppointment } from "@switchboard/core/vendors/vsee/operations/updateAppointment";
import { withTypedFields } from "@switchboard/core/vendors/vsee/typed";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { fhirIssues } from "../support/fhir-validate";

/**
 * VSee's FHIR mappings on the docs' own example payloads (vsee-clinic-api.txt), both ways; every
 * resource valid R4 in full, and every vendor input accepted by its catalogue operation.
 */
const valid = <R extends Resource>(resource: R): R => {
  expect(fhirIssues(resource)).toEqual([]);
  return resource;
};
const ext = (r: { extension?: { url: string; valueString?: string }[] }, name: string) => r.extension?.find((e) => e.url.endsWith(`/${name}`))?.valueString;

/** GET /availability's example entry. */
const AVAILABILITY = { start: 1470186000, end: 1470186900, providers: ["123", "345"] };

/** POST /visits's (and GET /visits/:id's) example answer, its fields that matter here. */
const APPOINTMENT_VISIT: VseeVisit = {
  member_id: 17778181,
  provider_id: 12456470,
  account_code: "vclinic",
  start: 1631628616,
  end: 1631628916,
  actual_start: 1631628211,
  actual_end: null,
  type: 2,
  status: 30,
  provider: { id: "12456470", email: "", subtype: "482", vseeid: "", photo: null, full_name: "Anton Provider", title: "", suffix: "" },
  intake: { reason_for_visit: "" },
  id: "18407167",
  subtype: 3,
};

/** GET /visits's example item. */
const LISTED_VISIT: VseeVisit = {
  id: "7727",
  member_id: "575",
  provider_id: "1096",
  start: "1470669300",
  end: "1470670200",
  actual_start: null,
  actual_end: null,
  type: "2",
  subtype: "3",
  status: "20",
  _id: "7727",
  provider: { id: "1096", first_name: "Anton", last_name: "Provider III", title: "" },
};

/** POST /visits/add_walkin's example answer. */
const WALKIN: VseeVisit = {
  id: "1525",
  member_id: "508",
  provider_id: "509",
  start: "1458095488",
  end: "1458096388",
  actual_start: null,
  actual_end: null,
  type: "1",
  status: "10",
  _id: "1525",
  intake: { reason_for_visit: "Test intake functionalities 1" },
  provider: { id: "509", first_name: "Ligeng", last_name: "Doctor", title: "" },
};

/** POST /visits/add_econsult's example answer: no provider yet (provider_id 0). */
const ECONSULT: VseeVisit = { id: "14814100", member_id: 14396847, provider_id: 0, start: 1615909605, end: 1615910505, actual_start: null, actual_end: null, type: 3, status: 20, intake: { reason_for_visit: "This is to test the API" } };

/** GET /visits/current's example: an appointment closed (status 40, completed_by the member) before its time, never started. */
const CLOSED_UNSTARTED: VseeVisit = { id: "1504", member_id: "508", provider_id: "509", start: "1459973100", end: "1459974000", actual_start: null, actual_end: "1458024955", type: "2", status: "40", completed_by: "508" };

describe("VSee → FHIR", () => {
  it("makes one free Slot per provider an availability entry lists, in UTC, keyed by provider and times", () => {
    const slots = toSlots(AVAILABILITY).map(valid);
    expect(slots.map((s) => [s.status, s.start, s.end, s.schedule.identifier?.value])).toEqual([
      ["free", "2016-08-03T01:00:00Z", "2016-08-03T01:15:00Z", "123"],
      ["free", "2016-08-03T01:00:00Z", "2016-08-03T01:15:00Z", "345"],
    ]);
    expect(ext(slots[0]!, "source-timezone")).toBe("UTC");
    expect(slotKey(slots[1]!.id)).toEqual({ providerId: "345", start: "1470186000", end: "1470186900" });
    expect(new Set(slots.map((s) => s.id)).size).toBe(2);
    // Times as text (the docs' other answers send numbers as digits) key the same slot.
    expect(toSlots({ start: "1470186000", end: "1470186900", providers: [123] })[0]!.id).toBe(slots[0]!.id);
  });

  it("makes providers Practitioners by their VSee id, with the name a visit carries", () => {
    expect(valid(toPractitioner("123"))).toMatchObject({ identifier: [{ system: "urn:switchboard:vsee:provider", value: "123" }] });
    expect(valid(toPractitioner("1096", LISTED_VISIT.provider)).name).toEqual([{ text: "Anton Provider III", given: ["Anton"], family: "Provider III" }]);
    expect(valid(toPractitioner("12456470", APPOINTMENT_VISIT.provider)).name).toEqual([{ text: "Anton Provider" }]);
  });

  it("makes an upcoming appointment visit a booked Appointment with VSee's raw status, member and provider", () => {
    const appointment = valid(toAppointment(LISTED_VISIT));
    expect(appointment).toMatchObject({ status: "booked", start: "2016-08-08T15:15:00Z", end: "2016-08-08T15:30:00Z", minutesDuration: 15, identifier: [{ system: "urn:switchboard:vsee:visit", value: "7727" }] });
    expect(inlineParts(appointment.id!)).toEqual(["Appointment", "7727"]);
    expect(ext(appointment, "vendor-status")).toBe("20");
    expect(appointment.participant).toEqual([
      { actor: { identifier: { system: "urn:switchboard:vsee:member", value: "575" } }, status: "accepted" },
      { actor: { reference: `Practitioner/${toPractitioner("1096").id}`, display: "Anton Provider III" }, status: "accepted" },
    ]);
    // The same visit with our _typed fields beside VSee's maps the same.
    expect(toAppointment((withTypedFields(LISTED_VISIT) as VseeVisit))).toEqual(appointment);
  });

  it("reads an appointment under way (status 30, actual_start set) as arrived, and also as an in-progress Encounter of it", () => {
    const appointment = valid(toAppointment(APPOINTMENT_VISIT));
    expect(appointment).toMatchObject({ status: "arrived", start: "2021-09-14T14:10:16Z", end: "2021-09-14T14:15:16Z" });
    expect(isEncounter(APPOINTMENT_VISIT)).toBe(true);
    const encounter = valid(toEncounter(APPOINTMENT_VISIT));
    expect(encounter).toMatchObject({ status: "in-progress", class: { code: "VR" }, period: { start: "2021-09-14T14:03:31Z" }, appointment: [{ reference: `Appointment/${appointment.id}` }] });
    expect(encounter.subject).toEqual({ identifier: { system: "urn:switchboard:vsee:member", value: "17778181" } });
  });

  it("reads an appointment closed before it started as cancelled, and as no Encounter", () => {
    const appointment = valid(toAppointment(CLOSED_UNSTARTED));
    expect(appointment.status).toBe("cancelled");
    expect(ext(appointment, "vendor-status")).toBe("40");
    expect(isEncounter(CLOSED_UNSTARTED)).toBe(false);
    expect(toAppointment({ ...CLOSED_UNSTARTED, actual_start: "1459973200" }).status).toBe("fulfilled");
  });

  it("makes walk-ins and e-consults Encounters, never Appointments", () => {
    expect(isAppointment(WALKIN)).toBe(false);
    const walkin = valid(toEncounter(WALKIN));
    expect(walkin).toMatchObject({ status: "arrived", type: [{ text: "walk-in" }], period: { start: "2016-03-16T02:31:28Z" }, reasonCode: [{ text: "Test intake functionalities 1" }] });
    expect(walkin.participant?.[0]?.individual?.display).toBe("Ligeng Doctor");
    expect(walkin.appointment).toBeUndefined();
    const econsult = valid(toEncounter(ECONSULT));
    expect(econsult).toMatchObject({ status: "planned", type: [{ text: "e-consult" }] });
    // provider_id 0: no provider has accepted it yet.
    expect(econsult.participant).toBeUndefined();
    expect(toEncounter({ ...ECONSULT, status: 40 }).status).toBe("finished");
    expect(toEncounter({ ...WALKIN, status: "40" }).status).toBe("cancelled");
  });
});

describe("FHIR → VSee", () => {
  const slot = toSlots({ start: 1470669300, end: 1470670200, providers: ["541"] })[0]!;
  const request: Appointment = {
    resourceType: "Appointment",
    status: "booked",
    slot: [{ reference: `Slot/${slot.id}` }],
    participant: [{ actor: { identifier: { system: "urn:switchboard:vsee:member", value: "575" } }, status: "accepted" }],
  };

  it("books a Slot as the docs' POST /intakes and POST /visits examples do", () => {
    const key = slotKey(slot.id)!;
    const intake = intakeInput(key.providerId, "Test");
    expect(intake).toEqual({ provider: "541", type: 2, reason_for_visit: "Test" });
    const visit = appointmentInput(key, "57a0705e-1c4c-4f24-b51d-3c71ac1f0144", memberOf(request));
    expect(visit).toEqual({ slot_start: "1470669300", slot_end: "1470670200", type: 2, intakeId: "57a0705e-1c4c-4f24-b51d-3c71ac1f0144", member_id: "575" });
    // Both are inputs their catalogue operations accept.
    expect(v.safeParse(createIntake.input, intake).success).toBe(true);
    expect(v.safeParse(createAppointment.input, visit).success).toBe(true);
    // An app user books for themselves: no member named.
    expect(appointmentInput(key, "i-1", undefined)).not.toHaveProperty("member_id");
  });

  it("moves an appointment with POST /visits/:id?version=2's slot times", () => {
    const input = rescheduleInput("18407167", "2016-08-08T15:30:00Z", "2016-08-08T15:45:00+00:00");
    expect(input).toEqual({ id: "18407167", slot_start: "1470670200", slot_end: "1470671100" });
    expect(v.safeParse(updateAppointment.input, input).success).toBe(true);
  });

  it("refuses a member that is not a VSee id, and keys that are not ours", () => {
    expect(() => memberOf({ ...request, participant: [{ actor: { identifier: { system: "urn:switchboard:vsee:member", value: "Ada Lovelace" } }, status: "accepted" }] })).toThrow(/numeric member id/);
    expect(memberOf({ ...request, participant: [{ actor: { reference: "Patient/x" }, status: "accepted" }] })).toBeUndefined();
    expect(slotKey("1AAAA")).toBeUndefined();
    expect(slotKey(toAppointment(LISTED_VISIT).id)).toBeUndefined();
  });
});

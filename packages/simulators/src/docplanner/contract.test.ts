import { describe, expect, it } from "vitest";
import { buildContract, ContractValidators, describeErrors, docplannerContract, readContractDocument } from "./contract";
import { REFERENCE_TEXT_OVERRIDES } from "./reference-text";

const patched = docplannerContract();
const raw = new ContractValidators(buildContract(readContractDocument(), { referenceText: false }));
const NOW = "2026-03-02T08:00:00+01:00";

/** Each override, shown to change what validates: [override id, value, which side accepts it]. */
const EVIDENCE: Record<string, (v: ContractValidators) => boolean> = {
  "patient-phone-and-nin-as-numbers": (v) => v.requestBody("bookSlot")!({ address_service_id: "1", duration: 30, patient: { name: "Abraham", phone: 48123123123, nin: 894237492 } }),
  "notification-names-of-every-callback": (v) => v.response("Pull Notification", 200)!.validate!({ name: "address-assigned", data: {}, created_at: NOW }),
  "bookings-confirmation-scope": (v) => {
    const withParam = v.operation("getBookings").parameters.find((p) => p.name === "with")!;
    return v.schema(`test:${v === raw}`, withParam.schema)(["booking.confirmation"]);
  },
  "pagination-links": (v) => !v.response("getBookings", 200)!.validate!({ _items: [], page: 1, limit: 1, pages: 1, total: 0, _links: "none" }),
  "doctor-specializations-and-profile-url": (v) => !v.response("getDoctor", 200)!.validate!({ id: "1", specializations: 5, profile_url: 7 }),
  "fields-shown-only-in-examples": (v) => !v.response("getBookings", 200)!.validate!({ _items: [{ id: "1", confirmed: "yes" }] }),
};

describe("Docplanner contract helper", () => {
  it("reads the 1.14.0 contract: 43 operations and 17 callbacks", () => {
    expect(patched.contract.version).toBe("1.14.0");
    expect(patched.contract.operations).toHaveLength(43);
    expect(patched.contract.callbacks.size).toBe(17);
    expect(patched.operation("getSlots")).toMatchObject({ method: "GET", path: "/facilities/{facility_id}/doctors/{doctor_id}/addresses/{address_id}/slots" });
    expect(patched.operation("getBookings").parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      "path:facility_id:true",
      "path:doctor_id:true",
      "path:address_id:true",
      "query:start:true",
      "query:end:true",
      "query:page:false",
      "query:limit:false",
      "query:with:false",
    ]);
  });

  it("inlines every $ref and turns nullable into JSON Schema", () => {
    expect(JSON.stringify(patched.contract)).not.toContain("$ref");
    expect(JSON.stringify(patched.contract)).not.toContain('"nullable"');
    const booking = patched.response("getBooking", 200)!.validate!;
    expect(booking({ id: "1", canceled_at: null, address_service: null, insurance: null, moving: null, patient: { gender: null, email: null } })).toBe(true);
    expect(booking({ canceled_at: 5 })).toBe(false);
    expect(booking({ patient: { gender: "x" } })).toBe(false);
    expect(patched.response("getAddress", 200)!.validate!({ id: "1", name: null, street: null, post_code: null, city_name: null })).toBe(true);
  });

  it("says which statuses have no body and which are not declared", () => {
    expect(patched.response("deleteSlots", 204)).toEqual({});
    expect(patched.response("enableCalendar", 200)).toEqual({});
    expect(patched.response("getFacilities", 200)?.contentType).toBe("application/vnd.docplanner+json; charset=UTF-8");
    expect(patched.response("getFacility", 404)?.contentType).toBe("application/vnd.error+docplanner+json");
    expect(patched.response("getFacilities", 404)).toBeUndefined();
  });

  it("applies each reference-text override, each of which changes what validates", () => {
    expect(Object.keys(EVIDENCE).sort()).toEqual(REFERENCE_TEXT_OVERRIDES.map((o) => o.id).sort());
    for (const [id, accepts] of Object.entries(EVIDENCE)) {
      expect({ id, raw: accepts(raw), patched: accepts(patched) }).toEqual({ id, raw: false, patched: true });
    }
  });

  it("names the failing fields the way Docplanner's messages do", () => {
    const replace = patched.requestBody("replaceSlots")!;
    expect(replace({ slots: [{ start: NOW, end: NOW }, { start: "tomorrow", address_services: [{ duration: "30" }] }] })).toBe(false);
    expect(describeErrors(replace.errors).sort()).toEqual([
      'Param "slots[1].address_services[0].address_service_id" is required!',
      'Param "slots[1].address_services[0].duration" must be integer',
      'Param "slots[1].end" is required!',
      'Param "slots[1].start" must match format "date-time"',
    ]);
    const addBreak = patched.requestBody("addCalendarBreak")!;
    addBreak([]);
    expect(describeErrors(addBreak.errors)).toEqual(['Param "body" must be object']);
  });

  it("validates the callback payloads by name", () => {
    const cancel = patched.callback("booking-canceled");
    expect(cancel({ name: "booking-canceled", data: { visit_booking: { id: "1", booked_by: "user", patient: { name: "A", phone: "+48600100200" } } }, created_at: NOW })).toBe(true);
    expect(cancel({ name: "booking-canceled", data: { visit_booking: { booked_by: "robot" } }, created_at: NOW })).toBe(false);
    expect(() => patched.callback("slot-changed")).toThrow(/no Docplanner callback/);
  });
});

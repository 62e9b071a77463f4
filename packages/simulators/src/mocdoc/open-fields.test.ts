import { describe, expect, it } from "vitest";
import { answer, matchRoute } from "./routes";
import { newAccountState, type MocDocAccountState } from "./state";

/**
 * The six MocDoc endpoints whose docs elide their request fields ("...."): the simulator requires
 * exactly what the docs mark required, accepts any further field and keeps it as received.
 */
const E = "clinic-open";
const NOW = Date.UTC(2026, 0, 15, 6, 0, 0);
const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

function send(state: MocDocAccountState, path: string, fields: Record<string, unknown>, contentType: string) {
  const matched = matchRoute("POST", path);
  if (!matched) throw new Error(`no route for ${path}`);
  const body =
    contentType === JSON_TYPE
      ? JSON.stringify(fields)
      : new URLSearchParams(Object.entries(fields).map(([k, val]): [string, string] => [k, typeof val === "object" ? JSON.stringify(val) : String(val)])).toString();
  return answer(matched.route, { state, params: matched.params, contentType, body: Buffer.from(body), now: NOW });
}

const EXTRA = { nationality: "IN", kin_contact: { relation: "spouse", phone: "9123456780" } };

interface OpenEndpoint {
  name: string;
  path: string;
  contentType: string;
  /** Exactly the fields the docs mark required (entitykey where the docs list it). */
  required: Record<string, unknown>;
  /** Where the endpoint keeps what it received. */
  stored: (state: MocDocAccountState) => Record<string, unknown> | undefined;
}

const only = <T>(map: Map<string, T>) => [...map.values()][0];

const ENDPOINTS: OpenEndpoint[] = [
  { name: "register patient", path: `/api/register/patient/${E}`, contentType: JSON_TYPE, required: { entitykey: E, entitylocation: "location1" }, stored: (s) => only(s.patients)?.fields },
  { name: "update patient", path: `/api/update/patient/${E}`, contentType: JSON_TYPE, required: { phid: "SB0001" }, stored: (s) => s.patientUpdates.get("SB0001") },
  { name: "OP bill", path: `/api/lims/laborder/create/${E}`, contentType: JSON_TYPE, required: { entitykey: E, entitylocation: "location1" }, stored: (s) => only(s.bills) },
  { name: "pharmacy bill", path: `/api/pharmacy/bill/save/${E}`, contentType: JSON_TYPE, required: { patientname: "Asha", patientmobile: "9876543210" }, stored: (s) => only(s.bills) },
  { name: "book appointment", path: `/api/bookappt/${E}`, contentType: JSON_TYPE, required: { fname: "Asha", phone: "9876543210" }, stored: (s) => only(s.appointments) },
  { name: "teleconsult booking", path: `/api/telecon/book/appt/dr-senthil/${E}`, contentType: FORM, required: { entitykey: E }, stored: (s) => only(s.teleconsultBookings) },
];

const account = { entityKey: E, accessKey: "ak", secretKey: "sk", hmac: "sha1" as const, secretEncoding: "utf8" as const };

describe("MocDoc simulator: endpoints whose docs elide fields", () => {
  it.each(ENDPOINTS.map((e) => [e.name, e] as const))("%s: succeeds with only the documented required fields and keeps further ones as received", (_name, endpoint) => {
    const state = newAccountState(account);
    const reply = send(state, endpoint.path, { ...endpoint.required, ...EXTRA }, endpoint.contentType);
    expect(reply.status, JSON.stringify(reply)).toBe("200");
    const stored = endpoint.stored(state)!;
    expect(stored.nationality).toBe("IN");
    // A form carries an object as JSON text; JSON keeps it as an object.
    expect(stored.kin_contact).toEqual(endpoint.contentType === FORM ? JSON.stringify(EXTRA.kin_contact) : EXTRA.kin_contact);
  });

  it.each(ENDPOINTS.flatMap((e) => Object.keys(e.required).map((field) => [e.name, field, e] as const)))("%s: refuses a request without %s", (_name, field, endpoint) => {
    const state = newAccountState(account);
    const { [field]: _dropped, ...rest } = endpoint.required;
    expect(send(state, endpoint.path, { ...rest, ...EXTRA }, endpoint.contentType)).toEqual({ status: "400", message: `Missed Fields: ${field}` });
    expect(endpoint.stored(state)).toBeUndefined();
  });

  it("still checks the fields it knows when they are sent", () => {
    const state = newAccountState(account);
    expect(send(state, `/api/bookappt/${E}`, { fname: "Asha", phone: "9876543210", date: "20260230" }, JSON_TYPE)).toEqual({ status: "402", message: "Validation Error: Invalid date" });
    expect(send(state, `/api/lims/laborder/create/${E}`, { entitykey: E, entitylocation: "location1", phid: "NOPE1" }, JSON_TYPE)).toEqual({ status: "402", message: "Validation Error: Invalid phid" });
    expect(send(state, `/api/pharmacy/bill/save/${E}`, { patientname: "Asha", patientmobile: "9876543210", storekey: "nowhere" }, JSON_TYPE)).toEqual({ status: "402", message: "Validation Error: Invalid storekey" });
    expect(state.appointments.size + state.bills.size).toBe(0);
  });
});

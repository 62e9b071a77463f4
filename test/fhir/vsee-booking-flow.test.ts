import type { Appointment, Bundle, CapabilityStatement, Encounter, Practitioner, Slot } from "@medplum/fhirtypes";
import { inlineParts } from "@switchboard/core/fhir/ids";
import { encounterId, slotId } from "@switchboard/core/vendors/vsee/fhir-mapping";
import { Client } from "fhir-kit-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asBody, failure, iso, valid } from "../support/fhir-calls";
import { apiClient, startTestStack } from "../support/local";
import { addVseeConnection, bodyOf, serviceToken, userToken } from "../support/vsee";

/**
 * The booking scenario through the FHIR facade over VSee, driven by fhir-kit-client as an app
 * would: an app user logged in to VSee (SSO) finds a provider, lists free slots, books one (as
 * themselves, with their own VSee token), reads it, finds it, moves it and cancels it; walk-ins
 * are Encounters. A back-office service books for a member it names. Every resource answered is
 * valid R4; what VSee cannot do is a 501; bad input a 4xx with no VSee call.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let accountCode: string;
let adminToken: string;
let adaToken: string;
let bobToken: string;
const C = "fhir-vsee";
const HOUR = 3_600_000;

beforeAll(async () => {
  stack = await startTestStack({ env: { READ_WAIT_BUDGET_MS: "20000", WRITE_WAIT_BUDGET_MS: "20000" } });
  ({ account: { accountCode, apiToken: adminToken } } = await addVseeConnection(stack, { connectionId: C, tenantId: "t1" }));
  adaToken = await userToken(stack, "t1", "user-ada");
  bobToken = await userToken(stack, "t1", "user-bob");
  for (const [token, first] of [[adaToken, "Ada"], [bobToken, "Bob"]] as const) {
    expect((await apiClient(stack, token)("POST", `/v1/vsee/${C}/users/sso`, { first_name: first, last_name: "Lovelace", type: 200 })).status).toBe(200);
  }
});
afterAll(() => stack.cleanup());

const sim = () => stack.simulators.vsee;
const client = (token: string, headers: Record<string, string> = {}) => new Client({ baseUrl: `${stack.apiUrl}/v1/connections/${C}/fhir`, bearerToken: token, customHeaders: headers });
const ada = () => client(adaToken);

const window = () => [`ge${iso(Date.now())}`, `lt${iso(Date.now() + 24 * HOUR)}`];
const booking = (slot: Slot, member?: string): Appointment => ({
  resourceType: "Appointment",
  status: "booked",
  slot: [{ reference: `Slot/${slot.id}` }],
  start: slot.start,
  end: slot.end,
  description: "Rash",
  participant: member ? [{ actor: { identifier: { system: "urn:switchboard:vsee:member", value: member } }, status: "accepted" }] : [{ actor: { display: "me" }, status: "accepted" }],
});
const slotsOf = async (c: Client, practitioner: Practitioner) =>
  ((await c.search({ resourceType: "Slot", searchParams: { "schedule.actor": `Practitioner/${practitioner.id}`, start: window() } })) as unknown as Bundle).entry!.map((e) => e.resource as Slot);
const vseeUser = (code: string) => sim().user(accountCode, code)!.id;

describe("the FHIR facade over VSee", () => {
  let practitioner: Practitioner;
  let slots: Slot[];
  let appointment: Appointment;

  it("says what it supports in a valid CapabilityStatement: no Patient or Location, Encounters for visits", async () => {
    const statement = valid<CapabilityStatement>(await ada().capabilityStatement());
    const resources = statement.rest![0]!.resource!;
    const interactions = (type: string) => resources.find((r) => r.type === type)?.interaction?.map((i) => i.code).sort();
    expect(interactions("Practitioner")).toEqual(["search-type"]);
    expect(interactions("Slot")).toEqual(["search-type"]);
    expect(interactions("Appointment")).toEqual(["create", "patch", "read", "search-type"]);
    expect(interactions("Encounter")).toEqual(["read", "search-type"]);
    expect(resources.map((r) => r.type)).not.toContain("Patient");
    expect(resources.map((r) => r.type)).not.toContain("Location");
  });

  it("finds the providers VSee's availability lists, signing as the app user", async () => {
    const before = sim().requests.length;
    const bundle = valid<Bundle>(await ada().search({ resourceType: "Practitioner" }));
    const found = bundle.entry!.map((e) => e.resource as Practitioner);
    expect(found.map((p) => p.identifier![0])).toEqual([
      { system: "urn:switchboard:vsee:provider", value: "509" },
      { system: "urn:switchboard:vsee:provider", value: "826" },
    ]);
    practitioner = found[1]!;
    const sent = sim().requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(["/api_v3/availability"]);
    // Ada's own SSO token, not the account's.
    expect(sent[0]!.headers["x-apitoken"]).toMatch(/^[0-9a-f]{32}$/);
    expect(sent[0]!.headers["x-apitoken"]).not.toBe(adminToken);
  });

  it("lists the provider's free slots in a window", async () => {
    slots = (valid<Bundle>(await ada().search({ resourceType: "Slot", searchParams: { "schedule.actor": `Practitioner/${practitioner.id}`, start: window() } })).entry ?? []).map((e) => e.resource as Slot);
    expect(slots.length).toBeGreaterThan(2);
    for (const slot of slots) {
      expect(slot).toMatchObject({ status: "free", schedule: { identifier: { value: "826" } } });
      expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(Date.now());
      expect(slot.start.endsWith("Z")).toBe(true);
      expect(slot.extension?.find((e) => e.url.endsWith("/source-timezone"))?.valueString).toBe("UTC");
    }
    // A narrower window narrows the list.
    const one = (await ada().search({ resourceType: "Slot", searchParams: { "schedule.actor": `Practitioner/${practitioner.id}`, start: [`ge${slots[1]!.start}`, `lt${slots[1]!.end}`] } })) as unknown as Bundle;
    expect(one.entry!.map((e) => e.resource!.id)).toEqual([slots[1]!.id]);
  });

  it("books a slot for the app user (an intake naming the provider, then the appointment), and reads it back", async () => {
    const before = sim().requests.length;
    const created = valid<Appointment>(await ada().create({ resourceType: "Appointment", body: asBody(booking(slots[0]!)) }));
    expect(created).toMatchObject({ status: "booked", start: slots[0]!.start, end: slots[0]!.end });
    expect(created.extension?.find((e) => e.url.endsWith("/vendor-status"))?.valueString).toBe("20");
    // VSee took the member from Ada's token and the provider from the intake.
    expect(created.participant).toEqual([
      { actor: { identifier: { system: "urn:switchboard:vsee:member", value: vseeUser("user-ada") } }, status: "accepted" },
      { actor: { reference: `Practitioner/${practitioner.id}`, display: "Anton Provider" }, status: "accepted" },
    ]);
    const sent = sim().requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(["/api_v3/intakes", "/api_v3/visits"]);
    expect((await bodyOf(sent[0]!))?.fields).toEqual({ provider: "826", type: "2", reason_for_visit: "Rash" });
    const visitFields = (await bodyOf(sent[1]!))?.fields as Record<string, string>;
    expect(visitFields).toMatchObject({ slot_start: String(Date.parse(slots[0]!.start) / 1000), slot_end: String(Date.parse(slots[0]!.end) / 1000), type: "2" });
    expect(visitFields).not.toHaveProperty("member_id");
    const tokens = new Set(sent.map((r) => r.headers["x-apitoken"]));
    expect(tokens.size).toBe(1);
    expect(tokens.has(adminToken)).toBe(false);
    const read = valid<Appointment>(await ada().read({ resourceType: "Appointment", id: created.id! }));
    expect(read).toMatchObject({ id: created.id, status: "booked", start: created.start });
    appointment = created;
    // The provider is no longer free then.
    expect((await slotsOf(ada(), practitioner)).map((s) => s.id)).not.toContain(slots[0]!.id);
  });

  it("finds the appointment by date and practitioner, and not under another provider", async () => {
    const found = valid<Bundle>(await ada().search({ resourceType: "Appointment", searchParams: { practitioner: `Practitioner/${practitioner.id}`, date: window() } }));
    expect(found.entry!.map((e) => e.resource!.id)).toEqual([appointment.id]);
    const other = (await ada().search({ resourceType: "Practitioner" })) as unknown as Bundle;
    const elsewhere = (await ada().search({ resourceType: "Appointment", searchParams: { practitioner: `Practitioner/${other.entry![0]!.resource!.id}` } })) as unknown as Bundle;
    expect(elsewhere.entry ?? []).toEqual([]);
    // Bob sees only his own visits (VSee answers a member's token with theirs).
    expect(((await client(bobToken).search({ resourceType: "Appointment" })) as unknown as Bundle).entry ?? []).toEqual([]);
  });

  it("reschedules by patching start and end (POST /visits/{id}?version=2 with the new slot times)", async () => {
    const target = slots[2]!;
    const before = sim().requests.length;
    const moved = valid<Appointment>(
      await ada().patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/start", value: target.start }, { op: "replace", path: "/end", value: target.end }] }),
    );
    expect(moved).toMatchObject({ id: appointment.id, status: "booked", start: target.start, end: target.end });
    const update = sim().requests.slice(before).find((r) => r.method === "POST")!;
    expect([update.path, update.query]).toEqual([`/api_v3/visits/${inlineParts(appointment.id!)![1]}`, "version=2"]);
    expect((await bodyOf(update))?.fields).toEqual({ slot_start: String(Date.parse(target.start) / 1000), slot_end: String(Date.parse(target.end) / 1000) });
    // Moving only the start keeps the length.
    const later = valid<Appointment>(await ada().patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/start", value: slots[3]!.start }] }));
    expect([later.start, later.end]).toEqual([slots[3]!.start, slots[3]!.end]);
    expect(valid<Appointment>(await ada().read({ resourceType: "Appointment", id: appointment.id! })).start).toBe(slots[3]!.start);
  });

  it("has no no-show in VSee: 501 naming why", async () => {
    const { status, outcome } = await failure(ada().patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/status", value: "noshow" }] }));
    expect(status).toBe(501);
    expect(outcome.issue[0]).toMatchObject({ code: "not-supported", diagnostics: "VSee has no no-show status for a visit" });
  });

  it("cancels by patching status (POST /visits/close), and then refuses to change it again", async () => {
    const cancelled = valid<Appointment>(await ada().patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/status", value: "cancelled" }] }));
    expect(cancelled).toMatchObject({ id: appointment.id, status: "cancelled" });
    expect(cancelled.extension?.find((e) => e.url.endsWith("/vendor-status"))?.valueString).toBe("40");
    expect(sim().requests.filter((r) => r.path === "/api_v3/visits/close")).toHaveLength(1);
    expect(valid<Appointment>(await ada().read({ resourceType: "Appointment", id: appointment.id! })).status).toBe("cancelled");
    const again = await failure(ada().patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/status", value: "cancelled" }] }));
    expect(again.status).toBe(409);
    // A cancelled appointment that never started is no Encounter.
    expect((await failure(ada().read({ resourceType: "Encounter", id: encounterId(inlineParts(appointment.id!)![1]!) }))).status).toBe(404);
  });

  it("reads and finds walk-in visits as Encounters, and not as Appointments", async () => {
    const walkin = await apiClient(stack, adaToken)("POST", `/v1/vsee/${C}/visits/add_walkin`, { provider_id: "509", room_code: "room1" });
    expect(walkin.status).toBe(200);
    const visitId = String(walkin.json.data.id);
    const found = valid<Bundle>(await ada().search({ resourceType: "Encounter", searchParams: { date: window() } }));
    const encounters = found.entry!.map((e) => e.resource as Encounter);
    expect(encounters.map((e) => e.identifier![0]!.value)).toEqual([visitId]);
    const encounter = valid<Encounter>(await ada().read({ resourceType: "Encounter", id: encounters[0]!.id! }));
    expect(encounter).toMatchObject({ status: "arrived", class: { code: "VR" }, type: [{ text: "walk-in" }], subject: { identifier: { value: vseeUser("user-ada") } } });
    const asAppointment = ((await ada().search({ resourceType: "Appointment" })) as unknown as Bundle).entry!.map((e) => (e.resource as Appointment).identifier);
    expect(JSON.stringify(asAppointment)).not.toContain(`"${visitId}"`);
    // The Encounter's id does not read as an Appointment, nor does any id not ours.
    expect((await failure(ada().read({ resourceType: "Appointment", id: encounter.id! }))).status).toBe(404);
  });
});

describe("a back-office service", () => {
  it("books for a member it names with the account's token, or acts as a user it names", async () => {
    const service = await serviceToken(stack, "t1");
    const practitioner = (((await client(service).search({ resourceType: "Practitioner" })) as unknown as Bundle).entry![0]!.resource as Practitioner);
    const slot = (await slotsOf(client(service), practitioner))[4]!;
    const before = sim().requests.length;
    const booked = valid<Appointment>(await client(service).create({ resourceType: "Appointment", body: asBody(booking(slot, vseeUser("user-bob"))) }));
    expect(booked.participant![0]!.actor!.identifier!.value).toBe(vseeUser("user-bob"));
    const visit = sim().requests.slice(before).find((r) => r.path === "/api_v3/visits")!;
    expect((await bodyOf(visit))?.fields).toMatchObject({ member_id: vseeUser("user-bob") });
    // Bob sees it as his.
    expect(valid<Appointment>(await client(bobToken).read({ resourceType: "Appointment", id: booked.id! })).id).toBe(booked.id);

    // Naming Ada: signed with Ada's token, the same token Ada's own calls use.
    const asAda = client(service, { "X-Acting-User": "user-ada" });
    const mark = sim().requests.length;
    await asAda.search({ resourceType: "Appointment" });
    await ada().search({ resourceType: "Appointment" });
    const [named, own] = sim().requests.slice(mark).map((r) => r.headers["x-apitoken"]);
    expect(named).toBe(own);
    const plain = sim().requests.length;
    await client(service).search({ resourceType: "Appointment" });
    expect(sim().requests[plain]!.headers["x-apitoken"]).toBe(adminToken);
    expect(own).not.toBe(adminToken);
  });

  it("must name the member when it acts as nobody: 400 with no VSee call", async () => {
    const service = client(await serviceToken(stack, "t1"));
    const practitioner = (((await service.search({ resourceType: "Practitioner" })) as unknown as Bundle).entry![0]!.resource as Practitioner);
    const slot = (await slotsOf(service, practitioner))[5]!;
    const before = sim().requests.length;
    const { status, outcome } = await failure(service.create({ resourceType: "Appointment", body: asBody(booking(slot)) }));
    expect([status, outcome.issue[0]!.code, outcome.issue[0]!.expression]).toEqual([400, "required", ["Appointment.participant"]]);
    expect(sim().requests.length).toBe(before);
  });
});

describe("what the facade refuses over VSee", () => {
  it("refuses an app user naming another user (403), and bad input (4xx), before any VSee call", async () => {
    const before = sim().requests.length;
    const named = await failure(client(adaToken, { "X-Acting-User": "user-bob" }).search({ resourceType: "Appointment" }));
    expect(named.status).toBe(403);
    const badRange = await failure(ada().search({ resourceType: "Slot", searchParams: { start: "ge2026-13-01" } }));
    expect([badRange.status, badRange.outcome.issue[0]!.expression]).toEqual([400, ["start"]]);
    const unknown = await failure(ada().search({ resourceType: "Appointment", searchParams: { patient: "Patient/x" } }));
    expect([unknown.status, unknown.outcome.issue[0]!.code]).toEqual([400, "not-supported"]);
    const notOurs = await failure(ada().search({ resourceType: "Slot", searchParams: { "schedule.actor": "Practitioner/1AAAA" } }));
    expect(notOurs.status).toBe(404);
    expect((await failure(ada().read({ resourceType: "Appointment", id: "1AAAA" }))).status).toBe(404);
    const noSlot = await failure(ada().create({ resourceType: "Appointment", body: asBody({ resourceType: "Appointment", status: "booked", participant: [{ actor: { display: "me" }, status: "accepted" }] }) }));
    expect([noSlot.status, noSlot.outcome.issue[0]!.expression]).toEqual([400, ["Appointment.slot"]]);
    const slot = unlistedSlot();
    const mismatch = await failure(ada().create({ resourceType: "Appointment", body: asBody({ ...booking(slot), start: "2030-01-01T00:00:00Z" }) }));
    expect([mismatch.status, mismatch.outcome.issue[0]!.expression]).toEqual([400, ["Appointment.start"]]);
    const badPatch = await failure(ada().patch({ resourceType: "Appointment", id: "1AAAA", jsonPatch: [{ op: "replace", path: "/status", value: "arrived" }] }));
    expect(badPatch.status).toBe(422);
    expect(sim().requests.length).toBe(before);
  });

  it("answers 501 for what VSee does not have: patients (SSO users only), locations, reading a practitioner", async () => {
    const before = sim().requests.length;
    for (const [call, what] of [
      [() => ada().search({ resourceType: "Patient", searchParams: { name: "Ada" } }), "search-type on Patient"],
      [() => ada().create({ resourceType: "Patient", body: asBody({ resourceType: "Patient" }) }), "create on Patient"],
      [() => ada().search({ resourceType: "Location" }), "search-type on Location"],
      [() => ada().read({ resourceType: "Practitioner", id: "1AAAA" }), "read on Practitioner"],
    ] as const) {
      const { status, outcome } = await failure(call());
      expect([status, outcome.issue[0]!.diagnostics]).toEqual([501, `VSee Clinic does not support ${what}`]);
    }
    expect(sim().requests.length).toBe(before);
  });

  it("keeps write semantics per user: an Idempotency-Key replays the user's own booking, never another user's", async () => {
    const practitioner = (((await ada().search({ resourceType: "Practitioner" })) as unknown as Bundle).entry![0]!.resource as Practitioner);
    const [first] = (await slotsOf(ada(), practitioner)).slice(-1);
    const bookings = () => sim().requests.filter((r) => r.path === "/api_v3/visits" && r.method === "POST").length;
    const before = bookings();
    const key = { "Idempotency-Key": "vsee-fhir-book-1" };
    const made = (await client(adaToken, key).create({ resourceType: "Appointment", body: asBody(booking(first!)) })) as unknown as Appointment;
    const replay = (await client(adaToken, key).create({ resourceType: "Appointment", body: asBody(booking(first!)) })) as unknown as Appointment;
    expect(replay.id).toBe(made.id);
    expect(bookings() - before).toBe(1);
    // The same key and the same body from Bob is Bob's own request.
    const bobs = (await client(bobToken, key).create({ resourceType: "Appointment", body: asBody(booking(first!)) })) as unknown as Appointment;
    expect(bobs.id).not.toBe(made.id);
    expect(bobs.participant![0]!.actor!.identifier!.value).toBe(vseeUser("user-bob"));
    expect(bookings() - before).toBe(2);
  });
});

/** A well-formed slot of ours, for requests refused before VSee is called. */
function unlistedSlot(): Slot {
  const start = Math.floor(Date.now() / 1000 / 900) * 900 + 7200;
  return { resourceType: "Slot", id: slotId({ providerId: "826", start: String(start), end: String(start + 900) }), schedule: {}, status: "free", start: iso(start * 1000), end: iso((start + 900) * 1000) };
}

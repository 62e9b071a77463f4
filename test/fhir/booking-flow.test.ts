import type { Appointment, Bundle, CapabilityStatement, Practitioner, Resource, Slot } from "@medplum/fhirtypes";
import { Client } from "fhir-kit-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDocplannerConnection } from "../support/docplanner";
import { asBody, failure, iso, valid } from "../support/fhir-calls";
import { addMocDocConnection, startTestStack } from "../support/local";

/**
 * The same booking scenario through the FHIR facade of every vendor, driven by a FHIR client
 * nobody here wrote (fhir-kit-client), as an app would: find a practitioner, list free slots,
 * book one, read it back, reschedule, cancel. Every resource answered is checked as valid R4 in
 * full; what a vendor cannot do is a 501 OperationOutcome naming it.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let token: string;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startTestStack({ env: { READ_WAIT_BUDGET_MS: "20000", WRITE_WAIT_BUDGET_MS: "20000" } });
  await addMocDocConnection(stack, { connectionId: "fhir-mocdoc", tenantId: "t1", minIntervalMs: 50 });
  await addDocplannerConnection(stack, { connectionId: "fhir-docplanner", tenantId: "t1" });
  token = await stack.token("t1");
});
afterAll(() => stack.cleanup());

const client = (connectionId: string, headers: Record<string, string> = {}) =>
  new Client({ baseUrl: `${stack.apiUrl}/v1/connections/${connectionId}/fhir`, bearerToken: token, customHeaders: headers });

const tomorrow = () => Math.ceil(Date.now() / DAY) * DAY;

/** A booking request for a slot, with the patient contained, as the facade documents. */
const booking = (slot: Slot, practitioner: Practitioner): Appointment => ({
  resourceType: "Appointment",
  status: "booked",
  slot: [{ reference: `Slot/${slot.id}` }],
  start: slot.start,
  end: slot.end,
  contained: [{ resourceType: "Patient", id: "p", name: [{ given: ["Ada"], family: "Lovelace" }], telecom: [{ system: "phone", value: "9876543210" }], gender: "female", birthDate: "1990-01-15" }],
  participant: [
    { actor: { reference: "#p" }, status: "accepted" },
    { actor: { reference: `Practitioner/${practitioner.id}` }, status: "accepted" },
  ],
});

describe.each([
  { vendor: "mocdoc", connectionId: "fhir-mocdoc", reschedules: false },
  { vendor: "docplanner", connectionId: "fhir-docplanner", reschedules: true },
])("the FHIR facade over $vendor", ({ vendor, connectionId, reschedules }) => {
  let practitioner: Practitioner;
  let slots: Slot[];
  let appointment: Appointment;

  it("says what it supports in a valid CapabilityStatement, with the connection's budgets", async () => {
    const statement = valid<CapabilityStatement>(await client(connectionId).capabilityStatement());
    const rest = statement.rest![0]!;
    expect(rest.resource!.find((r) => r.type === "Slot")?.interaction?.map((i) => i.code)).toEqual(["search-type"]);
    expect(rest.resource!.find((r) => r.type === "Appointment")?.interaction?.map((i) => i.code).sort()).toEqual(["create", "patch", "read", "search-type"]);
    expect(rest.extension?.[0]?.url).toBe("https://switchboard.dev/fhir/StructureDefinition/rate-limit");
    expect(JSON.stringify(statement)).not.toContain("Encounter");
  });

  it("finds practitioners", async () => {
    const bundle = valid<Bundle>(await client(connectionId).search({ resourceType: "Practitioner" }));
    expect(bundle.type).toBe("searchset");
    practitioner = bundle.entry![0]!.resource as Practitioner;
    expect(practitioner.identifier?.[0]?.system).toBe(`urn:switchboard:${vendor}:doctor`);
  });

  it("lists the practitioner's free slots in a window", async () => {
    const from = tomorrow();
    const bundle = valid<Bundle>(
      await client(connectionId).search({ resourceType: "Slot", searchParams: { "schedule.actor": `Practitioner/${practitioner.id}`, start: [`ge${iso(from)}`, `lt${iso(from + 3 * DAY)}`] } }),
    );
    slots = bundle.entry!.map((e) => e.resource as Slot);
    expect(slots.length).toBeGreaterThan(1);
    for (const slot of slots) {
      expect(slot.status).toBe("free");
      expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(from);
      expect(slot.start.endsWith("Z")).toBe(true);
      expect(slot.extension?.find((e) => e.url.endsWith("/source-timezone"))?.valueString).toBeDefined();
    }
  });

  it("books a slot for a contained patient, and reads the appointment back by its id", async () => {
    const created = valid<Appointment>(await client(connectionId).create({ resourceType: "Appointment", body: asBody(booking(slots[0]!, practitioner)) }));
    expect(created.status).toBe("booked");
    expect(created.start).toBe(slots[0]!.start);
    expect(created.extension?.find((e) => e.url.endsWith("/vendor-status"))?.valueString).toBeDefined();
    const read = valid<Appointment>(await client(connectionId).read({ resourceType: "Appointment", id: created.id! }));
    expect(read.id).toBe(created.id);
    expect(read.status).toBe("booked");
    appointment = created;
    // The slot is no longer free.
    const again = (await client(connectionId).search({ resourceType: "Slot", searchParams: { "schedule.actor": `Practitioner/${practitioner.id}`, start: [`ge${iso(tomorrow())}`, `lt${iso(tomorrow() + 3 * DAY)}`] } })) as unknown as Bundle;
    expect(again.entry!.map((e) => e.resource!.id)).not.toContain(slots[0]!.id);
  });

  it("finds the appointment by date and practitioner", async () => {
    const bundle = valid<Bundle>(
      await client(connectionId).search({ resourceType: "Appointment", searchParams: { practitioner: `Practitioner/${practitioner.id}`, date: [`ge${iso(tomorrow())}`, `lt${iso(tomorrow() + 3 * DAY)}`] } }),
    );
    expect(bundle.entry!.map((e) => e.resource!.id)).toContain(appointment.id);
  });

  it(reschedules ? "reschedules by patching start and end" : "refuses to reschedule with a 501 naming why", async () => {
    const target = slots[1]!;
    const patch = client(connectionId).patch({
      resourceType: "Appointment",
      id: appointment.id!,
      jsonPatch: [{ op: "replace", path: "/start", value: target.start }, { op: "replace", path: "/end", value: target.end }],
    });
    if (!reschedules) {
      const { status, outcome } = await failure(patch);
      expect(status).toBe(501);
      expect(outcome.issue[0]).toMatchObject({ code: "not-supported" });
      expect(outcome.issue[0]!.diagnostics).toContain("cannot move");
      return;
    }
    const moved = valid<Appointment>(await patch);
    expect(moved.start).toBe(target.start);
    appointment = moved;
  });

  it("cancels by patching status", async () => {
    const cancelled = valid<Appointment>(await client(connectionId).patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/status", value: "cancelled" }] }));
    expect(cancelled.status).toBe("cancelled");
  });

  it("answers bad searches and patches with 4xx OperationOutcomes, before any vendor call", async () => {
    const before = stack.simulators[vendor as "mocdoc" | "docplanner"].requests.length;
    const missing = await failure(client(connectionId).search({ resourceType: "Slot", searchParams: { start: `ge${iso(tomorrow())}` } }));
    expect([missing.status, missing.outcome.issue[0]!.code, missing.outcome.issue[0]!.expression]).toEqual([400, "required", ["schedule.actor"]]);
    const unknown = await failure(client(connectionId).search({ resourceType: "Practitioner", searchParams: { colour: "blue" } }));
    expect([unknown.status, unknown.outcome.issue[0]!.code]).toEqual([400, "not-supported"]);
    const badPatch = await failure(client(connectionId).patch({ resourceType: "Appointment", id: appointment.id!, jsonPatch: [{ op: "replace", path: "/status", value: "arrived" }] }));
    expect(badPatch.status).toBe(422);
    const notOurs = await failure(client(connectionId).read({ resourceType: "Appointment", id: "1AAAA" }));
    expect(notOurs.status).toBe(404);
    expect(stack.simulators[vendor as "mocdoc" | "docplanner"].requests.length).toBe(before);
  });
});

describe("what a vendor cannot do", () => {
  it("answers 501 with an OperationOutcome naming the missing capability", async () => {
    const { status, outcome } = await failure(client("fhir-docplanner").search({ resourceType: "Patient", searchParams: { name: "Ada" } }));
    expect(status).toBe(501);
    expect(outcome.issue[0]).toMatchObject({ severity: "error", code: "not-supported", diagnostics: "Docplanner does not support search-type on Patient" });
    const encounter = await failure(client("fhir-mocdoc").search({ resourceType: "Encounter" }));
    expect(encounter.status).toBe(501);
  });

  it("keeps the platform's write semantics: an Idempotency-Key replays the first booking", async () => {
    const c = client("fhir-docplanner", { "Idempotency-Key": "fhir-book-1" });
    const practitioner = ((await c.search({ resourceType: "Practitioner" })) as unknown as Bundle).entry![1]!.resource as Practitioner;
    const slot = ((await c.search({ resourceType: "Slot", searchParams: { "schedule.actor": `Practitioner/${practitioner.id}`, start: [`ge${iso(tomorrow() + 5 * DAY)}`, `lt${iso(tomorrow() + 8 * DAY)}`] } })) as unknown as Bundle).entry![0]!.resource as Slot;
    const bookings = () => stack.simulators.docplanner.requests.filter((r) => r.path.endsWith("/book")).length;
    const before = bookings();
    const first = (await c.create({ resourceType: "Appointment", body: asBody(booking(slot, practitioner)) })) as unknown as Appointment;
    const replay = (await c.create({ resourceType: "Appointment", body: asBody(booking(slot, practitioner)) })) as unknown as Appointment;
    expect(replay.id).toBe(first.id);
    expect(bookings() - before).toBe(1);
  });

  it("keeps MocDoc patients' mobile numbers out of their ids", async () => {
    const c = client("fhir-mocdoc");
    const created = valid<Resource>(
      await c.create({ resourceType: "Patient", body: asBody({ resourceType: "Patient", name: [{ given: ["Grace"], family: "Hopper" }], telecom: [{ system: "phone", value: "9123456789" }], gender: "female" }) }),
    );
    expect(created.id).not.toContain("9123456789");
    const identifier = (created as { identifier: { value: string }[] }).identifier[0]!.value;
    const found = valid<Bundle>(await c.search({ resourceType: "Patient", searchParams: { identifier: `urn:switchboard:mocdoc:patient|${identifier}`, phone: "9123456789" } }));
    expect(found.entry![0]!.resource!.id).toBe(created.id);
    expect(valid<Resource>(await c.read({ resourceType: "Patient", id: created.id! })).id).toBe(created.id);
  });
});

describe("Docplanner's free slots", () => {
  it("are bookable wherever they are offered: none at an address whose profile takes no bookings", async () => {
    // Each connection's world is drawn afresh, with about one address in four on a basic profile.
    for (let world = 0; world < 3; world++) {
      const connectionId = `fhir-dp-world-${world}`;
      await addDocplannerConnection(stack, { connectionId, tenantId: "t1" });
      const c = client(connectionId);
      const practitioners = ((await c.search({ resourceType: "Practitioner" })) as unknown as Bundle).entry!.map((e) => e.resource as Practitioner);
      for (const practitioner of practitioners) {
        const window = [`ge${iso(tomorrow() + 10 * DAY)}`, `lt${iso(tomorrow() + 13 * DAY)}`];
        const slots = ((await c.search({ resourceType: "Slot", searchParams: { "schedule.actor": `Practitioner/${practitioner.id}`, start: window } })) as unknown as Bundle).entry ?? [];
        if (!slots.length) continue;
        const booked = (await c.create({ resourceType: "Appointment", body: asBody(booking(slots[0]!.resource as Slot, practitioner)) })) as unknown as Appointment;
        expect(booked.status).toBe("booked");
      }
    }
  }, 60_000);
});

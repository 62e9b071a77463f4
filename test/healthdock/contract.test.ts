import type { AnyOperation } from "@switchboard/core/catalogue";
import type { RecordedRequest } from "@switchboard/simulators/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addHealthdockConnection, healthdockOp } from "../support/healthdock";
import { apiClient, startTestStack } from "../support/local";
import { routeFor } from "../support/vsee";

/**
 * Every HealthDock operation through our API against the simulator: the request as HealthDock
 * receives it (method, /v1 path, query, JSON body, Bearer key), the answer in its envelope,
 * `all=true` through every page, and HealthDock's refusals as typed errors with its code and the
 * failing field.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let conn: Awaited<ReturnType<typeof addHealthdockConnection>>;
let api: ReturnType<typeof apiClient>;
const covered = new Set<string>();
const saved: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack();
  conn = await addHealthdockConnection(stack, { connectionId: "hd-contract", tenantId: "t1" });
  api = apiClient(stack, await stack.token("t1"));
});
afterAll(() => stack.cleanup());

const sim = () => stack.simulators.healthdock;

async function call(name: string, input: Record<string, unknown>) {
  const op = healthdockOp(name);
  const route = routeFor(op, "healthdock", "hd-contract", input);
  const before = sim().requests.length;
  const res = await api(route.method, route.path, route.body);
  return { op, res, sent: sim().requests.slice(before) as RecordedRequest[] };
}

function check({ op, res, sent }: Awaited<ReturnType<typeof call>>, input: Record<string, unknown>) {
  expect(res.status, `${op.name}: ${res.text}`).toBe(200);
  expect(sent).toHaveLength(1);
  const [request] = sent;
  expect([request!.method, request!.path]).toEqual([op.request.method, op.request.path]);
  expect(request!.headers.authorization).toBe(`Bearer ${conn.account.apiKey}`);
  if (op.request.method === "GET") {
    expect(Object.fromEntries(new URLSearchParams(request!.query))).toEqual(Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v)])));
  } else {
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request!.body)).toEqual(input);
  }
  expect(res.json.success).toBe(true);
  covered.add(op.name);
  return res.json.data;
}

const run = async (name: string, input: Record<string, unknown>) => check(await call(name, input), input);

describe("HealthDock contract: every operation through the API", () => {
  it("listPatients: one page, a search, and every page with all=true", async () => {
    const page = await run("listPatients", { page: 2, limit: 10 });
    expect(page.patients).toHaveLength(10);
    expect(page.pagination).toEqual({ current_page: 2, total_pages: 3, total_count: 25 });
    const found = await run("listPatients", { search: "Meera" });
    expect(found.patients.every((p: { first_name: string }) => p.first_name === "Meera")).toBe(true);

    const { res, sent } = await call("listPatients", { limit: 10, all: true });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ pages: 3, total: 25 });
    expect(res.json.patients.map((p: { patient_id: string }) => p.patient_id)).toEqual(Array.from({ length: 25 }, (_, i) => `PAT${String(i + 1).padStart(6, "0")}`));
    expect(sent.map((r) => r.query)).toEqual(["page=1&limit=10", "page=2&limit=10", "page=3&limit=10"]);
  });

  it("createPatient (JSON), with the ABHA number as 14 digits or hyphenated", async () => {
    const patient = { first_name: "Asha", last_name: "Verma", date_of_birth: "1991-03-04", gender: "F", phone: "+919812345678", abha_number: "91-1234-5678-9012" };
    const created = await run("createPatient", patient);
    expect(created).toMatchObject({ ...patient, patient_id: expect.stringMatching(/^PAT/) });
    saved.patient = created.patient_id;
    const plain = await run("createPatient", { ...patient, phone: "+919812345679", abha_number: "91123456789012" });
    expect(plain.abha_number).toBe("91123456789012");
  });

  it("refuses an invalid ABHA number, date or gender with the failing fields, before any call", async () => {
    const before = sim().requests.length;
    for (const abha_number of ["9112345678901", "91-1234-5678-901", "91 1234 5678 9012", "ab-1234-5678-9012"]) {
      const res = await api("POST", "/v1/healthdock/hd-contract/patients", { first_name: "A", last_name: "B", date_of_birth: "1991-03-04", gender: "F", phone: "9812345678", abha_number });
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual([{ path: "abha_number", message: "must be a 14-digit ABHA number: 14 digits, or XX-XXXX-XXXX-XXXX" }]);
    }
    const res = await api("POST", "/v1/healthdock/hd-contract/patients", { first_name: "A", last_name: "B", date_of_birth: "1991-02-30", gender: "X", phone: "9812345678" });
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(["date_of_birth", "gender"]);
    expect(sim().requests.length).toBe(before);
  });

  it("maps HealthDock's error envelope to a typed error keeping its code and the failing field, scrubbed of the patient", async () => {
    const patient = { first_name: "Asha", last_name: "Verma", date_of_birth: "1991-03-04", gender: "F", phone: "+919812345678" };
    const duplicate = await api("POST", "/v1/healthdock/hd-contract/patients", patient);
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toMatchObject({ vendor: "healthdock", operation: "healthdock.createPatient", code: "CONFLICT", httpStatus: 409, vendorStatus: "DUPLICATE_PATIENT", vendorField: "phone", retryable: false });
    for (const value of ["Asha", "Verma", "919812345678"]) expect(duplicate.text).not.toContain(value);
    const missing = await api("POST", "/v1/healthdock/hd-contract/appointments", { patient_id: "PAT999999", doctor_id: "DOC42", date_time: "2024-01-15T10:30:00+05:30" });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ vendorStatus: "NOT_FOUND", vendorField: "patient_id" });
  });

  it("listAppointments with its filters, and every page", async () => {
    const filtered = await run("listAppointments", { date: "2024-01-10", doctor_id: "DOC7", status: "scheduled" });
    expect(filtered.appointments.length).toBeGreaterThan(0);
    expect(filtered.appointments.every((a: { doctor_id: string; status: string }) => a.doctor_id === "DOC7" && a.status === "scheduled")).toBe(true);
    const { res, sent } = await call("listAppointments", { limit: 5, all: true });
    expect(res.json).toMatchObject({ pages: 3, total: 12 });
    expect(sent).toHaveLength(3);
    const bad = await api("GET", "/v1/healthdock/hd-contract/appointments?status=pending");
    expect(bad.status).toBe(400);
  });

  it("createAppointment (JSON)", async () => {
    const created = await run("createAppointment", { patient_id: saved.patient!, doctor_id: "DOC42", date_time: "2024-01-15T10:30:00+05:30", duration: 45, type: "follow-up" });
    expect(created).toMatchObject({ patient_id: saved.patient, status: "scheduled", duration: 45 });
  });

  it("covered every operation of the catalogue", async () => {
    const { healthdockCatalogue } = await import("@switchboard/core/vendors/healthdock/catalogue");
    expect([...covered].sort()).toEqual(healthdockCatalogue.map((op: AnyOperation) => op.name).sort());
  });
});

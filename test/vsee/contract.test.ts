import type { AnyOperation } from "@switchboard/core/catalogue";
import type { RecordedRequest } from "@switchboard/simulators/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, startTestStack } from "../support/local";
import { addVseeConnection, bodyOf, routeFor, serviceToken, userToken, vseeOp } from "../support/vsee";

/**
 * Every VSee Clinic operation through our API against the simulator: the request as VSee receives
 * it (method, path under the base URL's /api_v3, query, the body in the media type the docs' curl
 * uses, parsed by undici's own parser, and the headers: account code, the acting user's token or
 * the account's, the API key where documented), and the answer: VSee's fields as sent plus
 * `_typed`. The operations run in an order that lets later ones use what earlier ones created.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let conn: Awaited<ReturnType<typeof addVseeConnection>>;
let patient: ReturnType<typeof apiClient>;
let backoffice: ReturnType<typeof apiClient>;
let patientToken = "";
const covered = new Set<string>();
const saved: Record<string, string> = {};
const id = (name: string) => saved[name] ?? expect.unreachable(`no ${name} saved`);

beforeAll(async () => {
  stack = await startTestStack();
  conn = await addVseeConnection(stack, { connectionId: "vsee-contract", tenantId: "t1" });
  patient = apiClient(stack, await userToken(stack, "t1", "patient-0001"));
  backoffice = apiClient(stack, await serviceToken(stack, "t1"));
});
afterAll(() => stack.cleanup());

const MEDIA: Record<string, string> = { "multipart/form-data": "multipart", "application/x-www-form-urlencoded": "form", "application/json": "json" };

async function call(client: ReturnType<typeof apiClient>, name: string, input: Record<string, unknown>, headers: Record<string, string> = {}) {
  const op = vseeOp(name);
  const route = routeFor(op, "vsee", "vsee-contract", input);
  const before = stack.simulators.vsee.requests.length;
  const res = await client(route.method, route.path, route.body, headers);
  // The operation's own request: after any SSO renewal, before any follow-up (closeVisit reads the visit back to publish a cancellation).
  const sent = stack.simulators.vsee.requests.slice(before).find((r) => op.name === "ssoLogin" || r.path !== "/api_v3/users/sso") as RecordedRequest;
  return { op, res, sent };
}

/** What VSee received matches the catalogue entry and the input; returns the answer's `data`. */
async function check({ op, res, sent }: Awaited<ReturnType<typeof call>>, input: Record<string, unknown>, token: string | "account" | "none", sentAs: Record<string, string> = {}) {
  expect(res.status, `${op.name}: ${res.text}`).toBe(200);
  const [path, fixedQuery] = op.request.path.split("?");
  expect(sent.method).toBe(op.request.method);
  expect(sent.path).toBe(`/api_v3${path!.replace(/\{input\.([^}]+)\}/g, (_m, k: string) => encodeURIComponent(String(input[k])))}`);
  expect(sent.headers["x-accountcode"]).toBe(conn.account.accountCode);
  const expectedToken = token === "account" ? conn.account.apiToken : token === "none" ? undefined : token;
  expect(sent.headers["x-apitoken"]).toBe(expectedToken);
  const routeParams = [...op.route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const fields = Object.fromEntries(Object.entries({ ...input, ...sentAs }).filter(([k]) => !routeParams.includes(k) || !op.request.path.includes(`{input.${k}}`)).map(([k, v]) => [k, String(v)]));
  if (op.request.method === "GET") {
    expect(Object.fromEntries(new URLSearchParams(sent.query))).toEqual(fields);
    expect(sent.body).toBe("");
  } else {
    expect(new URLSearchParams(sent.query).toString()).toBe(fixedQuery ?? "");
    const body = await bodyOf(sent);
    expect(body?.kind, `${op.name} sends ${op.request.contentType}`).toBe(MEDIA[op.request.contentType]);
    const got = body!.kind === "json" ? Object.fromEntries(Object.entries(body!.fields).map(([k, v]) => [k, String(v)])) : body!.fields;
    expect(got).toEqual(fields);
  }
  expect(res.json).toHaveProperty("data");
  covered.add(op.name);
  return res.json.data;
}

async function run(client: ReturnType<typeof apiClient>, name: string, input: Record<string, unknown>, token: string | "account" | "none", sentAs?: Record<string, string>, headers?: Record<string, string>) {
  return check(await call(client, name, input, headers), input, token, sentAs);
}

describe("VSee Clinic contract: every operation through the API", () => {
  it("ssoLogin: multipart with the JWT's sub as code, X-ApiKey and no token; answers the user and their token, typed", async () => {
    const input = { first_name: "Jane", last_name: "Member", dob: "1990-01-01", type: 200 };
    const { op, res, sent } = await call(patient, "ssoLogin", input);
    const data = await check({ op, res, sent }, input, "none", { code: "patient-0001" });
    expect(sent.headers["x-apikey"]).toBe(conn.account.apiKey);
    expect(data.code).toBe("patient-0001");
    expect(data.token._typed.expiry).toBe(new Date(data.token.expiry * 1000).toISOString());
    patientToken = data.token.token;
  });

  it("createIntake (form-urlencoded), updateIntake (multipart), getIntake: as the patient", async () => {
    const created = await run(patient, "createIntake", { provider: "509", reason_for_visit: "Rash", reset: true, type: 1, custom_symptoms: "Red eyes" }, patientToken);
    saved.intake = created.id;
    expect(created.custom_symptoms).toBe("Red eyes");
    await run(patient, "updateIntake", { id: saved.intake, location: "CA", phone: "7123456789", reason_for_visit: "Rash, 2 weeks" }, patientToken);
    const intake = await run(patient, "getIntake", { id: saved.intake }, patientToken);
    expect(intake).toMatchObject({ id: saved.intake, location: "CA", type: "1", _typed: { type: 1, created: expect.any(String) } });
  });

  it("createWalkinVisit (multipart) answers strings, typed beside them", async () => {
    const visit = await run(patient, "createWalkinVisit", { provider_id: "826", intake_id: saved.intake, room_code: "ceproom1" }, patientToken);
    expect(visit).toMatchObject({ type: "1", status: "10", start: expect.stringMatching(/^\d+$/) });
    expect(visit._typed).toEqual({ start: new Date(Number(visit.start) * 1000).toISOString(), end: new Date(Number(visit.end) * 1000).toISOString(), created: expect.any(String), modified: expect.any(String), type: 1, status: 10 });
    saved.walkin = visit.id;
  });

  it("createEconsultVisit (JSON, with X-ApiKey)", async () => {
    const { op, res, sent } = await call(patient, "createEconsultVisit", { intake_id: saved.intake, room_code: "vclinic_room_code" });
    const visit = await check({ op, res, sent }, { intake_id: saved.intake, room_code: "vclinic_room_code" }, patientToken);
    expect(sent.headers["x-apikey"]).toBe(conn.account.apiKey);
    expect(visit).toMatchObject({ type: 3, status: 20, _typed: { type: 3, status: 20 } });
  });

  it("getAvailability, then createAppointment (multipart) in a slot given as ISO 8601, sent as Unix seconds", async () => {
    const slots = (await run(patient, "getAvailability", {}, patientToken)) as { start: number; end: number }[];
    const slot = slots[0]!;
    const iso = (s: number) => new Date(s * 1000).toISOString().replace(".000Z", "Z");
    const input = { member_id: "ignored-for-members", slot_start: iso(slot.start), slot_end: iso(slot.end), type: 2, intakeId: saved.intake };
    const appointment = await run(patient, "createAppointment", input, patientToken, { slot_start: String(slot.start), slot_end: String(slot.end) });
    expect(appointment).toMatchObject({ type: 2, status: 20, start: slot.start, _typed: { start: iso(slot.start).replace("Z", ".000Z") } });
    saved.appointment = String(appointment.id);
  });

  it("listVisits (type filter), getVisit, updateAppointment (?version=2, provider_id 0)", async () => {
    const visits = (await run(patient, "listVisits", { type: 2 }, patientToken)) as { id: string; type: string }[];
    expect(visits.map((v) => v.id)).toEqual([saved.appointment]);
    const visit = await run(patient, "getVisit", { id: saved.appointment }, patientToken);
    expect(visit._typed.type).toBe(2);
    const updated = await run(patient, "updateAppointment", { id: saved.appointment, provider_id: 0, status: 30 }, patientToken);
    expect(updated).toMatchObject({ provider_id: 0, status: 30 });
  });

  it("getCurrentVisit, getVisitSummaryPdf, closeVisit", async () => {
    const current = await run(patient, "getCurrentVisit", {}, patientToken);
    expect(current.status).toMatch(/^\d0$/);
    const summary = await run(patient, "getVisitSummaryPdf", { id: saved.walkin }, patientToken);
    expect(summary.url).toMatch(/\.pdf$/);
    await run(patient, "closeVisit", { id: id("walkin") }, patientToken, { id: id("walkin") });
  });

  it("deleteVisit: a back-office service naming no user signs with the account's token", async () => {
    await run(backoffice, "deleteVisit", { id: id("appointment") }, "account", { id: id("appointment") });
  });

  it("covered every operation of the catalogue", async () => {
    const { vseeCatalogue } = await import("@switchboard/core/vendors/vsee/catalogue");
    expect([...covered].sort()).toEqual(vseeCatalogue.map((op: AnyOperation) => op.name).sort());
  });
});

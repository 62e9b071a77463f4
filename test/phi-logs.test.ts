import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedLines } from "./support/log-capture";
import type { TestConnection } from "./support/local";

// Log everything in this file; the level is read when the logger module loads, hence the dynamic imports.
process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
const { DetailType } = await import("@switchboard/core/events");
const { addMocDocConnection, apiClient, appointment, startTestStack } = await import("./support/local");
const { addDocplannerConnection, at, docplannerOp, routeFor } = await import("./support/docplanner");
const { addSoloConnection, FILES, LINK_SECRET } = await import("./support/solo");
const { addVseeConnection, userToken } = await import("./support/vsee");
const { addHealthdockConnection } = await import("./support/healthdock");
const { docsSignature } = await import("./support/healthdock-docs");

/**
 * Runs operations with known patient data through every path (success, vendor refusal that echoes
 * the patient, validation failure, timeout, queued job, command event) and scans every line the
 * platform wrote (as the test setup captures it) for that data and for credentials. Patient data
 * also travels in a MocDoc field we do not know (`kin_contact`), which passes through to the vendor.
 */
const PHI = {
  fname: "Zephyrine",
  lname: "Quillfeather",
  phone: "9123456780",
  email: "zq.patient@example.org",
  dob: "19870412",
  purpose: "recurring migraine with aura",
  kinName: "Ottoline Brackenridge",
  kinPhone: "9012345678",
  abha: "91-4455-6677-8899",
};
/** A further MocDoc field (bookappt's docs elide theirs): not a name the redactor knows. */
const kin_contact = { relation: "spouse", who: PHI.kinName, reach: PHI.kinPhone };

let stack: Awaited<ReturnType<typeof startTestStack>>;
let conn: TestConnection;
/** Docplanner's client secret, push token and access tokens, as the test learns them. */
const secrets: string[] = [];
let token: string;

beforeAll(async () => {
  stack = await startTestStack({ env: { VENDOR_TIMEOUT_MS: "300", WRITE_WAIT_BUDGET_MS: "2000" } });
  conn = await addMocDocConnection(stack, { connectionId: "phi", tenantId: "t1", minIntervalMs: 50 });
  token = await stack.token("t1");
});
afterAll(() => stack.cleanup());

describe("patient data never reaches logs or errors", () => {
  it("runs every path with known patient data", async () => {
    const api = apiClient(stack, token);
    const patient = { fname: PHI.fname, lname: PHI.lname, phone: PHI.phone, email: PHI.email, dob: PHI.dob, purpose: PHI.purpose, kin_contact };

    expect((await api("POST", "/v1/mocdoc/phi/appointments", appointment({ ...patient, start: "10:00" }), { "idempotency-key": "phi-1" })).status).toBe(200);
    // The scan below means something for the further field only if it travelled.
    expect(JSON.parse(stack.simulators.mocdoc.requests.at(-1)!.body).kin_contact).toEqual(kin_contact);

    const echoed = await api("POST", "/v1/mocdoc/phi/appointments", appointment({ ...patient, purpose: "__sim_echo__", start: "10:30" }));
    expect(echoed.status).toBe(422);
    expect(echoed.json.vendorMessage).toContain("REDACTED");

    const invalid = await api("POST", "/v1/mocdoc/phi/appointments", appointment({ ...patient, email: `${PHI.fname}-at-nowhere`, dob: "1987-04-12" }));
    expect(invalid.status).toBe(400);

    stack.simulators.mocdoc.faults.inject({ kind: "latency", ms: 600, pathPrefix: `/api/bookappt/${conn.account.entityKey}` });
    expect((await api("POST", "/v1/mocdoc/phi/appointments", appointment({ ...patient, start: "11:00" }))).status).toBe(504);

    // Its second write's slot is 5 s away, past the 2 s write budget: deferred to a job.
    await addMocDocConnection(stack, { connectionId: "phi-slow", tenantId: "t1", minIntervalMs: 5000 });
    await api("POST", "/v1/mocdoc/phi-slow/appointments", appointment({ ...patient, start: "12:00" }));
    const deferred = await api("POST", "/v1/mocdoc/phi-slow/appointments", appointment({ ...patient, start: "12:30" }));
    expect(deferred.status).toBe(202);
    await stack.bus.waitFor((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.jobId === deferred.json.jobId);

    stack.bus.put(DetailType.command, { connectionId: "phi", operationId: "mocdoc.bookAppointment", input: appointment({ ...patient, start: "13:00" }), idempotencyKey: "phi-cmd" }, "backoffice");
    await stack.bus.waitFor((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.connectionId === "phi");
    stack.bus.put(DetailType.command, { connectionId: "phi", operationId: "mocdoc.bookAppointment", input: { ...patient, phone: undefined }, idempotencyKey: "phi-bad" }, "backoffice");
    await stack.bus.waitFor((e) => e["detail-type"] === DetailType.commandRejected && e.detail.idempotencyKey === "phi-bad");

    for (const response of [echoed.text, invalid.text]) {
      for (const value of Object.values(PHI)) expect(response).not.toContain(value);
    }
  }, 60_000);

  it("runs Docplanner's paths with known patient data: a booking, pulled and pushed notifications, a refused push", async () => {
    const api = apiClient(stack, token);
    const dp = await addDocplannerConnection(stack, { connectionId: "phi-dp", tenantId: "t1" });
    secrets.push(dp.account.clientSecret, dp.pushUrl.split("/").at(-1)!);
    const where = dp.ids[0]!;
    const slots = await api("GET", routeFor(docplannerOp("getSlots"), "phi-dp", { facility_id: where.facilityId, doctor_id: where.doctorId, address_id: where.addressId, start: at(Date.now() + 86_400_000), end: at(Date.now() + 8 * 86_400_000) }).path);
    const patient = { name: PHI.fname, surname: PHI.lname, phone: `+48${PHI.phone}`, email: PHI.email, birth_date: "1987-04-12", nin: PHI.kinPhone };
    const book = routeFor(docplannerOp("bookSlot"), "phi-dp", {
      facility_id: where.facilityId, doctor_id: where.doctorId, address_id: where.addressId, start: slots.json._items[0].start,
      body: { address_service_id: where.addressServiceId, duration: 30, comment: PHI.purpose, patient },
    });
    expect((await api(book.method, book.path, book.body)).status).toBe(200);
    // A refusal: the slot is gone now.
    expect((await api(book.method, book.path, book.body)).status).toBeGreaterThanOrEqual(400);
    const data = { visit_booking: { id: "v1", patient, comment: PHI.purpose } };
    await stack.simulators.docplanner.notify(dp.account.clientId, "slot-booked", data);
    await stack.runSchedule("docplanner.notifications");
    const pushed = { name: "booking-canceled", data, created_at: at(Date.now()) };
    expect((await fetch(dp.pushUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(pushed) })).status).toBe(200);
    const refused = { name: "booking-canceled", data: { visit_booking: { patient, duration: PHI.kinName } }, created_at: at(Date.now()) };
    expect((await fetch(dp.pushUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(refused) })).status).toBe(400);
    expect(stack.bus.history.filter((e) => e.detail.connectionId === "phi-dp").map((e) => e["detail-type"]).sort()).toEqual(["docplanner.booking-canceled", "docplanner.slot-booked", "switchboard.appointment.booked"]);
    const tokens = stack.simulators.docplanner.requests.map((r) => String(r.headers.authorization ?? "")).filter((h) => h.startsWith("Bearer "));
    secrets.push(...new Set(tokens.map((h) => h.slice("Bearer ".length))));
  }, 60_000);

  it("runs Solo's paths with known patient data: patients, appointments, an attachment, reports, links, webhooks", async () => {
    const api = apiClient(stack, token);
    const solo = await addSoloConnection(stack, { connectionId: "phi-solo", tenantId: "t1", account: { reportReadyAfterMs: 200 } });
    const base = "/v1/solo/phi-solo";
    const patient = {
      id: "phi-patient-1",
      mrn: `MRN-${PHI.kinPhone}`,
      name: [{ use: "usual", firstName: PHI.fname, lastName: PHI.lname }],
      birthDate: "1987-04-12",
      telecom: [{ use: "home", system: "phone", value: PHI.phone }, { use: "home", system: "email", value: PHI.email }],
      address: [{ city: "Springfield", line: ["742 Evergreen Terrace"] }],
      kinContact: { who: PHI.kinName },
    };
    expect((await api("POST", `${base}/patients`, patient)).status).toBe(200);
    // Refused before any call, and refused by Solo (an id it already has).
    expect((await api("PUT", `${base}/patients/phi-patient-1`, { ...patient, deceasedAt: "2020-03-31 10:12 AM" })).status).toBe(400);
    expect((await api("POST", `${base}/patients`, patient)).status).toBe(422);
    const hook = await api("POST", `${base}/webhooks`, { endpoint: solo.webhookUrl, events: ["appointment:scheduled", "episode:created"] });
    const appointment = await api("POST", `${base}/patients/phi-patient-1/appointments`, { waitingRoom: "my waiting room", reasons: [PHI.purpose] });
    expect((await api("POST", `${base}/appointments/${appointment.json.id}/attachments`, { contentType: "image/png", content: FILES.png.toString("base64"), fileName: `${PHI.lname}.png` })).status).toBe(200);
    expect((await api("PUT", `${base}/appointments/${appointment.json.id}/visit-note`, { questions: [{ id: "q1", value: [PHI.purpose] }] })).status).toBe(200);
    const perfect = { firstName: PHI.fname, lastName: PHI.lname, dob: "1987-04-12", locationId: "123", mrn: PHI.kinPhone, requestingProvider: PHI.kinName, consultType: "new", reason: "Stroke" };
    expect((await api("POST", `${base}/perfect-answer`, perfect)).status).toBe(200);
    expect((await api("POST", `${base}/perfect-answer`, perfect)).status).toBe(409);
    const link = await api("POST", `${base}/context-links`, { user: "u1", type: "patient", visit: "v1", date: 1733050800, patient: { id: "phi-patient-1", sex: "female", dob: "1987-04-12", firstName: PHI.fname, lastName: PHI.lname } });
    expect(link.status).toBe(200);
    const report = await api("POST", `${base}/encounter-reports`, { from: "2024-08-15T00:00:00Z", to: "2024-08-16T00:00:00Z", presetId: "preset", password: "report-password-PHI-scan" });
    const done = await stack.bus.waitFor((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.jobId === report.json.jobId, 30_000);
    stack.simulators.solo.emit(solo.account.apiKey, "episode:created", { episodeId: "e1", objective: PHI.purpose, patientName: PHI.kinName });
    await stack.simulators.solo.settled();
    expect(await fetch(solo.webhookUrl, { method: "POST", body: "not a solo payload at all" }).then((r) => r.status)).toBe(400);
    const key = (await stack.deps.credentials.get(solo.connection.secretRef)).webhookEncryptionKey!;
    const delivered = stack.simulators.solo.deliveries.filter((d) => d.endpoint === solo.webhookUrl).map((d) => d.body);
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    secrets.push("742 Evergreen Terrace", solo.account.apiKey, solo.account.teamsAuthToken!, LINK_SECRET, key, hook.json.id, "report-password-PHI-scan", FILES.png.toString("base64").slice(0, 40));
    secrets.push(new URL(link.json.url).searchParams.get("arg")!, (done.detail.result as { download: { url: string } }).download.url, ...delivered.map((b) => b.slice(0, 40)));
  }, 60_000);

  it("runs VSee's paths with known patient data: SSO login and renewal, intakes, visits, a refusal", async () => {
    const vsee = await addVseeConnection(stack, { connectionId: "phi-vsee", tenantId: "t1", account: { tokenTtlSeconds: 2 } });
    secrets.push(vsee.account.apiToken, vsee.account.apiKey);
    const user = apiClient(stack, await userToken(stack, "t1", "phi-user-1"));
    const login = await user("POST", "/v1/vsee/phi-vsee/users/sso", { first_name: PHI.fname, last_name: PHI.lname, dob: "1987-04-12", email: PHI.email, type: 200 });
    expect(login.status).toBe(200);
    const intake = await user("POST", "/v1/vsee/phi-vsee/intakes", { reason_for_visit: PHI.purpose, type: 1, custom_contact: PHI.kinName });
    await user("POST", `/v1/vsee/phi-vsee/intakes/${intake.json.data.id}`, { phone: PHI.phone, reason_for_visit: PHI.purpose });
    expect((await user("POST", "/v1/vsee/phi-vsee/visits/add_walkin", { provider_id: "826", intake_id: intake.json.data.id, room_code: "r1" })).status).toBe(200);
    // Refused by VSee (no such provider), and renewed: the second login carries the names again.
    expect((await user("POST", "/v1/vsee/phi-vsee/visits/add_walkin", { provider_id: "1", intake_id: intake.json.data.id })).status).toBe(422);
    await new Promise((r) => setTimeout(r, 1700));
    expect((await user("GET", "/v1/vsee/phi-vsee/visits")).status).toBe(200);
    expect(stack.simulators.vsee.ssoLogins(vsee.account.accountCode)).toBe(2);
    secrets.push(...new Set(stack.simulators.vsee.requests.map((r) => String(r.headers["x-apitoken"] ?? "")).filter(Boolean)));
  }, 60_000);

  it("runs HealthDock's paths with known patient data: patients, a refusal, webhooks taken and refused, an OAuth connection", async () => {
    const hd = await addHealthdockConnection(stack, { connectionId: "phi-hd", tenantId: "t1" });
    secrets.push(hd.account.apiKey!, hd.account.webhookSecret);
    const api = apiClient(stack, token);
    const patient = { first_name: PHI.fname, last_name: PHI.lname, date_of_birth: "1987-04-12", gender: "F", phone: `+91${PHI.phone}`, abha_number: PHI.abha };
    expect((await api("POST", "/v1/healthdock/phi-hd/patients", patient)).status).toBe(200);
    const duplicate = await api("POST", "/v1/healthdock/phi-hd/patients", patient);
    expect(duplicate.status).toBe(409);
    expect((await api("POST", "/v1/healthdock/phi-hd/patients", { ...patient, abha_number: PHI.abha.slice(1) })).status).toBe(400);
    for (const value of Object.values(PHI)) expect(duplicate.text).not.toContain(value);

    const event = { event: "patient.created", timestamp: new Date().toISOString(), data: { ...patient, notes: PHI.purpose } };
    const signed = JSON.stringify({ ...event, signature: docsSignature(JSON.stringify(event), hd.account.webhookSecret) });
    expect((await fetch(hd.webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: signed })).status).toBe(200);
    const forged = JSON.stringify({ ...event, signature: docsSignature(JSON.stringify(event), "wrong") });
    expect((await fetch(hd.webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: forged })).status).toBe(401);

    const oauth = await addHealthdockConnection(stack, { connectionId: "phi-hd-oauth", tenantId: "t1", oauth: {} });
    secrets.push(oauth.client.clientSecret);
    const start = await fetch(`${stack.apiUrl}/v1/healthdock/oauth/start?connectionId=phi-hd-oauth`, { redirect: "manual", headers: { authorization: `Bearer ${token}` } });
    const authorize = await fetch(start.headers.get("location")!, { redirect: "manual" });
    const callback = authorize.headers.get("location")!;
    const callbackUrl = new URL(callback);
    secrets.push(callbackUrl.searchParams.get("code")!, callbackUrl.searchParams.get("state")!);
    expect((await fetch(callback)).status).toBe(200);
    expect((await fetch(callback)).status).toBe(400);
    expect((await api("GET", "/v1/healthdock/phi-hd-oauth/patients")).status).toBe(200);
    const stored = await stack.deps.credentials.get((await stack.deps.connections.require("phi-hd-oauth")).secretRef);
    secrets.push(stored.oauthAccessToken!, stored.oauthRefreshToken!, stored.oauthStateKey!);
  }, 60_000);

  it("left no patient data or credentials in any captured line", async () => {
    await stack.bus.drain();
    const lines = capturedLines();
    // The scan means something only if the platform logged these paths.
    expect(lines.filter((l) => l.includes('"vendor call"')).length).toBeGreaterThanOrEqual(4);
    expect(lines.some((l) => l.includes('"command rejected"'))).toBe(true);
    expect(lines.some((l) => l.includes('"webhook delivery refused"'))).toBe(true);
    expect(lines.some((l) => l.includes('"pulled notifications stored"'))).toBe(true);
    expect(lines.some((l) => l.includes('"webhook encryption key stored"'))).toBe(true);
    expect(lines.filter((l) => l.includes('"webhook delivery received"') && l.includes("phi-solo")).length).toBeGreaterThanOrEqual(2);
    expect(lines.some((l) => l.includes('"vsee"') && l.includes('"vendor call"'))).toBe(true);
    expect(lines.some((l) => l.includes('"healthdock"') && l.includes('"vendor call"'))).toBe(true);
    expect(lines.some((l) => l.includes('"oauth connection authorized"'))).toBe(true);
    expect(lines.some((l) => l.includes('"oauth callback refused"'))).toBe(true);
    const forbidden = [...Object.values(PHI), "1987-04-12", PHI.abha.replace(/-/g, ""), conn.account.secretKey, conn.account.accessKey, token, ...secrets];
    for (const value of forbidden) {
      const leaks = lines.filter((l) => l.includes(value));
      expect(leaks, `leaked ${value}`).toEqual([]);
    }
  });
});

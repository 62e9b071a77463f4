import type { RecordedRequest } from "@switchboard/simulators/server";
import { DetailType } from "@switchboard/core/events";
import { unpackSoloPayload } from "@switchboard/core/vendors/solo/crypto";
import { soloCatalogue } from "@switchboard/core/vendors/solo/catalogue";
import { reportBytes } from "@switchboard/simulators/solo/routes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, startTestStack } from "../support/local";
import { addSoloConnection, FILES, LINK_SECRET, soloOp, soloRoute } from "../support/solo";

/**
 * Every Solo operation through our API against the simulator: the request as Solo receives it
 * (method, path under /qapi/v1, query, body, Api-Key), and our answer. The operations run in an
 * order that lets later ones use what earlier ones created.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: ReturnType<typeof apiClient>;
let solo: Awaited<ReturnType<typeof addSoloConnection>>;
const covered = new Set<string>();
const saved: Record<string, any> = {};

beforeAll(async () => {
  stack = await startTestStack();
  solo = await addSoloConnection(stack, { connectionId: "solo-contract", tenantId: "t1" });
  api = apiClient(stack, await stack.token("t1"));
});
afterAll(() => stack.cleanup());

const soloRequests = () => stack.simulators.solo.requests.filter((r) => r.path.startsWith("/qapi/v1/") && r.headers["api-key"] === solo.account.apiKey);

/** Calls the operation through our API; answers our response and the one request Solo got. */
async function call(name: string, input: Record<string, unknown>, headers: Record<string, string> = {}) {
  const op = soloOp(name);
  const route = soloRoute(op, "solo-contract", input);
  const before = soloRequests().length;
  const res = await api(route.method, route.path, route.body, headers);
  const sent = soloRequests().slice(before);
  return { op, res, sent: sent.at(-1) as RecordedRequest | undefined, count: sent.length };
}

interface Wire {
  /** Solo's path under /qapi/v1. */
  path: string;
  query?: Record<string, string>;
  /** The JSON body Solo receives; undefined: none. */
  body?: unknown;
}

/** Our answer is 200 and Solo received exactly `wire`, with its Api-Key. */
async function run(name: string, input: Record<string, unknown>, wire: Wire) {
  const { op, res, sent, count } = await call(name, input);
  expect(res.status, `${name}: ${res.text}`).toBe(200);
  expect(count, name).toBe(1);
  expect(sent!.method).toBe(op.request.method);
  expect(sent!.path).toBe(`/qapi/v1${wire.path}`);
  expect(Object.fromEntries(new URLSearchParams(sent!.query))).toEqual(wire.query ?? {});
  if (wire.body === undefined) expect(sent!.body).toBe("");
  else expect([sent!.headers["content-type"], JSON.parse(sent!.body)]).toEqual(["application/json", wire.body]);
  covered.add(name);
  return res.json;
}

describe("Solo contract: every operation through the API", () => {
  it("waiting rooms; patients: create, get and update, by id and by SPID", async () => {
    const rooms = (await run("listWaitingRooms", {}, { path: "/waiting-rooms" })) as { name: string }[];
    expect(rooms.map((r) => r.name)).toContain("my waiting room");
    const patient = { id: "p-contract-1", mrn: "MRN-123", name: [{ use: "usual", firstName: "Mike", lastName: "Shinoda" }], birthDate: "1983-08-15", gender: "male", sharedEmailGroup: null, customerSegment: "gold" };
    saved.spid = await run("createPatient", patient, { path: "/patients", body: patient });
    expect(typeof saved.spid).toBe("number");
    expect(await run("getPatient", { patientId: "p-contract-1" }, { path: "/patients/p-contract-1" })).toMatchObject({ mrn: "MRN-123", customerSegment: "gold" });
    expect(await run("getPatientBySpid", { spid: String(saved.spid) }, { path: `/patients/id/type/SPID/value/${saved.spid}` })).toMatchObject({ mrn: "MRN-123" });
    await run("updatePatient", { patientId: "p-contract-1", preferredLanguage: "English", groupType: "family", groupName: "Family Name" }, { path: "/patients/p-contract-1", body: { preferredLanguage: "English", groupType: "family", groupName: "Family Name" } });
    const deceased = { deceased: true, deceasedAt: "2020-03-31 10:12 AM" };
    await run("updatePatientBySpid", { spid: saved.spid, ...deceased }, { path: `/patients/id/type/SPID/value/${saved.spid}`, body: deceased });
  });

  it("appointments: create by patient id, HSID and SPID; get, update; provider, Teams and video call links", async () => {
    const date = "2026-12-01T10:00:00+01:00";
    const seconds = Date.parse(date) / 1000;
    const created = await run(
      "createAppointment",
      { patientId: "p-contract-1", waitingRoom: "my waiting room", date, duration: 900, reasons: ["headache"], externalId: "ext-contract-1" },
      { path: "/patients/p-contract-1/appointments", body: { waitingRoom: "my waiting room", date: seconds, duration: 900, reasons: ["headache"], externalId: "ext-contract-1" } },
    );
    expect(created).toMatchObject({ id: expect.any(Number), visitUrl: expect.any(String) });
    saved.appointmentId = String(created.id);
    await run("createAppointmentByHsid", { hsid: "MRN-123", waitingRoom: "my waiting room", date: seconds }, { path: "/patients/HSID/MRN-123/appointments", body: { waitingRoom: "my waiting room", date: seconds } });
    const bySpid = await run("createAppointmentBySpid", { spid: saved.spid, waitingRoom: "my waiting room" }, { path: `/patients/id/type/SPID/value/${saved.spid}/appointments`, body: { waitingRoom: "my waiting room" } });
    saved.said = bySpid.id;
    const id = saved.appointmentId;
    expect(await run("getAppointment", { appointmentId: id }, { path: `/appointments/${id}` })).toMatchObject({ id: created.id, status: "scheduled", duration: 900 });
    await run("updateAppointment", { appointmentId: id, date: seconds + 3600, reasons: ["vomit"] }, { path: `/appointments/${id}`, body: { date: seconds + 3600, reasons: ["vomit"] } });
    expect(await run("getProviderLink", { appointmentId: id }, { path: `/appointments/${id}/provider-link` })).toMatchObject({ providerVisitUrl: expect.any(String) });
    expect(await run("getMsTeamsProviderLink", { appointmentId: id }, { path: `/appointments/${id}/msteams-provider-link` })).toMatchObject({ msTeamsProviderVisitUrl: expect.stringMatching(/^https:\/\/teams/) });
    expect(soloRequests().at(-1)!.headers["teams-auth-token"]).toBe(solo.account.teamsAuthToken);
    expect(await run("getVideoCallLinks", { externalId: "ext-contract-1" }, { path: "/appointments/ext-contract-1/video-call-links" })).toMatchObject({ appointmentExternalId: "ext-contract-1" });
    expect(await run("getVideoCallLinksBySaid", { said: saved.said }, { path: `/appointments/id/type/SAID/value/${saved.said}/video-call-links` })).toMatchObject({ patientVisitUrl: expect.any(String) });
  });

  it("visit notes and slots", async () => {
    const id = saved.appointmentId;
    const questions = [{ id: "923c5621-66a1-49a3-aa7b-a7753cbfd139", value: ["Male"] }];
    await run("updateVisitNote", { appointmentId: id, name: "Acute Neurology - Physician Services", questions }, { path: `/appointments/${id}/visit-note`, body: { name: "Acute Neurology - Physician Services", questions } });
    const note = (await run("getVisitNote", { appointmentId: id }, { path: `/appointments/${id}/visit-note` })) as { responses: unknown[] }[];
    expect(note[0]!.responses).toEqual([{ question: [questions[0]!.id], response: ["Male"] }]);
    const slots = await run(
      "getAppointmentSlots",
      { after: "2017-09-10T14:20:00Z", before: 1505057400, waitingRoom: "my waiting room", duration: 900 },
      { path: "/appointment-slots", query: { after: "1505053200", before: "1505057400", waitingRoom: "my waiting room", duration: "900" } },
    );
    expect(slots).toEqual([1505053800, 1505054700, 1505055600, 1505056500].map((date) => ({ date, duration: 900 })));
  });

  it("attachments: a raw PNG body and a base64 PDF in JSON arrive as their bytes; list and delete", async () => {
    const id = saved.appointmentId;
    const before = soloRequests().length;
    const raw = await fetch(`${stack.apiUrl}/v1/solo/solo-contract/appointments/${id}/attachments?fileName=scan.png`, {
      method: "POST",
      headers: { authorization: `Bearer ${await stack.token("t1")}`, "content-type": "image/png" },
      body: FILES.png,
    });
    const uploaded = (await raw.json()) as { id: string; mimeType: string; size: number; title: string };
    expect(raw.status).toBe(200);
    expect(uploaded).toMatchObject({ mimeType: "image/png", size: FILES.png.length, title: "scan.png" });
    const sent = soloRequests().slice(before);
    expect(sent.map((r) => [r.method, r.path, r.query, r.headers["content-type"]])).toEqual([["POST", `/qapi/v1/appointments/${id}/attachments`, "fileName=scan.png", "image/png"]]);
    expect(solo.state().attachments.get(uploaded.id)!.bytes.equals(FILES.png)).toBe(true);

    // As JSON: the base64 content is decoded and sent as the file, with the declared type.
    const json = await call("uploadAppointmentAttachment", { appointmentId: id, contentType: "application/pdf", content: FILES.pdf.toString("base64") });
    expect([json.res.status, json.count, json.sent!.method, json.sent!.path, json.sent!.query, json.sent!.headers["content-type"]]).toEqual([
      200,
      1,
      "POST",
      `/qapi/v1/appointments/${id}/attachments`,
      "",
      "application/pdf",
    ]);
    const pdf = solo.state().attachments.get(json.res.json.id)!;
    expect(pdf.bytes.equals(FILES.pdf)).toBe(true);
    covered.add("uploadAppointmentAttachment");

    const list = (await run("listAppointmentAttachments", { appointmentId: id }, { path: `/appointments/${id}/attachments` })) as { attachments: { id: string }[] };
    expect(list.attachments.map((a) => a.id).sort()).toEqual([uploaded.id, pdf.id].sort());
    expect(await run("deleteAppointmentAttachment", { appointmentId: id, attachmentId: uploaded.id }, { path: `/appointments/${id}/attachments/${uploaded.id}` })).toBeNull();
  });

  it("patient documents and episodes of care (status sent upper case, answered lower case)", async () => {
    const doc = { name: "document name", dateTime: 1510367140, responses: [{ question: "question 1", response: "response to question 1" }] };
    await run("addPatientDocument", { patientId: "p-contract-1", ...doc }, { path: "/patients/p-contract-1/documents", body: doc });
    const episode = { name: "covid care", type: "covid", from: "2023-03-29", status: "PLANNING", objective: "care covid patient" };
    const created = await run("createEpisode", { patientId: "p-contract-1", ...episode, status: "planning" }, { path: "/patients/p-contract-1/episodes", body: episode });
    const episodeId = created.episodeId as string;
    expect((await run("listPatientEpisodes", { patientId: "p-contract-1" }, { path: "/patients/p-contract-1/episodes" })).episodes).toHaveLength(1);
    expect(await run("getEpisode", { episodeId }, { path: `/episodes/${episodeId}` })).toMatchObject({ status: "planning", soloPatientId: saved.spid });
    const update = { ...episode, to: "2023-04-29", status: "ACTIVE" };
    expect(await run("updateEpisode", { episodeId, ...update }, { path: `/episodes/${episodeId}`, body: update })).toMatchObject({ status: "active" });
    const id = saved.appointmentId;
    await run("assignAppointmentEpisode", { appointmentId: id, episodeId }, { path: `/appointments/${id}/episode/assign`, body: { episodeId } });
    const list = await run("listEpisodeAppointments", { episodeId }, { path: `/episodes/${episodeId}/appointments` });
    expect(list.appointments.map((a: { appointmentId: number }) => String(a.appointmentId))).toEqual([id]);
  });

  it("the CSV report comes back as the vendor's bytes and content type", async () => {
    const route = soloRoute(soloOp("getCsvReport"), "solo-contract", { from: "2026-12-01", to: "2026-12-01" });
    const res = await fetch(`${stack.apiUrl}${route.path}`, { headers: { authorization: `Bearer ${await stack.token("t1")}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="solo-report-2026-12-01-2026-12-01.csv"');
    const csv = await res.text();
    expect(csv.split("\n")[0]).toBe("appointmentId,date,status,waitingRoom");
    expect(csv).toContain(`${saved.appointmentId},`);
    const sent = soloRequests().at(-1)!;
    expect([sent.path, sent.query, sent.headers.accept]).toEqual(["/qapi/v1/reports/csv-data-dump", "from=2026-12-01&to=2026-12-01", "*/*"]);
    covered.add("getCsvReport");
  });

  it("encounter reports: the job creates, polls and downloads, then links the file; status and download directly too", async () => {
    const input = { from: "2024-08-15T15:52:01+00:00", to: 1723823521, presetId: "a2c6e3fc-c2f7-4a24-a0d6-eb2343a15469", password: "IK5adv2N5V-gr9v6" };
    const accepted = await api("POST", "/v1/solo/solo-contract/encounter-reports", input);
    expect(accepted.status).toBe(202);
    const done = await stack.bus.waitFor((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.jobId === accepted.json.jobId, 30_000);
    const result = done.detail.result as { started: { id: string }; status: { status: string }; download: { url: string; contentType: string; bytes: number; fileName: string } };
    expect(result.status.status).toBe("completed");
    const create = soloRequests().find((r) => r.path === "/qapi/v1/encounter-report/create")!;
    expect(JSON.parse(create.body)).toEqual({ ...input, to: "2024-08-16T15:52:01+00:00" });
    const file = await fetch(result.download.url);
    expect([file.status, file.headers.get("content-type")]).toEqual([200, "application/octet-stream"]);
    expect(Buffer.from(await file.arrayBuffer()).equals(reportBytes(result.started.id, 2048))).toBe(true);
    expect(result.download).toMatchObject({ bytes: 2048, fileName: `encounter-report-${result.started.id}.zip` });
    covered.add("createEncounterReport");

    const reportId = result.started.id;
    expect(await run("getEncounterReportStatus", { reportId }, { path: `/encounter-report/status/${reportId}` })).toEqual({ id: reportId, status: "completed" });
    const direct = await fetch(`${stack.apiUrl}/v1/solo/solo-contract/encounter-reports/${reportId}/download`, { headers: { authorization: `Bearer ${await stack.token("t1")}` } });
    expect(Buffer.from(await direct.arrayBuffer()).equals(reportBytes(reportId, 2048))).toBe(true);
    expect(soloRequests().at(-1)!.path).toBe(`/qapi/v1/encounter-report/download/${reportId}`);
    covered.add("downloadEncounterReport");
  });

  it("perfect answer", async () => {
    const body = { firstName: "John", lastName: "Doe", dob: "2001-01-20", locationId: "123", mrn: "AA-00000001", requestingProvider: "Bob Dylan", consultType: "new", reason: "EEG Stat", callCenterNotified: "2019-12-03T14:32:12Z" };
    expect(await run("perfectAnswer", body, { path: "/perfect-answer", body })).toMatchObject({ patientId: expect.any(String), encounterId: expect.any(String) });
  });

  it("webhooks: the key createWebhook answers is stored and never returned; get, list, update, delete", async () => {
    const body = { endpoint: solo.webhookUrl, events: ["appointment:scheduled", "appointment:rescheduled"] };
    const created = await run("createWebhook", body, { path: "/webhooks", body });
    const hook = solo.state().webhooks.get(created.id)!;
    expect(created).toEqual({ id: hook.id, endpoint: solo.webhookUrl, events: body.events, encryptionKeyStored: true });
    const secrets = await stack.deps.credentials.get(solo.connection.secretRef);
    expect(secrets).toMatchObject({ apiKey: solo.account.apiKey, linkSecret: LINK_SECRET, webhookEncryptionKey: hook.encryptionKey });
    const got = await run("getWebhook", { webhookId: hook.id }, { path: `/webhooks/${hook.id}` });
    expect(got).toEqual({ id: hook.id, endpoint: solo.webhookUrl, events: body.events });
    expect(await run("listWebhooks", {}, { path: "/webhooks" })).toEqual([got]);
    const update = { endpoint: solo.webhookUrl, events: ["appointment:cancelled"] };
    await run("updateWebhook", { webhookId: hook.id, ...update }, { path: `/webhooks/${hook.id}`, body: update });
    expect(await run("deleteWebhook", { webhookId: hook.id }, { path: `/webhooks/${hook.id}` })).toBeNull();
  });

  it("assistance requests: create, then get and cancel with the target as a JSON body", async () => {
    const target = { department: "emergency department", room: "431", bed: "bed 2" };
    expect(await run("createAssistanceRequest", target, { path: "/request-assistance", body: target })).toMatchObject({ status: "incomplete", createdFromExternalApi: true });
    expect(await run("getAssistanceRequest", target, { path: "/request-assistance", body: target })).toMatchObject({ status: "incomplete" });
    expect(await run("cancelAssistanceRequest", target, { path: "/request-assistance", body: target })).toBeNull();
  });

  it("context links: built from the connection's link secret, with no vendor call", async () => {
    const data = { user: "1234", type: "provider", visit: "12345", date: "2026-12-01T10:00:00Z", patient: { id: "p-contract-1", sex: "male", dob: "1983-08-15", firstName: "Mike", lastName: "Shinoda" } };
    const { res, count } = await call("createContextLink", data);
    expect([res.status, count]).toEqual([200, 0]);
    const url = new URL(res.json.url);
    expect(url.origin + url.pathname).toBe(`${stack.simulators.solo.url}/integrations/linking`);
    expect(JSON.parse(unpackSoloPayload(LINK_SECRET, url.searchParams.get("arg")!))).toEqual({ ...data, date: Date.parse(data.date) / 1000 });
    covered.add("createContextLink");
  });

  it("covered every operation of the catalogue", () => {
    expect([...covered].sort()).toEqual(soloCatalogue.map((op) => op.name).sort());
  });
});

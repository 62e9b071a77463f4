import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { interpretSolo } from "@switchboard/core/vendors/solo/vendor";
import { apiClient, startTestStack } from "../support/local";
import { addSoloConnection, FILES } from "../support/solo";

/**
 * The documented rules hold before any call (400 with the failing field, nothing sent to Solo),
 * and Solo's refusals come back as typed errors.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: ReturnType<typeof apiClient>;
let solo: Awaited<ReturnType<typeof addSoloConnection>>;

beforeAll(async () => {
  stack = await startTestStack();
  solo = await addSoloConnection(stack, { connectionId: "solo-rules", tenantId: "t1" });
  api = apiClient(stack, await stack.token("t1"));
  expect((await api("POST", "/v1/solo/solo-rules/patients", { id: "p1" })).status).toBe(200);
  const appointment = await api("POST", "/v1/solo/solo-rules/patients/p1/appointments", { waitingRoom: "my waiting room" });
  expect(appointment.status).toBe(200);
});
afterAll(() => stack.cleanup());

const vendorCalls = () => stack.simulators.solo.requests.filter((r) => r.headers["api-key"] === solo.account.apiKey).length;

/** 400, naming `path`, and Solo never asked. */
async function refused(method: string, path: string, body: unknown, field: string, message?: RegExp) {
  const before = vendorCalls();
  const res = await api(method, `/v1/solo/solo-rules${path}`, body);
  expect([res.status, res.headers.get("content-type")], res.text).toEqual([400, "application/problem+json"]);
  const issue = (res.json.errors as { path: string; message: string }[]).find((e) => e.path === field);
  expect(issue, `${path}: ${res.text}`).toBeDefined();
  if (message) expect(issue!.message).toMatch(message);
  expect(vendorCalls()).toBe(before);
}

describe("Solo rules before any call", () => {
  it("deceasedAt is required with deceased true and refused otherwise (create and both updates)", async () => {
    await refused("POST", "/patients", { id: "p2", deceased: true }, "deceasedAt", /required when deceased is true/);
    await refused("PUT", "/patients/p1", { deceasedAt: "2020-03-31 10:12 AM" }, "deceasedAt", /unless deceased is true/);
    await refused("PUT", "/spid-patients/1000", { deceased: false, deceasedAt: "2020-03-31 10:12 AM" }, "deceasedAt");
    await refused("POST", "/patients", { mrn: "x" }, "id", /required/);
  });

  it("appointments: waitingRoom required, duration in [1, 86400], a date as seconds or ISO 8601, status only cancelled", async () => {
    await refused("POST", "/patients/p1/appointments", { duration: 900 }, "waitingRoom", /required/);
    await refused("POST", "/patients/p1/appointments", { waitingRoom: "my waiting room", duration: 0 }, "duration", /between 1 and 86400/);
    await refused("POST", "/spid-patients/1000/appointments", { waitingRoom: "my waiting room", duration: 86_401 }, "duration");
    await refused("POST", "/hsid-patients/h1/appointments", { waitingRoom: "my waiting room", date: "tomorrow" }, "date", /Unix seconds or an ISO 8601/);
    await refused("PUT", "/appointments/3110360", { status: "completed" }, "status", /only be cancelled/);
  });

  it("episodes take their status from the list, in either case; slot searches need after, before and waitingRoom", async () => {
    await refused("POST", "/patients/p1/episodes", { name: "n", type: "t", from: "2023-03-29", status: "DONE" }, "status", /PLANNING, WAITLIST/);
    await refused("POST", "/patients/p1/episodes", { name: "n", type: "t", status: "ACTIVE" }, "from", /required/);
    await refused("GET", "/appointment-slots?after=1505053200&waitingRoom=GreatRoom", undefined, "before", /required/);
    await refused("GET", "/appointment-slots?after=1505053200&before=1505057400", undefined, "waitingRoom");
    await refused("GET", "/appointment-slots?after=1505053200&before=1505057400&waitingRoom=r&duration=90000", undefined, "duration");
  });

  it("assistance requests take exactly one of the four targets", async () => {
    for (const target of [{}, { building: "hospital", floor: "2" }, { patientMrn: "1", deviceSerialNumber: "2" }, { department: "ed", room: "1", floor: "2" }]) {
      await refused("POST", "/assistance-requests", target, "(root)", /exactly one target/);
    }
    await refused("GET", "/assistance-requests/current?bed=1", undefined, "(root)");
  });

  it("attachments: only the documented types, checked by content, at most 5 MiB", async () => {
    const png = FILES.png.toString("base64");
    await refused("POST", "/appointments/3110360/attachments", { contentType: "image/png", content: FILES.pdf.toString("base64") }, "content", /declares/);
    await refused("POST", "/appointments/3110360/attachments", { contentType: "image/gif", content: png }, "contentType", /application\/pdf/);
    await refused("POST", "/appointments/3110360/attachments", { contentType: "image/png", content: `${png}\n` }, "content", /base64/);
    const big = Buffer.concat([FILES.png, Buffer.alloc(5 * 1024 * 1024)]).toString("base64");
    await refused("POST", "/appointments/3110360/attachments", { contentType: "image/png", content: big }, "content", /at most 5242880 bytes/);
    // A raw body of another type is a 415 naming what is accepted.
    const before = vendorCalls();
    const res = await fetch(`${stack.apiUrl}/v1/solo/solo-rules/appointments/3110360/attachments`, {
      method: "POST",
      headers: { authorization: `Bearer ${await stack.token("t1")}`, "content-type": "text/plain" },
      body: "hello",
    });
    const problem = (await res.json()) as { accepted: string[] };
    expect([res.status, problem.accepted]).toEqual([415, ["application/json", "application/pdf", "application/x-pdf", "image/pdf", "image/png", "image/jpeg"]]);
    // Raw, the content is checked too: a PDF declared as a JPEG.
    const mislabelled = await fetch(`${stack.apiUrl}/v1/solo/solo-rules/appointments/3110360/attachments`, {
      method: "POST",
      headers: { authorization: `Bearer ${await stack.token("t1")}`, "content-type": "image/jpeg" },
      body: FILES.pdf,
    });
    expect(mislabelled.status).toBe(400);
    expect(vendorCalls()).toBe(before);
  });
});

describe("Solo refusals as typed errors", () => {
  it("maps the messages the docs name, whatever status carries them", () => {
    const answer = (status: number, body: unknown) => interpretSolo({ status, headers: new Headers(), text: JSON.stringify(body) });
    expect(answer(500, { message: "Service Request Error: Missing Required Parameters. Please include either Device ID" })).toMatchObject({ ok: false, code: "REJECTED", retryable: false });
    expect(answer(400, { message: "Device could not be found from the data submitted" })).toMatchObject({ ok: false, code: "NOT_FOUND", retryable: false });
    expect(answer(422, { error: { message: "A visit has already been created for the patient within 24 hours" } })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(answer(422, { error: { message: 'Mime type "text/plain" not supported.' } })).toMatchObject({ ok: false, code: "REJECTED", message: 'Mime type "text/plain" not supported.' });
    expect(answer(503, {})).toMatchObject({ ok: false, code: "UNAVAILABLE", retryable: true });
  });

  it("answers Solo's refusals through the API with vendor, operation and the vendor's message", async () => {
    const device = await api("POST", "/v1/solo/solo-rules/assistance-requests", { deviceSerialNumber: "999999" });
    expect([device.status, device.json.code, device.json.operation, device.json.vendorMessage]).toEqual([404, "NOT_FOUND", "solo.createAssistanceRequest", "Device could not be found from the data submitted"]);
    const none = await api("GET", "/v1/solo/solo-rules/assistance-requests/current?patientMrn=1234");
    expect([none.status, none.json.code, none.json.vendorMessage]).toEqual([404, "NOT_FOUND", "Service Request Error: Request not found"]);
    const visit = { firstName: "John", lastName: "Doe", dob: "2001-01-20", locationId: "123", mrn: "AA-1", requestingProvider: "Bob Dylan", consultType: "new", reason: "Stroke" };
    expect((await api("POST", "/v1/solo/solo-rules/perfect-answer", visit)).status).toBe(200);
    const again = await api("POST", "/v1/solo/solo-rules/perfect-answer", visit);
    expect([again.status, again.json.code, again.json.retryable]).toEqual([409, "CONFLICT", false]);
    const room = await api("POST", "/v1/solo/solo-rules/patients/p1/appointments", { waitingRoom: "no such room" });
    expect([room.status, room.json.code]).toEqual([404, "NOT_FOUND"]);
  });

  it("refuses calls the connection cannot sign, without calling Solo: no Teams token, no link secret", async () => {
    const bare = await addSoloConnection(stack, { connectionId: "solo-no-extras", tenantId: "t1", account: { teamsAuthToken: undefined } });
    const creds = await stack.deps.credentials.get(bare.connection.secretRef);
    const { linkSecret: _l, ...withoutLink } = creds;
    await stack.deps.credentials.put(bare.connection.secretRef, withoutLink);
    const teams = await api("GET", "/v1/solo/solo-no-extras/appointments/1/msteams-provider-link");
    expect([teams.status, teams.json.type]).toEqual([502, "https://switchboard.dev/problems/connection-misconfigured"]);
    expect(teams.json.detail).toMatch(/teamsAuthToken/);
    const link = await api("POST", "/v1/solo/solo-no-extras/context-links", { user: "u", type: "patient", visit: "v", date: 1, patient: { id: "p", sex: "other", dob: "2000-01-01", firstName: "A", lastName: "B" } });
    expect([link.status, link.json.detail]).toEqual([502, expect.stringMatching(/linkSecret/)]);
    expect(stack.simulators.solo.requests.filter((r) => r.headers["api-key"] === bare.account.apiKey)).toEqual([]);
  });
});

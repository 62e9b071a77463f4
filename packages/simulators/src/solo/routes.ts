import { createHash } from "node:crypto";
import type { SimReply, SimRequest } from "../server";
import type { WebhookDispatcher } from "./deliveries";
import {
  appointmentProblem,
  assistanceTarget,
  ATTACHMENT_TYPES,
  documentProblem,
  episodeProblem,
  fail,
  failNested,
  MAX_ATTACHMENT_BYTES,
  MISSING_TARGET,
  patientProblem,
  perfectAnswerProblem,
  sniff,
  webhookProblem,
} from "./rules";
import { DEVICES, WAITING_ROOMS, type SimAppointment, type SimPatient, type SoloAccountState } from "./state";

/** Every /qapi/v1 path of the docs, answered as the docs show. */
export interface RouteContext {
  req: SimRequest;
  params: Record<string, string>;
  state: SoloAccountState;
  hooks: WebhookDispatcher;
  baseUrl: string;
  now: () => number;
}

type Body = Record<string, unknown>;
type Handler = (ctx: RouteContext, body: Body) => SimReply;

const ok = (body: unknown, status = 200): SimReply => ({ status, body });
const NOT_FOUND = (what: string) => fail(404, `${what} not found`);

function patientOr404(ctx: RouteContext, by: "id" | "spid" | "hsid"): SimPatient | SimReply {
  const { state, params } = ctx;
  const patient = by === "id" ? state.patients.get(params.patientId!) : by === "spid" ? state.patientBySpid(Number(params.spid)) : state.patientByHsid(params.hsid!);
  return patient ?? NOT_FOUND("Patient");
}

function appointmentOr404(ctx: RouteContext): SimAppointment | SimReply {
  return ctx.state.appointment(ctx.params.appointmentId!) ?? NOT_FOUND("Appointment");
}

const isReply = (value: unknown): value is SimReply => typeof value === "object" && value !== null && "status" in value && "body" in value;

function updatePatient(ctx: RouteContext, body: Body, patient: SimPatient): SimReply {
  const problem = patientProblem(body);
  if (problem) return fail(422, problem);
  patient.demographics = { ...patient.demographics, ...body };
  ctx.hooks.emit(ctx.state, body.active === false ? "patient:deactivated" : "patient:updated", { patientId: patient.spid });
  return ok([]);
}

function createAppointment(ctx: RouteContext, body: Body, patient: SimPatient): SimReply {
  const problem = appointmentProblem(body, true);
  if (problem) return fail(422, problem);
  const room = WAITING_ROOMS.find((r) => r.name === body.waitingRoom);
  if (!room) return fail(404, "Waiting room not found");
  const appointment: SimAppointment = {
    id: ctx.state.newAppointmentId(),
    patientId: patient.id,
    date: (body.date as number | undefined) ?? Math.floor(ctx.now() / 1000),
    duration: (body.duration as number | undefined) ?? room.slotDuration,
    reasons: (body.reasons as string[] | undefined) ?? [],
    waitingRoom: room.name,
    status: "scheduled",
    externalId: (body.externalId as string | undefined) ?? null,
    episodeOfCareId: (body.episodeOfCareId as string | undefined) ?? null,
    ...(typeof body.accountNumber === "string" && { accountNumber: body.accountNumber }),
  };
  ctx.state.appointments.set(appointment.id, appointment);
  ctx.hooks.emit(ctx.state, "appointment:scheduled", { appointmentId: appointment.id });
  return ok({ id: appointment.id, visitUrl: `${ctx.baseUrl}/checkin/${appointment.id}` });
}

function appointmentView(ctx: RouteContext, a: SimAppointment): Body {
  const patient = ctx.state.patients.get(a.patientId);
  return {
    id: a.id,
    date: a.date,
    duration: a.duration,
    reasons: a.reasons,
    status: a.status,
    videoCall: null,
    externalId: a.externalId,
    patient: { id: a.patientId, demographics: patient?.demographics ?? {} },
    providers: [{ id: "1234", email: "clara@whovians.com", firstName: "Clara", middleName: "Oswin", lastName: "Oswald" }],
  };
}

const episodeView = (ctx: RouteContext, id: string): Body => {
  const episode = ctx.state.episodes.get(id)!;
  const patient = ctx.state.patients.get(episode.patientId);
  return { id, ...episode.fields, status: String(episode.fields.status).toLowerCase(), soloPatientId: patient?.spid, externalPatientId: episode.patientId };
};

function saveEpisode(ctx: RouteContext, body: Body, id: string, patientId: string, created: boolean): SimReply {
  const problem = episodeProblem(body);
  if (problem) return fail(422, problem);
  ctx.state.episodes.set(id, { id, patientId, fields: body });
  ctx.hooks.emit(ctx.state, created ? "episode:created" : "episode:updated", { episodeId: id });
  return ok(created ? { episodeId: id } : episodeView(ctx, id));
}

function videoCallLinks(ctx: RouteContext, a: SimAppointment): SimReply {
  return ok({ appointmentExternalId: a.externalId, providerVisitUrl: `${ctx.baseUrl}/provider/visit/${a.id}`, patientVisitUrl: `${ctx.baseUrl}/patient/visit/${a.id}` });
}

/** A report's bytes: a zip's magic number, then bytes that are not text, so byte fidelity shows. */
export function reportBytes(id: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  out.write("PK\u0003\u0004", 0, "latin1");
  let block = createHash("sha256").update(id).digest();
  for (let at = 4; at < size; at += block.length) {
    block.copy(out, at, 0, Math.min(block.length, size - at));
    block = createHash("sha256").update(block).digest();
  }
  return out;
}

function reportStatus(ctx: RouteContext, id: string): "pending" | "completed" | "failed" | undefined {
  const report = ctx.state.reports.get(id);
  if (!report) return undefined;
  if (ctx.now() - report.createdAt < (ctx.state.account.reportReadyAfterMs ?? 1500)) return "pending";
  return ctx.state.account.failReports ? "failed" : "completed";
}

function assistanceFor(ctx: RouteContext, body: Body): { key: string } | SimReply {
  const target = assistanceTarget(body);
  if (!target) return fail(400, MISSING_TARGET);
  if (target.deviceSerialNumber && !DEVICES.some((d) => d.serialNumber === target.deviceSerialNumber)) return fail(404, "Device could not be found from the data submitted");
  if (target.building && !DEVICES.some((d) => d.building === target.building && d.floor === target.floor && d.room === target.room)) {
    return fail(404, "Device could not be found from the data submitted");
  }
  if (target.department && !DEVICES.some((d) => d.department === target.department && d.room === target.room)) return fail(404, "Device could not be found from the data submitted");
  return { key: JSON.stringify(Object.entries(target).sort()) };
}

const ROUTES: [string, string, Handler][] = [
  ["POST", "/patients", (ctx, body) => {
    if (typeof body.id !== "string" || body.id === "") return fail(422, "Field id is required");
    const problem = patientProblem(body);
    if (problem) return fail(422, problem);
    if (ctx.state.patients.has(body.id)) return fail(422, "Patient with this id already exists");
    const patient: SimPatient = { id: body.id, spid: ctx.state.newSpid(), hsid: typeof body.mrn === "string" ? body.mrn : undefined, demographics: body };
    ctx.state.patients.set(patient.id, patient);
    ctx.hooks.emit(ctx.state, "patient:created", { patientId: patient.spid });
    return ok(patient.spid);
  }],
  ["GET", "/patients/id/type/SPID/value/:spid", (ctx) => {
    const p = patientOr404(ctx, "spid");
    return isReply(p) ? p : ok(p.demographics);
  }],
  ["PUT", "/patients/id/type/SPID/value/:spid", (ctx, body) => {
    const p = patientOr404(ctx, "spid");
    return isReply(p) ? p : updatePatient(ctx, body, p);
  }],
  ["POST", "/patients/id/type/SPID/value/:spid/appointments", (ctx, body) => {
    const p = patientOr404(ctx, "spid");
    return isReply(p) ? p : createAppointment(ctx, body, p);
  }],
  ["POST", "/patients/HSID/:hsid/appointments", (ctx, body) => {
    const p = patientOr404(ctx, "hsid");
    return isReply(p) ? p : createAppointment(ctx, body, p);
  }],
  ["GET", "/patients/:patientId", (ctx) => {
    const p = patientOr404(ctx, "id");
    return isReply(p) ? p : ok(p.demographics);
  }],
  ["PUT", "/patients/:patientId", (ctx, body) => {
    const p = patientOr404(ctx, "id");
    return isReply(p) ? p : updatePatient(ctx, body, p);
  }],
  ["POST", "/patients/:patientId/appointments", (ctx, body) => {
    const p = patientOr404(ctx, "id");
    return isReply(p) ? p : createAppointment(ctx, body, p);
  }],
  ["POST", "/patients/:patientId/documents", (ctx, body) => {
    const p = patientOr404(ctx, "id");
    if (isReply(p)) return p;
    const problem = documentProblem(body);
    if (problem) return fail(400, problem);
    ctx.state.documents.push({ patientId: p.id, document: body });
    return ok([]);
  }],
  ["POST", "/patients/:patientId/episodes", (ctx, body) => {
    const p = patientOr404(ctx, "id");
    return isReply(p) ? p : saveEpisode(ctx, body, ctx.state.uuid(), p.id, true);
  }],
  ["GET", "/patients/:patientId/episodes", (ctx) => {
    const p = patientOr404(ctx, "id");
    if (isReply(p)) return p;
    const episodes = [...ctx.state.episodes.values()].filter((e) => e.patientId === p.id).map((e) => ({ ...episodeView(ctx, e.id), patientId: p.id }));
    return ok({ episodes });
  }],
  ["GET", "/appointments/id/type/SAID/value/:said/video-call-links", (ctx) => {
    const a = ctx.state.appointments.get(Number(ctx.params.said));
    return a ? videoCallLinks(ctx, a) : NOT_FOUND("Appointment");
  }],
  ["GET", "/appointments/:appointmentId/video-call-links", (ctx) => {
    const a = ctx.state.appointmentByExternalId(ctx.params.appointmentId!);
    return a ? videoCallLinks(ctx, a) : NOT_FOUND("Appointment");
  }],
  ["GET", "/appointments/:appointmentId/provider-link", (ctx) => {
    const a = appointmentOr404(ctx);
    return isReply(a) ? a : ok({ id: a.id, providerVisitUrl: `${ctx.baseUrl}/provider/visit/${a.id}` });
  }],
  ["GET", "/appointments/:appointmentId/msteams-provider-link", (ctx) => {
    const expected = ctx.state.account.teamsAuthToken;
    if (!expected || ctx.req.headers["teams-auth-token"] !== expected) return fail(403, "Invalid Teams-Auth-Token");
    const a = appointmentOr404(ctx);
    return isReply(a) ? a : ok({ id: a.id, msTeamsProviderVisitUrl: `https://teams.microsoft.com/v2/?meetingjoin=true&appointment=${a.id}` });
  }],
  ["GET", "/appointments/:appointmentId", (ctx) => {
    const a = appointmentOr404(ctx);
    return isReply(a) ? a : ok(appointmentView(ctx, a));
  }],
  ["PUT", "/appointments/:appointmentId", (ctx, body) => {
    const a = appointmentOr404(ctx);
    if (isReply(a)) return a;
    const problem = appointmentProblem(body, false);
    if (problem) return fail(422, problem);
    const rescheduled = body.date !== undefined && body.date !== a.date;
    Object.assign(a, body);
    if (body.status === "cancelled") ctx.hooks.emit(ctx.state, "appointment:cancelled", { appointmentId: a.id });
    else if (rescheduled) ctx.hooks.emit(ctx.state, "appointment:rescheduled", { appointmentId: a.id });
    return ok({ id: a.id, visitUrl: `${ctx.baseUrl}/checkin/${a.id}` });
  }],
  ["GET", "/waiting-rooms", () => ok(WAITING_ROOMS.map(({ slotDuration: _d, ...room }) => room))],
  ["GET", "/appointments/:appointmentId/visit-note", (ctx) => {
    const a = appointmentOr404(ctx);
    if (isReply(a)) return a;
    const answered = ctx.state.visitNotes.get(String(a.id));
    return ok([
      {
        id: "be9180f7-b0c0-42a5-9b14-c8b67a3b4c0f",
        template: { name: (answered?.name as string | undefined) ?? "template2", flow: { sections: [] } },
        comments: [],
        responses: ((answered?.questions as { id: string; value: string[] }[] | undefined) ?? []).map((q) => ({ question: [q.id], response: q.value })),
      },
    ]);
  }],
  ["PUT", "/appointments/:appointmentId/visit-note", (ctx, body) => {
    const a = appointmentOr404(ctx);
    if (isReply(a)) return a;
    ctx.state.visitNotes.set(String(a.id), body);
    return ok([]);
  }],
  ["PUT", "/appointments/:appointmentId/episode/assign", (ctx, body) => {
    const a = appointmentOr404(ctx);
    if (isReply(a)) return a;
    if (body.episodeId !== undefined && !ctx.state.episodes.has(String(body.episodeId))) return NOT_FOUND("Episode");
    a.episodeOfCareId = (body.episodeId as string | undefined) ?? null;
    return ok([]);
  }],
  ["GET", "/appointment-slots", (ctx) => {
    const q = ctx.req.query;
    const after = Number(q.get("after"));
    const before = Number(q.get("before"));
    const room = WAITING_ROOMS.find((r) => r.name === q.get("waitingRoom"));
    if (!q.get("after") || !q.get("before") || !q.get("waitingRoom") || !Number.isInteger(after) || !Number.isInteger(before)) return fail(400, "All fields are required");
    if (!room) return fail(404, "Waiting room not found");
    const duration = q.get("duration") ? Number(q.get("duration")) : room.slotDuration;
    if (!Number.isInteger(duration) || duration < 1 || duration > 86_400) return fail(422, "Field duration should be in range [1, 86400]");
    const slots: { date: number; duration: number }[] = [];
    for (let at = Math.ceil(after / duration) * duration; at + duration <= before && slots.length < 500; at += duration) slots.push({ date: at, duration });
    return ok(slots);
  }],
  ["POST", "/appointments/:appointmentId/attachments", (ctx) => {
    const a = appointmentOr404(ctx);
    if (isReply(a)) return a;
    const mimeType = String(ctx.req.headers["content-type"] ?? "").split(";")[0]!.trim();
    if (!ATTACHMENT_TYPES.includes(mimeType)) {
      return failNested(422, `Mime type "${mimeType}" not supported. Available file mime-types: ${ATTACHMENT_TYPES.map((t) => `"${t}"`).join(", ")}`);
    }
    const bytes = ctx.req.body;
    if (bytes.length > MAX_ATTACHMENT_BYTES) return failNested(422, "File is too large. Max file size: 5Mb");
    if (!sniff(bytes) || !mimeType.includes(sniff(bytes)!)) return failNested(422, "File content does not match its mime type");
    const attachment = {
      id: ctx.state.uuid(),
      appointmentId: String(a.id),
      title: ctx.req.query.get("fileName") ?? `attachment-${ctx.state.attachments.size + 1}`,
      mimeType,
      size: bytes.length,
      uploadedAt: new Date(ctx.now()).toISOString().replace(/\.\d{3}Z$/, "+00:00"),
      deleted: false,
      bytes: Buffer.from(bytes),
    };
    ctx.state.attachments.set(attachment.id, attachment);
    const { bytes: _b, ...view } = attachment;
    return ok(view);
  }],
  ["GET", "/appointments/:appointmentId/attachments", (ctx) => {
    const a = appointmentOr404(ctx);
    if (isReply(a)) return a;
    const attachments = [...ctx.state.attachments.values()].filter((f) => f.appointmentId === String(a.id) && !f.deleted).map(({ bytes: _b, ...view }) => view);
    return ok({ attachments });
  }],
  ["DELETE", "/appointments/:appointmentId/attachments/:attachmentId", (ctx) => {
    const a = appointmentOr404(ctx);
    if (isReply(a)) return a;
    const file = ctx.state.attachments.get(ctx.params.attachmentId!);
    if (!file || file.deleted || file.appointmentId !== String(a.id)) return NOT_FOUND("Attachment");
    file.deleted = true;
    return { status: 200, body: undefined };
  }],
  ["GET", "/episodes/:episodeId", (ctx) => (ctx.state.episodes.has(ctx.params.episodeId!) ? ok(episodeView(ctx, ctx.params.episodeId!)) : NOT_FOUND("Episode"))],
  ["PUT", "/episodes/:episodeId", (ctx, body) => {
    const episode = ctx.state.episodes.get(ctx.params.episodeId!);
    return episode ? saveEpisode(ctx, body, episode.id, episode.patientId, false) : NOT_FOUND("Episode");
  }],
  ["GET", "/episodes/:episodeId/appointments", (ctx) => {
    const id = ctx.params.episodeId!;
    if (!ctx.state.episodes.has(id)) return NOT_FOUND("Episode");
    const appointments = [...ctx.state.appointments.values()]
      .filter((a) => a.episodeOfCareId === id)
      .map((a) => ({ appointmentId: a.id, date: a.date, reasons: a.reasons, hasNotes: ctx.state.visitNotes.has(String(a.id)), episodeOfCareId: id }));
    return ok({ episode: episodeView(ctx, id), appointments });
  }],
  ["GET", "/reports/csv-data-dump", (ctx) => {
    const from = ctx.req.query.get("from");
    const to = ctx.req.query.get("to");
    if (!from || !to || !/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return fail(400, "All parameters are required");
    const start = Date.parse(`${from}T00:00:00Z`) / 1000;
    const end = Date.parse(`${to}T00:00:00Z`) / 1000 + 86_400;
    const rows = [...ctx.state.appointments.values()].filter((a) => a.date >= start && a.date < end).map((a) => `${a.id},${a.date},${a.status},"${a.waitingRoom}"`);
    return { status: 200, body: Buffer.from(["appointmentId,date,status,waitingRoom", ...rows].join("\n") + "\n"), contentType: "application/octet-stream" };
  }],
  ["POST", "/encounter-report/create", (ctx, body) => {
    for (const field of ["from", "to", "presetId", "password"]) if (typeof body[field] !== "string") return fail(400, `Field ${field} is required`);
    const atom = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
    if (!atom.test(String(body.from)) || !atom.test(String(body.to))) return fail(400, "Fields from and to must be in ATOM format (Y-m-d\\TH:i:sP)");
    const id = ctx.state.uuid();
    ctx.state.reports.set(id, { id, createdAt: ctx.now(), request: body });
    return ok({ id, status: "pending" });
  }],
  ["GET", "/encounter-report/status/:reportId", (ctx) => {
    const status = reportStatus(ctx, ctx.params.reportId!);
    return status ? ok({ id: ctx.params.reportId, status }) : NOT_FOUND("Report");
  }],
  ["GET", "/encounter-report/download/:reportId", (ctx) => {
    const status = reportStatus(ctx, ctx.params.reportId!);
    if (!status) return NOT_FOUND("Report");
    if (status !== "completed") return fail(422, `Report is ${status}`);
    return { status: 200, body: reportBytes(ctx.params.reportId!, ctx.state.account.reportBytes ?? 2048), contentType: "application/octet-stream" };
  }],
  ["POST", "/perfect-answer", (ctx, body) => {
    const problem = perfectAnswerProblem(body);
    if (problem) return failNested(400, problem);
    const last = ctx.state.perfectAnswers.get(String(body.mrn));
    if (last !== undefined && ctx.now() - last < 86_400_000) return failNested(422, "A visit has already been created for the patient within 24 hours");
    ctx.state.perfectAnswers.set(String(body.mrn), ctx.now());
    return ok({ patientId: ctx.state.uuid(), encounterId: ctx.state.uuid() });
  }],
  ["POST", "/webhooks", (ctx, body) => {
    const problem = webhookProblem(body);
    if (problem) return fail(422, problem);
    const hook = { id: ctx.state.uuid(), endpoint: String(body.endpoint), events: body.events as string[], encryptionKey: Buffer.from(ctx.state.uuid()).toString("base64").slice(0, 24), active: true };
    ctx.state.webhooks.set(hook.id, hook);
    return ok({ id: hook.id, endpoint: hook.endpoint, events: hook.events, encryptionKey: hook.encryptionKey });
  }],
  ["GET", "/webhooks", (ctx) => ok([...ctx.state.webhooks.values()].filter((h) => h.active).map(({ id, endpoint, events }) => ({ id, endpoint, events })))],
  ["GET", "/webhooks/:webhookId", (ctx) => {
    const hook = ctx.state.webhooks.get(ctx.params.webhookId!);
    return hook?.active ? ok({ id: hook.id, endpoint: hook.endpoint, events: hook.events, encryptionKey: hook.encryptionKey }) : NOT_FOUND("Webhook");
  }],
  ["PUT", "/webhooks/:webhookId", (ctx, body) => {
    const hook = ctx.state.webhooks.get(ctx.params.webhookId!);
    if (!hook?.active) return NOT_FOUND("Webhook");
    const problem = webhookProblem(body);
    if (problem) return fail(422, problem);
    Object.assign(hook, { endpoint: body.endpoint, events: body.events });
    return ok({ id: hook.id, endpoint: hook.endpoint, events: hook.events });
  }],
  ["DELETE", "/webhooks/:webhookId", (ctx) => {
    const hook = ctx.state.webhooks.get(ctx.params.webhookId!);
    if (!hook?.active) return NOT_FOUND("Webhook");
    hook.active = false;
    return { status: 200, body: undefined };
  }],
  ["POST", "/request-assistance", (ctx, body) => {
    const found = assistanceFor(ctx, body);
    if (isReply(found)) return found;
    const device = DEVICES[0]!;
    const request = { id: ctx.state.uuid(), target: assistanceTarget(body)!, status: "incomplete", createdAt: new Date(ctx.now()).toISOString() };
    ctx.state.assistance.set(found.key, request);
    return ok({ id: request.id, device: device.serialNumber, room: `Room ${device.room}`, status: request.status, createdAt: request.createdAt, finishedAt: null, assignedTo: null, avSessions: [], createdFromExternalApi: true });
  }],
  ["GET", "/request-assistance", (ctx, body) => {
    const found = assistanceFor(ctx, body);
    if (isReply(found)) return found;
    const request = ctx.state.assistance.get(found.key);
    return request ? ok({ id: request.id, status: request.status, createdAt: request.createdAt, createdFromExternalApi: true }) : fail(404, "Service Request Error: Request not found");
  }],
  ["DELETE", "/request-assistance", (ctx, body) => {
    const found = assistanceFor(ctx, body);
    if (isReply(found)) return found;
    if (!ctx.state.assistance.delete(found.key)) return fail(404, "Service Request Error: Request not found");
    return { status: 200, body: undefined };
  }],
];

const COMPILED = ROUTES.map(([method, pattern, handler]) => {
  const names: string[] = [];
  const source = pattern.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { method, regex: new RegExp(`^${source}$`), names, handler };
});

/** The handler for a path under /qapi/v1, with its parameters; undefined when the docs have no such path. */
export function matchSoloRoute(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
  for (const route of COMPILED) {
    if (route.method !== method) continue;
    const m = route.regex.exec(path);
    if (m) return { handler: route.handler, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return undefined;
}

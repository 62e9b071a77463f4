import type { SimReply, SimRequest } from "../server";
import type { HealthdockAccountState, SimAppointment, SimPatient } from "./accounts";
import type { OAuthTokens } from "./oauth";

/**
 * HealthDock's API under `/v1` as ../shared/vendor-docs/healthdock-api.txt documents it: Bearer
 * API key (or an OAuth access token); the `{"success", "data"}` envelope with `pagination`
 * (current_page, total_pages, total_count); errors as `{"success": false, "error": {code,
 * message, details: {field, issue}}}` under the documented statuses; X-RateLimit-Limit,
 * -Remaining and -Reset (epoch seconds) on every answer, and 429 past the limit.
 */
export const hdError = (status: number, code: string, message: string, details?: { field: string; issue: string }, headers?: Record<string, string>): SimReply => ({
  status,
  body: { success: false, error: { code, message, ...(details && { details }) } },
  ...(headers && { headers }),
});

const ok = (data: unknown, status = 200): SimReply => ({ status, body: { success: true, data } });

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ABHA = /^(\d{14}|\d{2}-\d{4}-\d{4}-\d{4})$/;

function realDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return DATE.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

const invalid = (field: string, issue: string) => hdError(400, "INVALID_REQUEST", "The request parameters are invalid", { field, issue });

function paged<T>(items: T[], query: URLSearchParams, key: string): SimReply {
  const page = Number(query.get("page") ?? "1");
  const limit = Number(query.get("limit") ?? "10");
  if (!Number.isInteger(page) || page < 1) return invalid("page", "must be a positive integer");
  if (!Number.isInteger(limit) || limit < 1) return invalid("limit", "must be a positive integer");
  if (limit > 100) return invalid("limit", "must be at most 100");
  const total_pages = Math.max(1, Math.ceil(items.length / limit));
  return ok({ [key]: items.slice((page - 1) * limit, page * limit), pagination: { current_page: page, total_pages, total_count: items.length } });
}

function jsonBody(req: SimRequest): Record<string, unknown> | SimReply {
  if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) return hdError(400, "INVALID_REQUEST", "Content-Type must be application/json");
  try {
    const body: unknown = JSON.parse(req.body.toString("utf8"));
    if (typeof body === "object" && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // Answered below.
  }
  return hdError(400, "INVALID_REQUEST", "The body is not a JSON object");
}

const isReply = (value: unknown): value is SimReply => typeof value === "object" && value !== null && "status" in value && "body" in value;

function createPatient(state: HealthdockAccountState, body: Record<string, unknown>, now: number): SimReply | SimPatient {
  for (const field of ["first_name", "last_name", "date_of_birth", "gender", "phone"]) {
    if (typeof body[field] !== "string" || body[field] === "") return invalid(field, "is required");
  }
  const b = body as Record<string, string>;
  if (!realDate(b.date_of_birth!)) return invalid("date_of_birth", "Invalid date format");
  if (!["M", "F", "Other"].includes(b.gender!)) return invalid("gender", "must be M, F or Other");
  if (body.abha_number !== undefined && (typeof body.abha_number !== "string" || !ABHA.test(body.abha_number))) return invalid("abha_number", "Invalid ABHA number");
  const known = Object.keys(body).filter((k) => !["first_name", "last_name", "date_of_birth", "gender", "phone", "abha_number"].includes(k));
  if (known.length) return invalid(known[0]!, "is not a patient field");
  // A refusal that echoes the patient, as vendors' messages do: our side must not repeat it.
  if (state.patients.some((p) => p.phone === b.phone && p.date_of_birth === b.date_of_birth)) {
    return hdError(409, "DUPLICATE_PATIENT", `Patient ${b.first_name} ${b.last_name} (${b.phone}) already exists`, { field: "phone", issue: `${b.phone} is taken` });
  }
  const patient: SimPatient = {
    patient_id: `PAT${String(state.patients.length + 1).padStart(6, "0")}`,
    first_name: b.first_name!,
    last_name: b.last_name!,
    date_of_birth: b.date_of_birth!,
    gender: b.gender!,
    phone: b.phone!,
    ...(b.abha_number && { abha_number: b.abha_number }),
    created_at: new Date(now).toISOString(),
  };
  state.patients.push(patient);
  return patient;
}

function createAppointment(state: HealthdockAccountState, body: Record<string, unknown>): SimReply | SimAppointment {
  for (const field of ["patient_id", "doctor_id", "date_time"]) {
    if (typeof body[field] !== "string" || body[field] === "") return invalid(field, "is required");
  }
  const b = body as Record<string, unknown>;
  if (!INSTANT.test(String(b.date_time)) || Number.isNaN(Date.parse(String(b.date_time)))) return invalid("date_time", "must be ISO 8601");
  if (b.duration !== undefined && (!Number.isInteger(b.duration) || (b.duration as number) < 1)) return invalid("duration", "must be a positive integer");
  if (b.type !== undefined && !["consultation", "follow-up", "procedure"].includes(String(b.type))) return invalid("type", "must be consultation, follow-up or procedure");
  if (!state.patients.some((p) => p.patient_id === b.patient_id)) return hdError(404, "NOT_FOUND", "Patient not found", { field: "patient_id", issue: "no such patient" });
  const appointment: SimAppointment = {
    appointment_id: `APT${String(state.appointments.length + 1).padStart(6, "0")}`,
    patient_id: String(b.patient_id),
    doctor_id: String(b.doctor_id),
    date_time: String(b.date_time),
    duration: (b.duration as number | undefined) ?? 30,
    type: (b.type as string | undefined) ?? "consultation",
    status: "scheduled",
  };
  state.appointments.push(appointment);
  return appointment;
}

/** Fixed windows aligned to the epoch; Reset is the window's end in epoch seconds. */
function rateLimit(state: HealthdockAccountState, at: number): { allowed: boolean; headers: Record<string, string> } {
  const limit = state.account.rateLimit ?? 1000;
  const windowMs = state.account.windowMs ?? 3_600_000;
  const start = Math.floor(at / windowMs) * windowMs;
  if (state.window.start !== start) state.window = { start, used: 0 };
  const allowed = state.window.used < limit;
  if (allowed) state.window.used += 1;
  else state.rateLimited += 1;
  return {
    allowed,
    headers: { "X-RateLimit-Limit": String(limit), "X-RateLimit-Remaining": String(limit - state.window.used), "X-RateLimit-Reset": String(Math.ceil((start + windowMs) / 1000)) },
  };
}

export interface ApiEvents {
  created(state: HealthdockAccountState, event: string, data: Record<string, unknown>): void;
}

export function serveApi(req: SimRequest, accounts: Map<string, HealthdockAccountState>, tokens: OAuthTokens, now: number, events: ApiEvents): SimReply {
  const bearer = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
  const byKey = bearer === undefined ? undefined : [...accounts.values()].find((s) => s.account.apiKey !== undefined && s.account.apiKey === bearer);
  const issued = bearer === undefined ? undefined : tokens.access.get(bearer);
  if (!byKey && issued && issued.expiresAt <= now) return hdError(401, "TOKEN_EXPIRED", "The access token has expired");
  const state = byKey ?? (issued ? accounts.get(issued.accountId) : undefined);
  if (!state) return hdError(401, "UNAUTHORIZED", "Invalid or missing API key");
  const limit = rateLimit(state, req.receivedAt);
  if (!limit.allowed) return hdError(429, "RATE_LIMIT_EXCEEDED", "Rate limit exceeded", undefined, limit.headers);
  const reply = (r: SimReply): SimReply => ({ ...r, headers: { ...limit.headers, ...r.headers } });

  switch (`${req.method} ${req.path}`) {
    case "GET /v1/patients": {
      const search = req.query.get("search")?.toLowerCase();
      const patients = search ? state.patients.filter((p) => `${p.first_name} ${p.last_name} ${p.patient_id}`.toLowerCase().includes(search)) : state.patients;
      return reply(paged(patients, req.query, "patients"));
    }
    case "POST /v1/patients": {
      const body = jsonBody(req);
      if (isReply(body)) return reply(body);
      const created = createPatient(state, body, now);
      if (isReply(created)) return reply(created);
      events.created(state, "patient.created", { ...created });
      return reply(ok(created, 201));
    }
    case "GET /v1/appointments": {
      const q = req.query;
      if (q.has("date") && !realDate(q.get("date")!)) return reply(invalid("date", "Invalid date format"));
      const status = q.get("status");
      if (status !== null && !["scheduled", "confirmed", "completed", "cancelled"].includes(status)) return reply(invalid("status", "unknown status"));
      const list = state.appointments.filter((a) => (!q.has("date") || a.date_time.startsWith(q.get("date")!)) && (!q.has("doctor_id") || a.doctor_id === q.get("doctor_id")) && (status === null || a.status === status));
      return reply(paged(list, q, "appointments"));
    }
    case "POST /v1/appointments": {
      const body = jsonBody(req);
      if (isReply(body)) return reply(body);
      const created = createAppointment(state, body);
      if (isReply(created)) return reply(created);
      events.created(state, "appointment.created", { ...created });
      return reply(ok(created, 201));
    }
    default:
      return reply(hdError(404, "NOT_FOUND", "Resource not found"));
  }
}

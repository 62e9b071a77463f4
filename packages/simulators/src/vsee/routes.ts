import type { SimHandler, SimReply, SimRequest } from "../server";
import { parseBody, type BodyKind } from "../form-body";
import { newToken, newUuid, type SimUser, type SimVisit, type VseeAccountState } from "./accounts";

/**
 * The VSee Clinic API v3 as ../shared/vendor-docs/vsee-clinic-api.txt and vendor-api-notes.md show
 * it, under `/api_v3`: `X-AccountCode` on every call; `X-ApiToken` (the account's admin token or
 * a user's SSO token, which expires) except on SSO, which takes `X-ApiKey`, as do e-consults;
 * bodies in the media type each endpoint's curl uses (anything else is refused, so a client
 * sending the wrong kind is caught); answers wrapped in `{"data": …}` with the docs' mix of
 * numeric strings and numbers; errors as `{"error": {"code", "message"}}`.
 */
export const BASE_PATH = "/api_v3";

const vseeError = (status: number, message: string, headers?: Record<string, string>): SimReply => ({ status, body: { error: { code: status, message } }, ...(headers && { headers }) });
const data = (value: unknown, status = 200): SimReply => ({ status, body: { data: value } });

type Caller = { kind: "admin" } | { kind: "user"; user: SimUser };

interface Context {
  state: VseeAccountState;
  caller: Caller;
  fields: Record<string, unknown>;
  query: URLSearchParams;
  seconds: number;
  base: string;
}

const text = (value: unknown) => (value === undefined || value === null ? undefined : String(value));
const isMember = (caller: Caller) => caller.kind === "user" && caller.user.type === 200;

function canSee(caller: Caller, visit: SimVisit): boolean {
  return !isMember(caller) || (caller as { user: SimUser }).user.id === visit.member_id;
}

function person(state: VseeAccountState, id: string) {
  const user = [...state.users.values()].find((u) => u.id === id);
  if (user) return { id: user.id, code: user.code, first_name: user.first_name, last_name: user.last_name, vseeid: `${state.account.accountCode}+${user.username}`, ...(user.dob && { dob: user.dob }) };
  const provider = state.providers.find((p) => p.id === id);
  return provider ? { ...provider, vseeid: `${state.account.accountCode}+user${provider.id}`, title: "" } : null;
}

/** As the walk-in, list and current-visit examples: ids, times and codes as strings. */
function asStrings(state: VseeAccountState, v: SimVisit) {
  return {
    id: v.id,
    member_id: v.member_id,
    provider_id: v.provider_id,
    account_code: state.account.accountCode,
    code: v.id.padStart(32, "0"),
    start: String(v.start),
    end: String(v.end),
    actual_start: null,
    actual_end: v.status === 40 ? String(v.modified) : null,
    type: String(v.type),
    status: String(v.status),
    created: v.created,
    modified: v.modified,
    _id: v.id,
    member: person(state, v.member_id),
    provider: person(state, v.provider_id),
    ...(v.intake_id && { intake: { ...state.intakes.get(v.intake_id), visit_id: v.id } }),
    ...v.extra,
  };
}

/** As the e-consult, appointment and visit examples: numbers where those have numbers. */
function asNumbers(state: VseeAccountState, v: SimVisit) {
  return {
    id: v.id,
    member_id: Number(v.member_id),
    provider_id: Number(v.provider_id),
    account_code: state.account.accountCode,
    code: v.id.padStart(32, "0"),
    start: v.start,
    end: v.end,
    type: v.type,
    status: v.status,
    created: v.created,
    modified: v.modified,
    room_code: v.room_code ?? null,
    intake_id: v.intake_id ?? null,
    member: person(state, v.member_id),
    provider: person(state, v.provider_id),
    ...v.extra,
  };
}

function memberFor(ctx: Context, intake: Record<string, unknown> | undefined): string | undefined {
  if (isMember(ctx.caller)) return (ctx.caller as { user: SimUser }).user.id;
  return text(ctx.fields.member_id) ?? text(intake?.member_id);
}

function newVisit(ctx: Context, init: Omit<SimVisit, "id" | "created" | "modified" | "extra"> & { extra?: Record<string, unknown> }): SimVisit {
  const visit: SimVisit = { extra: {}, ...init, id: String(ctx.state.nextId++), created: ctx.seconds, modified: ctx.seconds };
  ctx.state.visits.set(visit.id, visit);
  return visit;
}

function visitOf(ctx: Context, id: string | undefined): SimVisit | SimReply {
  const visit = id === undefined ? undefined : ctx.state.visits.get(id);
  if (!visit) return vseeError(404, "Visit not found");
  if (!canSee(ctx.caller, visit)) return vseeError(403, "You have no access to this visit");
  return visit;
}

const isReply = (value: unknown): value is SimReply => typeof value === "object" && value !== null && "status" in value && "body" in value;

type Route = { method: string; pattern: RegExp; body?: BodyKind; apiKey?: boolean; run(ctx: Context, params: string[]): SimReply };

const ROUTES: Route[] = [
  {
    method: "POST",
    pattern: /^\/intakes$/,
    body: "form",
    run: (ctx) => {
      const id = newUuid();
      const { reset: _reset, ...fields } = ctx.fields;
      const member = memberFor(ctx, undefined);
      ctx.state.intakes.set(id, { ...fields, ...(member && { member_id: member }), type: text(fields.type) ?? "1", created: ctx.seconds, modified: ctx.seconds, id });
      const custom = Object.fromEntries(Object.entries(fields).filter(([k]) => k.startsWith("custom_")));
      return data({ id, ...custom });
    },
  },
  {
    method: "POST",
    pattern: /^\/intakes\/([^/]+)$/,
    body: "multipart",
    run: (ctx, [id]) => {
      const intake = ctx.state.intakes.get(id!);
      if (!intake) return vseeError(404, "Intake not found");
      Object.assign(intake, ctx.fields, { modified: ctx.seconds });
      return data({ id });
    },
  },
  {
    method: "GET",
    pattern: /^\/intakes\/([^/]+)$/,
    run: (ctx, [id]) => {
      const intake = ctx.state.intakes.get(id!);
      return intake ? data(intake) : vseeError(404, "Intake not found");
    },
  },
  {
    method: "POST",
    pattern: /^\/visits\/add_walkin$/,
    body: "multipart",
    run: (ctx) => {
      const providerId = text(ctx.fields.provider_id);
      if (!ctx.state.providers.some((p) => p.id === providerId)) return vseeError(400, "Invalid provider_id");
      const intakeId = text(ctx.fields.intake_id);
      const intake = intakeId === undefined ? undefined : ctx.state.intakes.get(intakeId);
      if (intakeId !== undefined && !intake) return vseeError(404, "Intake not found");
      const member = memberFor(ctx, intake);
      if (!member) return vseeError(400, "A member is required");
      const visit = newVisit(ctx, { member_id: member, provider_id: providerId!, type: 1, status: 10, start: ctx.seconds, end: ctx.seconds + 900, room_code: text(ctx.fields.room_code), intake_id: intakeId });
      return data(asStrings(ctx.state, visit));
    },
  },
  {
    method: "POST",
    pattern: /^\/visits\/add_econsult$/,
    body: "json",
    apiKey: true,
    run: (ctx) => {
      const intakeId = text(ctx.fields.intake_id);
      const intake = intakeId === undefined ? undefined : ctx.state.intakes.get(intakeId);
      if (!intake) return vseeError(404, "Intake not found");
      const member = memberFor(ctx, intake);
      if (!member) return vseeError(400, "A member is required");
      const visit = newVisit(ctx, { member_id: member, provider_id: "0", type: 3, status: 20, start: ctx.seconds, end: ctx.seconds + 900, room_code: text(ctx.fields.room_code), intake_id: intakeId, extra: { expiry: ctx.seconds + 15_300, subtype: 4 } });
      return data(asNumbers(ctx.state, visit));
    },
  },
  {
    method: "GET",
    pattern: /^\/availability$/,
    run: (ctx) => {
      const first = Math.ceil(ctx.seconds / 900) * 900 + 3600;
      // A provider with an open appointment overlapping a slot is not free in it.
      const busy = (providerId: string, start: number, end: number) =>
        [...ctx.state.visits.values()].some((v) => v.type === 2 && v.status < 40 && v.provider_id === providerId && v.start < end && v.end > start);
      return data(
        Array.from({ length: 8 }, (_, i) => {
          const [start, end] = [first + i * 900, first + (i + 1) * 900];
          return { start, end, providers: ctx.state.providers.map((p) => p.id).filter((id) => !busy(id, start, end)) };
        }),
      );
    },
  },
  {
    method: "POST",
    pattern: /^\/visits$/,
    body: "multipart",
    run: (ctx) => {
      const start = Number(ctx.fields.slot_start);
      const end = Number(ctx.fields.slot_end);
      if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start) return vseeError(400, "slot_start and slot_end must be Unix seconds, start before end");
      if (text(ctx.fields.type) !== "2") return vseeError(400, "type must be 2 (appointment)");
      const intakeId = text(ctx.fields.intakeId);
      const intake = intakeId === undefined ? undefined : ctx.state.intakes.get(intakeId);
      if (intakeId !== undefined && !intake) return vseeError(404, "Intake not found");
      const member = memberFor(ctx, intake);
      if (!member) return vseeError(400, "member_id is required");
      const visit = newVisit(ctx, { member_id: member, provider_id: text(intake?.provider) ?? ctx.state.providers[0]!.id, type: 2, status: 20, start, end, intake_id: intakeId });
      return data(asNumbers(ctx.state, visit));
    },
  },
  {
    method: "POST",
    pattern: /^\/visits\/close$/,
    body: "multipart",
    run: (ctx) => {
      const visit = visitOf(ctx, text(ctx.fields.id));
      if (isReply(visit)) return visit;
      Object.assign(visit, { status: 40, modified: ctx.seconds });
      return data({ id: visit.id });
    },
  },
  {
    method: "POST",
    pattern: /^\/visits\/delete$/,
    body: "multipart",
    run: (ctx) => {
      const visit = visitOf(ctx, text(ctx.fields.id));
      if (isReply(visit)) return visit;
      ctx.state.visits.delete(visit.id);
      return data({ id: visit.id });
    },
  },
  {
    method: "GET",
    pattern: /^\/visits$/,
    run: (ctx) => {
      const type = ctx.query.get("type");
      const status = ctx.query.get("status");
      const visits = [...ctx.state.visits.values()].filter((v) => canSee(ctx.caller, v) && (type === null || String(v.type) === type) && (status === null || String(v.status) === status));
      return data(visits.map((v) => asStrings(ctx.state, v)));
    },
  },
  {
    method: "GET",
    pattern: /^\/visits\/current$/,
    run: (ctx) => {
      if (ctx.caller.kind !== "user") return vseeError(400, "The current visit is a user's: use the user's token");
      const id = ctx.caller.user.id;
      const current = [...ctx.state.visits.values()].filter((v) => (v.member_id === id || v.provider_id === id) && v.status < 40).at(-1);
      return current ? data(asStrings(ctx.state, current)) : vseeError(404, "No visit in progress");
    },
  },
  {
    method: "GET",
    pattern: /^\/visits\/([^/]+)$/,
    run: (ctx, [id]) => {
      const visit = visitOf(ctx, id);
      return isReply(visit) ? visit : data(asNumbers(ctx.state, visit));
    },
  },
  {
    method: "POST",
    pattern: /^\/visits\/([^/]+)$/,
    body: "multipart",
    run: (ctx, [id]) => {
      if (ctx.query.get("version") !== "2") return vseeError(400, "Updating an appointment needs version=2");
      const visit = visitOf(ctx, id);
      if (isReply(visit)) return visit;
      const f = ctx.fields;
      if (f.provider_id !== undefined) visit.provider_id = String(f.provider_id);
      if (f.member_id !== undefined) visit.member_id = String(f.member_id);
      if (f.slot_start !== undefined) visit.start = Number(f.slot_start);
      if (f.slot_end !== undefined) visit.end = Number(f.slot_end);
      if (f.status !== undefined) visit.status = Number(f.status);
      visit.modified = ctx.seconds;
      return data(asNumbers(ctx.state, visit));
    },
  },
  {
    method: "GET",
    pattern: /^\/visits\/([^/]+)\/exports\/visit_summary$/,
    run: (ctx, [id]) => {
      const visit = visitOf(ctx, id);
      return isReply(visit) ? visit : data({ url: `${ctx.base}/files/visit_summary/${visit.id}.pdf` });
    },
  },
];

const TYPES = new Set([200, 400, 600]);

/** POST /users/sso: creates the user on first use, maps the same code to the same user afterwards. */
function sso(state: VseeAccountState, fields: Record<string, unknown>, seconds: number): SimReply {
  const first = text(fields.first_name);
  const last = text(fields.last_name);
  if (!first || !last) return vseeError(400, "first_name and last_name are required");
  const type = Number(fields.type ?? 200);
  if (!TYPES.has(type)) return vseeError(400, "type must be 200, 400 or 600");
  const code = text(fields.code) ?? (type === 600 ? newToken() : undefined);
  if (!code) return vseeError(400, "code is required for members and providers");
  if (code.length > 128) return vseeError(400, "code is longer than 128 characters");
  const existing = state.users.get(code);
  const user: SimUser = existing ?? { id: String(state.nextId++), code, type, first_name: first, last_name: last, username: newToken() };
  Object.assign(user, { first_name: first, last_name: last, ...(fields.dob !== undefined && { dob: text(fields.dob) }), ...(fields.email !== undefined && { email: text(fields.email) }) });
  state.users.set(code, user);
  state.ssoLogins += 1;
  const token = newToken();
  const expiry = seconds + (state.account.tokenTtlSeconds ?? 86_400);
  state.tokens.set(token, { userId: user.id, expiresAt: expiry });
  return data({
    id: user.id,
    code: user.code,
    first_name: user.first_name,
    last_name: user.last_name,
    username: user.username,
    vseeid: `${state.account.accountCode}+${user.username}`,
    ...(user.dob && { dob: user.dob }),
    active: true,
    tos: false,
    subtype: "",
    token: { user_id: user.id, token, expiry, refresh_token: { user_id: user.id, token: newToken(), expiry: seconds + 30 * 86_400, created: seconds } },
  });
}

function callerOf(state: VseeAccountState, token: string | undefined, seconds: number): Caller | SimReply {
  if (!token) return vseeError(401, "X-ApiToken is required");
  if (token === state.account.apiToken) return { kind: "admin" };
  const issued = state.tokens.get(token);
  if (!issued) return vseeError(401, "Invalid token");
  if (issued.expiresAt <= seconds) return vseeError(401, "Token expired");
  const user = [...state.users.values()].find((u) => u.id === issued.userId);
  return user ? { kind: "user", user } : vseeError(401, "Invalid token");
}

function rateLimited(state: VseeAccountState, at: number): SimReply | undefined {
  const { requestsPerWindow: limit, windowMs = 60_000 } = state.account;
  if (limit === undefined) return undefined;
  const start = Math.floor(at / windowMs) * windowMs;
  if (state.window.start !== start) state.window = { start, used: 0 };
  if (state.window.used < limit) {
    state.window.used += 1;
    return undefined;
  }
  return vseeError(429, "Too many requests", { "Retry-After": String(Math.max(1, Math.ceil((start + windowMs - at) / 1000))) });
}

const header = (req: SimRequest, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function createVseeHandler(opts: { accounts: Map<string, VseeAccountState>; now: () => number; baseUrl: () => string }): SimHandler {
  return async (req) => {
    if (!req.path.startsWith(`${BASE_PATH}/`)) return vseeError(404, "Not found");
    const path = req.path.slice(BASE_PATH.length);
    const state = opts.accounts.get(header(req, "x-accountcode") ?? "");
    if (!state) return vseeError(401, "Unknown account (X-AccountCode)");
    const limited = rateLimited(state, req.receivedAt);
    if (limited) return limited;
    const seconds = Math.floor(opts.now() / 1000);
    const body = req.method === "POST" ? await parseBody(req) : undefined;

    if (req.method === "POST" && (path === "/users/sso" || path === "/users/sso.json")) {
      if (header(req, "x-apikey") !== state.account.apiKey) return vseeError(401, "Invalid API key");
      if (body?.kind !== "multipart") return vseeError(400, "Send the SSO fields as multipart/form-data");
      return sso(state, body.fields, seconds);
    }
    for (const route of ROUTES) {
      const match = route.method === req.method ? route.pattern.exec(path) : null;
      if (!match) continue;
      const caller = callerOf(state, header(req, "x-apitoken"), seconds);
      if (isReply(caller)) return caller;
      if (route.apiKey && header(req, "x-apikey") !== state.account.apiKey) return vseeError(401, "Invalid API key");
      if (route.body && body?.kind !== route.body) return vseeError(400, `This endpoint takes ${route.body === "form" ? "application/x-www-form-urlencoded" : route.body === "json" ? "application/json" : "multipart/form-data"}`);
      return route.run({ state, caller, fields: body?.fields ?? {}, query: req.query, seconds, base: opts.baseUrl() }, match.slice(1));
    }
    return vseeError(404, "Not found");
  };
}

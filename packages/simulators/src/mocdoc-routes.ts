import type { MocDocSimAccount } from "./mocdoc";

/**
 * MocDoc's endpoints as a table: adding one is a single entry. Handlers run only after
 * authentication, the EntityKey check and the rate limit have passed, and always answer
 * HTTP 200 — MocDoc reports business errors ("400" missed fields, "402" validation) in the
 * body's `status`, not in the HTTP status.
 */

/** MocDoc's body envelope; `status` is a string, as the vendor sends it. */
export interface MocDocBody {
  status: string;
  message?: string;
  [field: string]: unknown;
}

export interface MocDocAccountState {
  account: MocDocSimAccount;
  /** Simulator time of the last accepted request, for the per-account rate limit. */
  lastAcceptedAt: number | undefined;
  /** apptkeys booked through this account. */
  booked: Set<string>;
}

export interface MocDocRouteContext {
  state: MocDocAccountState;
  /** Decoded `{Name}` segments of the route pattern. */
  params: Record<string, string>;
  /** The parsed request body (JSON object or form fields); empty for routes without a body. */
  fields: Record<string, unknown>;
}

export interface MocDocRoute {
  method: "GET" | "POST";
  /** e.g. "/api/bookappt/{EntityKey}"; an {EntityKey} segment must match the caller's account. */
  pattern: string;
  /** Media types the body may have; undefined for bodyless GETs, which accept any signed Content-Type. */
  contentTypes?: readonly string[];
  handle(ctx: MocDocRouteContext): MocDocBody;
}

const LOCATIONS = [
  { entitylocation: "location1", name: "Main Clinic", landmark: "near temple" },
  { entitylocation: "location2", name: "Branch Clinic", landmark: "opposite bus stand" },
];

const BOOKAPPT_REQUIRED = ["fname", "phone", "entitylocation", "drkey", "date", "start"] as const;

/** Lets tests provoke a vendor message that echoes patient data, to prove we scrub it. */
const ECHO_PURPOSE = "__sim_echo__";

const validationError = (detail: string): MocDocBody => ({ status: "402", message: `Validation Error: ${detail}` });

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

function isYyyymmdd(value: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Round-trip through Date to reject impossible days such as 20240230.
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const isHhmm = (value: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value);

function bookAppointment({ state, fields }: MocDocRouteContext): MocDocBody {
  const missed = BOOKAPPT_REQUIRED.filter((name) => isBlank(fields[name]));
  if (missed.length > 0) return { status: "400", message: `Missed Fields: ${missed.join(", ")}` };
  // MocDoc is lenient about JSON types (a numeric date is fine), so compare as strings.
  const field = (name: (typeof BOOKAPPT_REQUIRED)[number]) => String(fields[name]);

  if (fields.purpose === ECHO_PURPOSE) {
    return { status: "402", message: `Patient ${field("fname")} ${field("phone")} already has an appointment` };
  }
  if (!isYyyymmdd(field("date"))) return validationError("Invalid date");
  if (!isHhmm(field("start"))) return validationError("Invalid start time");
  if (!LOCATIONS.some((l) => l.entitylocation === field("entitylocation"))) {
    return validationError("Invalid entitylocation");
  }

  // MocDoc's apptkey is drkey + date + start, e.g. "itooth-nathankps2023020304:00".
  const apptkey = `${field("drkey")}${field("date")}${field("start")}`;
  if (state.booked.has(apptkey)) return { status: "402", message: "Slot already booked" };
  state.booked.add(apptkey);
  return { status: "200", apptkey };
}

export const MOCDOC_ROUTES: readonly MocDocRoute[] = [
  {
    method: "GET",
    pattern: "/api/locationlist/{EntityKey}",
    handle: () => ({ status: "200", message: "success", entitylocations: LOCATIONS }),
  },
  {
    method: "POST",
    pattern: "/api/bookappt/{EntityKey}",
    contentTypes: ["application/json"],
    handle: bookAppointment,
  },
];

interface CompiledRoute {
  route: MocDocRoute;
  regex: RegExp;
  names: string[];
}

function compile(route: MocDocRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(param[1]);
      return "([^/]+)";
    })
    .join("/");
  return { route, regex: new RegExp(`^${source}$`), names };
}

const COMPILED = MOCDOC_ROUTES.map(compile);

export function matchRoute(method: string, path: string): { route: MocDocRoute; params: Record<string, string> } | undefined {
  for (const { route, regex, names } of COMPILED) {
    if (route.method !== method) continue;
    const m = regex.exec(path);
    if (!m) continue;
    try {
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? "")]));
      return { route, params };
    } catch {
      return undefined; // malformed percent-encoding: no such resource
    }
  }
  return undefined;
}

const mediaType = (contentType: string) => (contentType.split(";")[0] ?? "").trim().toLowerCase();

export type ReadFieldsResult = { ok: true; fields: Record<string, unknown> } | { ok: false; error: MocDocBody };

/** Parses the body per the route's accepted media types, or yields MocDoc's body-level "400". */
export function readFields(route: MocDocRoute, contentType: string, body: Buffer): ReadFieldsResult {
  if (route.contentTypes === undefined) return { ok: true, fields: {} };
  const type = mediaType(contentType);
  if (!route.contentTypes.includes(type)) return { ok: false, error: { status: "400", message: "Invalid Content-Type" } };
  const text = body.toString("utf8");
  if (type === "application/x-www-form-urlencoded") {
    return { ok: true, fields: Object.fromEntries(new URLSearchParams(text)) };
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      return { ok: true, fields: parsed as Record<string, unknown> };
    }
  } catch {
    // fall through: unparsable JSON gets the same answer as a non-object body
  }
  return { ok: false, error: { status: "400", message: "Invalid JSON body" } };
}

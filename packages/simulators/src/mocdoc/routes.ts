import { createOpBill, createPharmacyBill } from "./billing";
import { daysFrom, forbidden, invalid, isBlank, isHhmm, isWindowEnd, isYyyymmdd, minutesOf, missedFields, ok, text, validationError, type MocDocBody } from "./checks";
import { dayEntries, type DayDataset, type DayEntry } from "./data";
import { createHl7LabOrder } from "./hl7";
import { addImage, IMAGE_MISSED_FIELDS } from "./images";
import {
  batchesOf,
  currentStock,
  DOCTORS,
  isLocation,
  LAB_PROFILES,
  LAB_TESTS,
  LOCATIONS,
  PACKAGES,
  PRODUCTS,
  PROVIDERS,
  RATE_PLANS,
  REFERRALS,
  STORES,
  storeByKey,
  USERS,
} from "./masters";
import { patientInfo, registerPatient, registeredThrough, teleconsultPatients, updatePatient } from "./patients";
import { blockTeleconsultSlot, bookAppointment, bookTeleconsult, calendar, teleconsultDoctors, teleconsultSlots, updateAppointmentStatus } from "./schedule";
import type { MocDocAccountState } from "./state";

export type { MocDocBody } from "./checks";
export type { MocDocAccountState } from "./state";

/**
 * MocDoc's endpoints as a table: adding one is a single entry. Entries run only after
 * authentication, the EntityKey check and the rate limit have passed, and always answer HTTP
 * 200 — MocDoc reports business errors in the body's `status`: "400" for a wrong Content-Type or
 * missing fields ("Missed Fields: a, b"), "402" for validation, with each endpoint's documented
 * wording. Success bodies use the top-level keys of each endpoint's "Example Response"; where
 * that example is an unnamed array, the array is `data`.
 */
export interface MocDocRouteContext {
  state: MocDocAccountState;
  /** Decoded `{Name}` segments of the route pattern. */
  params: Record<string, string>;
  /** The parsed request body (JSON object or form fields); empty for routes without a body. */
  fields: Record<string, unknown>;
  /** Simulator clock, ms since the epoch. */
  now: number;
}

export interface MocDocRoute {
  method: "GET" | "POST";
  /** e.g. "/api/bookappt/{EntityKey}"; an {EntityKey} segment must match the caller's account. */
  pattern: string;
  /** Media types the body may have; undefined for bodyless GETs, which accept any signed Content-Type. */
  contentTypes?: readonly string[];
  /** Body fields the docs require, in the docs' order. */
  required?: readonly string[];
  /**
   * The docs list `entitykey` as a body field: "required" (missing is a Missed Field) or
   * "optional". When sent it must be the account's entity key, else "403".
   */
  entityKey?: "required" | "optional";
  /**
   * Body fields the docs also put in the path (e.g. drkey for {DrKey}): the path segment stands in
   * for a missing field, and a field that is sent must match it.
   */
  fromPath?: Record<string, string>;
  /** The docs' own wording for missing fields, where it is not "Missed Fields: …". */
  missedMessage?: string;
  handle(ctx: MocDocRouteContext): MocDocBody;
}

const FORM = ["application/x-www-form-urlencoded"] as const;
/** An HL7 v2 message (ER7) as the whole body; the docs do not name its media type. */
const HL7 = ["application/hl7-v2"] as const;
const JSON_ONLY = ["application/json"] as const;
/** "Either application/x-www-form-urlencoded or application/json". */
const EITHER = ["application/x-www-form-urlencoded", "application/json"] as const;

const COMBINED = { date: "Invalid date or Invalid location", location: "Invalid date or Invalid location" };
const SEPARATE = { date: "Invalid date", location: "Invalid entitylocation" };

/** A master list an optional `entitylocation` narrows ("402 Invalid entitylocation" when unknown). */
function byLocation(pattern: string, key: string, records: readonly { entitylocation: string }[]): MocDocRoute {
  return {
    method: "POST",
    pattern,
    contentTypes: FORM,
    handle: ({ fields }) => {
      if (isBlank(fields.entitylocation)) return ok({ [key]: records });
      const location = text(fields.entitylocation);
      if (!isLocation(location)) return invalid("Invalid entitylocation");
      return ok({ [key]: records.filter((r) => r.entitylocation === location) });
    },
  };
}

interface DayListOptions {
  /** The day field(s) as MocDoc names them: one day, or an inclusive startdate..enddate range. */
  dates: "date" | "registrationdate" | "range";
  /** Whether the endpoint takes `entitylocation` (and filters on it); "none": it ignores one. */
  location: "required" | "optional" | "none";
  entityKey?: "required";
  /** The docs' 402 wording: one combined message, or separate date and location ones. */
  wording: typeof COMBINED | typeof SEPARATE;
  /** `starttime`/`endtime` window of the day (lab orders, test results). */
  window?: boolean;
  /** Further documented filters, e.g. speciality. */
  filter?: (record: Record<string, unknown>, fields: Record<string, unknown>) => boolean;
  /** Records the account created itself (patients registered through the simulator). */
  extra?: (state: MocDocAccountState, day: string) => DayEntry[];
}

/** Whether a record at `minute` falls in the request's window: start inclusive, end per the account. */
function inWindow(minute: number, start: string, end: string, state: MocDocAccountState): boolean {
  const [from, to] = [minutesOf(start), minutesOf(end)];
  return minute >= from && ((state.account.windowEnd ?? "inclusive") === "inclusive" ? minute <= to : minute < to);
}

/** A day-per-call dataset: MocDoc's realistic, deterministic records of the requested day(s). */
function dayList(pattern: string, dataset: DayDataset, key: string, options: DayListOptions): MocDocRoute {
  const dateFields = options.dates === "range" ? ["startdate", "enddate"] : [options.dates];
  const required = [
    ...(options.location === "required" ? ["entitylocation"] : []),
    ...dateFields,
    ...(options.window ? ["starttime", "endtime"] : []),
  ];
  return {
    method: "POST",
    pattern,
    contentTypes: FORM,
    entityKey: options.entityKey,
    required,
    handle: ({ state, fields }) => {
      const [start, end] = dateFields.map((f) => text(fields[f])) as [string, string?];
      const last = end ?? start;
      if (!isYyyymmdd(start) || !isYyyymmdd(last) || last < start) return invalid(options.wording.date);
      const location = options.location === "none" || isBlank(fields.entitylocation) ? undefined : text(fields.entitylocation);
      if (location !== undefined && !isLocation(location)) return invalid(options.wording.location);
      const [from, to] = [text(fields.starttime), text(fields.endtime)];
      if (options.window && (!isHhmm(from) || !isWindowEnd(to) || to < from)) return invalid(options.wording.date);

      const records = daysFrom(start, last)
        .flatMap((day) => [...dayEntries(state.account.entityKey, dataset, day), ...(options.extra?.(state, day) ?? [])])
        .filter((e) => location === undefined || e.entitylocation === location)
        .filter((e) => !options.window || inWindow(e.minute, from, to, state))
        .map((e) => e.record)
        .filter((r) => !options.filter || options.filter(r, fields));
      return ok({ [key]: records });
    },
  };
}

const matchesIfGiven = (names: string[]) => (record: Record<string, unknown>, fields: Record<string, unknown>) =>
  names.every((n) => isBlank(fields[n]) || text(record[n]).toLowerCase() === text(fields[n]).toLowerCase());

const LOCATION_DAY = { dates: "date", location: "required", entityKey: "required", wording: COMBINED } as const;

export const MOCDOC_ROUTES: readonly MocDocRoute[] = [
  // Masters
  { method: "GET", pattern: "/api/locationlist/{EntityKey}", handle: () => ok({ entitylocations: LOCATIONS }) },
  byLocation("/api/get/userlist/{EntityKey}", "users", USERS),
  byLocation("/api/get/provider/{EntityKey}", "Provider", PROVIDERS),
  byLocation("/api/get/dr/{EntityKey}", "dr", DOCTORS.map(({ hours: _h, slotMinutes: _s, teleHours: _t, ...dr }) => dr)),
  { method: "POST", pattern: "/api/masters/referrals/{EntityKey}", contentTypes: FORM, handle: () => ok({ data: REFERRALS }) },
  { method: "POST", pattern: "/api/masters/testprofiles/{EntityKey}", contentTypes: FORM, handle: () => ok({ data: [{ labResources: LAB_TESTS, labProfiles: LAB_PROFILES }] }) },
  { method: "GET", pattern: "/api/get/packages/{EntityKey}", handle: ({ state }) => ok({ data: PACKAGES.map((p) => ({ ...p, entitykey: state.account.entityKey })) }) },
  { method: "GET", pattern: "/api/get/rateplan/{EntityKey}", handle: () => ok({ data: RATE_PLANS.map(({ name, rateplankey }) => ({ name, rateplankey })) }) },
  {
    method: "GET",
    pattern: "/api/get/rateplan/{RatePlanKey}/{EntityKey}",
    handle: ({ state, params }) => {
      const plan = RATE_PLANS.find((p) => p.rateplankey === params.RatePlanKey);
      if (!plan) return validationError("Invalid rateplankey");
      const Treatments = [...LAB_TESTS, ...LAB_PROFILES].map((t) => ({ code: t.code, name: t.name, rate: Math.round(t.price * plan.factor) }));
      return ok({ data: [{ name: plan.name, rateplankey: plan.rateplankey, entitykey: state.account.entityKey, Treatments }] });
    },
  },
  { method: "GET", pattern: "/api/list/products/{EntityKey}", handle: () => ok({ products: PRODUCTS }) },
  { method: "GET", pattern: "/api/list/stores/{EntityKey}", handle: () => ok({ stores: STORES }) },
  // An unknown store has no stock: the docs list no 402 for these two.
  { method: "GET", pattern: "/api/currentstock/{EntityKey}/{StoreKey}", handle: ({ params }) => ok({ currentstock: currentStock(params.StoreKey ?? "") }) },
  {
    method: "GET",
    pattern: "/api/stocks/listbatch/{EntityKey}/{EntityLocation}/{StoreKey}/{ProdKey}",
    handle: ({ params }) => {
      const location = params.EntityLocation ?? "";
      if (!isLocation(location)) return invalid("Invalid location");
      const store = storeByKey(params.StoreKey ?? "");
      const products = store?.entitylocation === location ? batchesOf(store.storekey, params.ProdKey ?? "").map((b) => ({ prodkey: params.ProdKey, ...b })) : [];
      return ok({ products });
    },
  },

  // Patients, appointments and bills
  { method: "POST", pattern: "/api/register/patient/{EntityKey}", contentTypes: EITHER, entityKey: "required", required: ["entitylocation"], handle: registerPatient },
  { method: "POST", pattern: "/api/update/patient/{EntityKey}", contentTypes: EITHER, entityKey: "optional", required: ["phid"], handle: updatePatient },
  { method: "POST", pattern: "/api/patientinfo/{EntityKey}", contentTypes: FORM, required: ["phid", "mobile"], handle: patientInfo },
  { method: "POST", pattern: "/api/bookappt/{EntityKey}", contentTypes: JSON_ONLY, required: ["fname", "phone"], handle: bookAppointment },
  { method: "POST", pattern: "/api/appt/updatestatus/{EntityKey}", contentTypes: JSON_ONLY, required: ["apptkey", "status"], handle: updateAppointmentStatus },
  { method: "POST", pattern: "/api/hl7/laborder/create/{EntityKey}/{EntityLocation}", contentTypes: HL7, handle: createHl7LabOrder },
  { method: "POST", pattern: "/api/lims/laborder/create/{EntityKey}", contentTypes: EITHER, entityKey: "required", required: ["entitylocation"], handle: createOpBill },
  { method: "POST", pattern: "/api/pharmacy/bill/save/{EntityKey}", contentTypes: EITHER, required: ["patientname", "patientmobile"], handle: createPharmacyBill },

  // Day-per-call datasets
  dayList("/api/get/ptlist/{EntityKey}", "registeredPatients", "visits", { dates: "registrationdate", location: "optional", wording: SEPARATE, extra: registeredThrough }),
  dayList("/api/get/visitdata/{EntityKey}", "opVisits", "visits", { dates: "date", location: "optional", wording: SEPARATE }),
  dayList("/api/checkedin/{EntityKey}", "checkedIn", "checkedin", { ...LOCATION_DAY, dates: "range", filter: matchesIfGiven(["speciality", "drdept"]) }),
  { method: "POST", pattern: "/api/calendar/{EntityKey}", contentTypes: FORM, entityKey: "required", required: ["drkey", "startdate", "enddate"], handle: calendar },
  dayList("/api/get/ipadmission/{EntityKey}", "ipAdmissions", "ipadmission", { ...LOCATION_DAY, filter: matchesIfGiven(["drdept"]) }),
  dayList("/api/get/ipdischarge/{EntityKey}", "ipDischarges", "ipdischarge", LOCATION_DAY),
  dayList("/api/get/transferroom/{EntityKey}", "ipRoomTransfers", "transferroomlist", LOCATION_DAY),
  dayList("/api/get/billlist/{EntityKey}", "bills", "billinglist", { dates: "date", location: "none", entityKey: "required", wording: COMBINED }),
  dayList("/api/get/billlist/detailed/{EntityKey}", "billsDetailed", "billinglist_detailed", LOCATION_DAY),
  dayList("/api/get/editedbills/{EntityKey}", "editedBills", "editedbills", LOCATION_DAY),
  dayList("/api/get/opipcancelledbills/{EntityKey}", "cancelledBills", "cancelledbills", LOCATION_DAY),
  dayList("/api/get/stocksalecancelledbills/{EntityKey}", "stockSaleCancelledBills", "cancelledsalebills", LOCATION_DAY),
  dayList("/api/get/stocksalereturncancelledbills/{EntityKey}", "stockSaleReturnCancelledBills", "cancelledsaleretbills", LOCATION_DAY),
  dayList("/api/get/opipdiscountedbills/{EntityKey}", "discountedBills", "discountedbills", LOCATION_DAY),
  dayList("/api/get/stocksalediscountedbills/{EntityKey}", "stockSaleDiscountedBills", "pharmdiscountedbills", LOCATION_DAY),
  dayList("/api/get/refundbills/{EntityKey}", "refundBills", "refundedbills", LOCATION_DAY),
  dayList("/api/get/pharmacybill/{EntityKey}", "pharmacyBills", "pharmbilllist", { dates: "date", location: "required", wording: COMBINED }),
  dayList("/api/orderlist/{EntityKey}", "labOrders", "orders", { dates: "date", location: "none", entityKey: "required", wording: COMBINED, window: true }),
  dayList("/api/orderresult/{EntityKey}", "testResults", "orderresult", { dates: "date", location: "none", wording: COMBINED, window: true, filter: matchesIfGiven(["orderkey"]) }),

  // Teleconsultation (where the docs give no Content-Type, the form their example signs)
  { method: "POST", pattern: "/api/telecon/get/drs/{EntityKey}", contentTypes: FORM, entityKey: "required", handle: () => ok({ data: teleconsultDoctors() }) },
  { method: "POST", pattern: "/api/telecon/dr/slots/{DrKey}", contentTypes: FORM, entityKey: "required", required: ["startdate", "enddate"], fromPath: { drkey: "DrKey" }, handle: teleconsultSlots },
  { method: "POST", pattern: "/api/telecon/patientlist/{Mobile}/{EntityKey}", contentTypes: FORM, entityKey: "required", fromPath: { mobile: "Mobile" }, handle: teleconsultPatients },
  { method: "POST", pattern: "/api/telecon/book/appt/{DrKey}/{EntityKey}", contentTypes: FORM, entityKey: "required", required: ["drkey"], fromPath: { drkey: "DrKey" }, handle: bookTeleconsult },
  { method: "POST", pattern: "/api/telecon/block/slot/{DrKey}/{EntityKey}", contentTypes: FORM, entityKey: "required", required: ["date", "slotstart"], fromPath: { drkey: "DrKey" }, handle: blockTeleconsultSlot },

  // Images
  { method: "POST", pattern: "/api/visit/adddoc/{EntityKey}", contentTypes: EITHER, entityKey: "required", required: ["Visitkey", "imagename", "imagecontent"], missedMessage: IMAGE_MISSED_FIELDS, handle: addImage("visit", "Visitkey") },
  { method: "POST", pattern: "/api/addimg/{EntityKey}", contentTypes: EITHER, entityKey: "required", required: ["Patientkey", "imagename", "imagecontent"], missedMessage: IMAGE_MISSED_FIELDS, handle: addImage("patient", "Patientkey") },
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
  if (type === "application/hl7-v2") return { ok: true, fields: { message: text } };
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

/**
 * Runs a matched route the way every MocDoc endpoint behaves: Content-Type and body, path fields,
 * missing fields, the body's entity key, then the endpoint itself.
 */
export function answer(route: MocDocRoute, request: { state: MocDocAccountState; params: Record<string, string>; contentType: string; body: Buffer; now: number }): MocDocBody {
  const read = readFields(route, request.contentType, request.body);
  if (!read.ok) return read.error;
  const fields = { ...read.fields };
  for (const [field, param] of Object.entries(route.fromPath ?? {})) {
    const inPath = request.params[param] ?? "";
    if (isBlank(fields[field])) fields[field] = inPath;
    else if (text(fields[field]) !== inPath) return validationError(`${field} does not match the path`);
  }
  const required = [...(route.entityKey === "required" ? ["entitykey"] : []), ...(route.required ?? [])];
  const missed = required.filter((name) => isBlank(fields[name]));
  if (missed.length > 0) return route.missedMessage ? { status: "400", message: route.missedMessage } : missedFields(missed);
  if (route.entityKey && !isBlank(fields.entitykey) && text(fields.entitykey) !== request.state.account.entityKey) return forbidden();
  return route.handle({ state: request.state, params: request.params, fields, now: request.now });
}

import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnyOperation } from "@switchboard/core/catalogue";
import { mocdocSignature, mocdocSigningVariants } from "@switchboard/core/signers/mocdoc";
import { mocdocCatalogue } from "@switchboard/core/vendors/mocdoc/catalogue";
import type { RecordedRequest } from "@switchboard/simulators/server";
import { addMocDocConnection, apiClient, startTestStack, type TestConnection } from "./support/local";

/**
 * Contract tests: every MocDoc operation in the catalogue, called through our HTTP API with its
 * example, must reach the simulator exactly as the catalogue declares it — method, path (entity
 * key from the connection, route params in place), Content-Type, a signature that recomputes, and
 * the body fields — and come back 200. New catalogue entries are covered without editing this file.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: ReturnType<typeof apiClient>;
let conn: TestConnection;

beforeAll(async () => {
  stack = await startTestStack({ demo: false });
  conn = await addMocDocConnection(stack, { connectionId: "contract", tenantId: "tenant-contract", minIntervalMs: 20 });
  api = apiClient(stack, await stack.token("tenant-contract"));
});
afterAll(() => stack.cleanup());

const sim = () => stack.simulators.mocdoc;
const routeParams = (op: AnyOperation) => [...op.route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
const bodyless = (method: string) => method === "GET" || method === "DELETE";

/** Calls our API for `op` with `input`: route params in the path, the rest as query (GET) or JSON body. */
function callOperation(op: AnyOperation, input: Record<string, unknown>, connectionId = conn.connectionId) {
  const params = routeParams(op);
  const path = op.route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(input[name])));
  const rest = Object.fromEntries(Object.entries(input).filter(([k]) => !params.includes(k)));
  if (!bodyless(op.route.method)) return api(op.route.method, `/v1/mocdoc/${connectionId}${path}`, rest);
  for (const [k, val] of Object.entries(rest)) expect(typeof val, `${op.id}: query parameter ${k} must be a string`).toBe("string");
  const query = new URLSearchParams(rest as Record<string, string>).toString();
  return api(op.route.method, `/v1/mocdoc/${connectionId}${path}${query ? `?${query}` : ""}`);
}

/** What the vendor request should be, derived from the catalogue entry independently of the request builder. */
function expectedRequest(op: AnyOperation, input: Record<string, unknown>, entityKey: string) {
  const parsed = v.parse(op.input, input) as Record<string, unknown>;
  const inPath = new Set<string>();
  const path = op.request.path.replace(/\{(config|input)\.(\w+)\}/g, (_m, source: string, key: string) => {
    if (source === "config") {
      expect(key, `${op.id}: only the entity key comes from config`).toBe("entityKey");
      return encodeURIComponent(entityKey);
    }
    if (!op.request.alsoInBody?.includes(key)) inPath.add(key);
    return encodeURIComponent(String(parsed[key]));
  });
  const fields: Record<string, unknown> = Object.fromEntries(Object.entries(parsed).filter(([k, val]) => !inPath.has(k) && val !== undefined));
  for (const [field, configKey] of Object.entries(op.request.bodyFromConfig ?? {})) {
    expect(configKey).toBe("entityKey");
    fields[field] = entityKey;
  }
  return { path, fields, inPath: [...inPath] };
}

const asForm = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).map(([k, val]) => [k, typeof val === "object" ? JSON.stringify(val) : String(val)]));

function expectSigned(rec: RecordedRequest, account: TestConnection["account"]) {
  expect(rec.status, "authenticated").not.toBe(401);
  const auth = /^MD ([^:\s]+):(\S+)$/.exec(String(rec.headers.authorization ?? ""));
  expect(auth?.[1]).toBe(account.accessKey);
  const signature = mocdocSignature({
    method: rec.method,
    path: rec.path,
    contentType: rec.contentType ?? "",
    date: String(rec.headers.date),
    accessKey: account.accessKey,
    secretKey: account.secretKey,
    hmac: account.hmac,
    secretEncoding: account.secretEncoding,
  });
  expect(auth?.[2], "signature recomputes").toBe(signature);
}

/** The documented top-level key of each success body (the docs' "Example Response"). */
const RESPONSE_KEY: Record<string, string> = {
  listLocations: "entitylocations",
  listUsers: "users",
  listProviders: "Provider",
  listDoctors: "dr",
  listProducts: "products",
  listStores: "stores",
  getCurrentStock: "currentstock",
  listStockBatches: "products",
  registerPatient: "data",
  createOpBill: "data",
  createPharmacyBill: "info",
  bookAppointment: "apptkey",
  updateAppointmentStatus: "Message",
  listRegisteredPatients: "visits",
  listOpVisits: "visits",
  listCheckedIn: "checkedin",
  listIpAdmissions: "ipadmission",
  listIpDischarges: "ipdischarge",
  listIpRoomTransfers: "transferroomlist",
  listBills: "billinglist",
  listBillsDetailed: "billinglist_detailed",
  listEditedBills: "editedbills",
  listCancelledBills: "cancelledbills",
  listStockSaleCancelledBills: "cancelledsalebills",
  listStockSaleReturnCancelledBills: "cancelledsaleretbills",
  listDiscountedBills: "discountedbills",
  listStockSaleDiscountedBills: "pharmdiscountedbills",
  listRefundBills: "refundedbills",
  listPharmacyBills: "pharmbilllist",
  listLabOrders: "orders",
  getTestResults: "orderresult",
  addVisitImage: "patientdoc",
  addPatientImage: "patientdoc",
};

describe("every MocDoc operation, through our API to the simulator", () => {
  it("covers the whole catalogue, each with an example", () => {
    expect(mocdocCatalogue.length).toBeGreaterThanOrEqual(46);
    for (const op of mocdocCatalogue) expect(op.example, `${op.id} has an example`).toBeDefined();
  });

  it.each(mocdocCatalogue.map((op) => [op.name, op] as const))("%s", async (_name, op) => {
    const example = op.example as Record<string, unknown>;
    const before = sim().requests.length;
    const res = await callOperation(op, example);
    expect(res.status, res.text).toBe(200);
    expect(res.json.status, "vendor body status").toBe("200");
    const key = RESPONSE_KEY[op.name];
    if (key) expect(res.json).toHaveProperty(key);

    const sent = sim().requests.slice(before);
    expect(sent).toHaveLength(1);
    const rec = sent[0]!;
    const expected = expectedRequest(op, example, conn.account.entityKey);
    expect(rec.method).toBe(op.request.method);
    expect(rec.path).toBe(expected.path);
    expect(rec.contentType).toBe(op.request.contentType);
    expectSigned(rec, conn.account);

    let received: Record<string, unknown>;
    if (op.request.encode) {
      // A body that is not fields (e.g. an HL7 message): exactly what the encoder makes of them.
      // MSH-7 is the send time, so it is the one field that may differ from a second encoding.
      const sendTime = (body: string) => body.replace(/^(MSH(?:\|[^|\r]*){5})\|\d{14}/, "$1|<MSH-7>");
      expect(sendTime(rec.body)).toBe(sendTime(op.request.encode(expected.fields, { entityKey: conn.account.entityKey })));
      expect(rec.body).toMatch(/^MSH(?:\|[^|\r]*){5}\|\d{14}\|/);
      return;
    }
    if (bodyless(op.request.method)) {
      expect(rec.body).toBe("");
      received = Object.fromEntries(new URLSearchParams(rec.query));
      expect(received).toEqual(asForm(expected.fields));
    } else if (op.request.contentType === "application/json") {
      received = JSON.parse(rec.body) as Record<string, unknown>;
      expect(received).toEqual(expected.fields);
    } else {
      received = Object.fromEntries(new URLSearchParams(rec.body));
      expect(received).toEqual(asForm(expected.fields));
    }
    if (op.request.bodyFromConfig?.entitykey) expect(received.entitykey).toBe(conn.account.entityKey);
    else expect(received).not.toHaveProperty("entitykey");
    for (const field of expected.inPath) expect(received, `${field} goes in the path only`).not.toHaveProperty(field);
    for (const field of op.request.alsoInBody ?? []) expect(received[field], `${field} goes in the path and the body`).toBe(String(example[field]));
  });
});

describe("validation before any vendor call", () => {
  /** Every example field that is a date or a time, replaced by an impossible one. */
  const invalidVariants = mocdocCatalogue.flatMap((op) =>
    Object.entries((op.example ?? {}) as Record<string, unknown>).flatMap(([field, value]): [string, string, string, AnyOperation][] => {
      if (typeof value !== "string") return [];
      if (/^\d{8}$/.test(value)) return [[op.name, field, "20260230", op]];
      return /^\d{2}:\d{2}$/.test(value) ? [[op.name, field, "25:00", op]] : [];
    }),
  );

  it("has date and time fields to break", () => {
    expect(invalidVariants.length).toBeGreaterThan(25);
  });

  it.each(invalidVariants)("%s: an invalid %s (%s) is a 400 naming the field, with no vendor request", async (_name, field, bad, op) => {
    const before = sim().requests.length;
    const res = await callOperation(op, { ...(op.example as Record<string, unknown>), [field]: bad });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(sim().requests.length).toBe(before);
  });

  it("refuses an end before the start of a date range or time window", async () => {
    const before = sim().requests.length;
    const checkedIn = mocdocCatalogue.find((op) => op.name === "listCheckedIn")!;
    const labOrders = mocdocCatalogue.find((op) => op.name === "listLabOrders")!;
    const range = await callOperation(checkedIn, { entitylocation: "location1", startdate: "20260105", enddate: "20260104" });
    const window = await callOperation(labOrders, { date: "20260105", starttime: "12:00", endtime: "11:59" });
    expect([range.status, window.status]).toEqual([400, 400]);
    expect(range.json.errors).toEqual([{ path: "enddate", message: "must not be before startdate" }]);
    expect(window.json.errors).toEqual([{ path: "endtime", message: "must not be before starttime" }]);
    expect(sim().requests.length).toBe(before);
  });

  it("refuses images that are not strict base64, of another type than their name, or unnamed types", async () => {
    const op = mocdocCatalogue.find((o) => o.name === "addVisitImage")!;
    const example = op.example as Record<string, unknown>;
    const before = sim().requests.length;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ imagecontent: "not base64!" }, "imagecontent", /base64/],
      [{ imagecontent: `${String(example.imagecontent)}\n` }, "imagecontent", /base64/],
      [{ imagename: "scan.pdf" }, "imagecontent", /type imagename's extension names/],
      [{ imagename: "scan.gif" }, "imagename", /must end in/],
      [{ imagecontent: Buffer.from("GIF89a....").toString("base64") }, "imagecontent", /JPEG, PNG or PDF/],
    ];
    for (const [override, path, message] of cases) {
      const res = await callOperation(op, { ...example, ...override });
      expect(res.status).toBe(400);
      expect(res.json.errors).toContainEqual({ path, message: expect.stringMatching(message) });
      expect(res.text).not.toContain(String(example.imagecontent).slice(0, 16));
    }
    expect(sim().requests.length).toBe(before);
  });
});

/** The request fields each elided MocDoc table marks required (entitykey comes from the connection). */
const DOCUMENTED_REQUIRED: Record<string, string[]> = {
  registerPatient: ["entitylocation"],
  updatePatient: ["phid"],
  createOpBill: ["entitylocation"],
  createPharmacyBill: ["patientname", "patientmobile"],
  bookAppointment: ["fname", "phone"],
  bookTeleconsultAppointment: ["drkey"],
};

describe("the vendor's own fields, where the docs elide them", () => {
  const passthrough = mocdocCatalogue.filter((op) => op.vendorFields === "passthrough");
  const requiredOf = (op: AnyOperation) =>
    Object.entries((op.input as unknown as { entries: Record<string, { type: string }> }).entries)
      .filter(([, schema]) => schema.type !== "optional")
      .map(([name]) => name);
  /** Only the documented required fields, taken from the example. */
  const minimal = (op: AnyOperation) => Object.fromEntries(requiredOf(op).map((name) => [name, (op.example as Record<string, unknown>)[name]]));
  const EXTRA = { nationality: "IN", visit_source: "app", kin_contact: { relation: "spouse", consent: true, codes: [1, 2] }, priority: 2 };

  it("are exactly the six operations whose request tables end in '....', each requiring only what the docs mark required", () => {
    expect(Object.fromEntries(passthrough.map((op) => [op.name, requiredOf(op)]))).toEqual(DOCUMENTED_REQUIRED);
  });

  it.each(passthrough.map((op) => [op.name, op] as const))("%s: a field we do not know reaches MocDoc unchanged", async (_name, op) => {
    const before = sim().requests.length;
    const res = await callOperation(op, { ...minimal(op), ...EXTRA });
    expect(res.status, res.text).toBe(200);
    const [rec] = sim().requests.slice(before);
    const received = op.request.contentType === "application/json" ? (JSON.parse(rec!.body) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(rec!.body));
    expect(received).toMatchObject(op.request.contentType === "application/json" ? EXTRA : asForm(EXTRA));
  });

  it.each(passthrough.flatMap((op) => DOCUMENTED_REQUIRED[op.name]!.filter((f) => !routeParams(op).includes(f)).map((field) => [op.name, field, op] as const)))(
    "%s: without %s it is a 400 naming the field, and nothing is sent",
    async (_name, field, op) => {
      const before = sim().requests.length;
      const { [field]: _dropped, ...rest } = minimal(op);
      const res = await callOperation(op, { ...rest, ...EXTRA });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.json.errors).toContainEqual({ path: field, message: "is required" });
      expect(sim().requests.length).toBe(before);
    },
  );

  it("refuses further fields that break the rules, naming each, without echoing values or calling MocDoc", async () => {
    const op = mocdocCatalogue.find((o) => o.name === "bookAppointment")!;
    const before = sim().requests.length;
    const res = await callOperation(op, {
      ...minimal(op),
      "kin-name": "Quillfeather",
      nothing: null,
      _private: "x",
      entitykey: "someone-else",
      huge: "Q".repeat(17 * 1024),
    });
    expect(res.status).toBe(400);
    const paths = res.json.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["kin-name", "nothing", "_private", "entitykey", "huge"]));
    expect(res.text).not.toContain("Quillfeather");
    expect(res.text).not.toContain("QQQQ");
    expect(sim().requests.length).toBe(before);
  });

  it("refuses entitykey: the connection sets it", async () => {
    const op = mocdocCatalogue.find((o) => o.name === "registerPatient")!;
    const res = await callOperation(op, { ...minimal(op), entitykey: "someone-else" });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: "entitykey", message: "is set from the connection, not by the caller" }]);
  });

  it("an update of only the vendor's own fields is still an update", async () => {
    const op = mocdocCatalogue.find((o) => o.name === "updatePatient")!;
    expect((await callOperation(op, { phid: "SB0001" })).status).toBe(400);
    expect((await callOperation(op, { phid: "SB0001", nationality: "IN" })).status).toBe(200);
  });

  it("operations whose docs list every field keep strict schemas", async () => {
    const op = mocdocCatalogue.find((o) => o.name === "updateAppointmentStatus")!;
    expect(op.vendorFields).toBeUndefined();
    const before = sim().requests.length;
    const res = await callOperation(op, { ...(op.example as Record<string, unknown>), nationality: "IN" });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ path: "nationality", message: "is not a known field" }]);
    expect(sim().requests.length).toBe(before);
  });
});

describe("signing", () => {
  const combos = mocdocSigningVariants;

  it.each(combos)("signs with hmac %s and a %s secret", async (hmac, secretEncoding) => {
    const connectionId = `sign-${hmac}-${secretEncoding}`;
    const signer = await addMocDocConnection(stack, { connectionId, tenantId: "tenant-contract", minIntervalMs: 20, hmac, secretEncoding });
    const before = sim().requests.length;
    const res = await callOperation(mocdocCatalogue.find((op) => op.name === "listLocations")!, {}, connectionId);
    expect(res.status, res.text).toBe(200);
    const rec = sim().requests.slice(before)[0]!;
    expect(rec.path).toBe(`/api/locationlist/${signer.account.entityKey}`);
    expectSigned(rec, signer.account);
  });
});

import { httpDate, mocdocAuthHeaders, mocdocSigningVariants } from "@switchboard/core/signers/mocdoc";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startMocDocSimulator, type MocDocSimAccount, type MocDocSimulator } from "./index";
import type { RecordedRequest } from "../server";

const base64Secret = Buffer.from("raw secret bytes \u0001\u00ff").toString("base64");
const combos = mocdocSigningVariants;
const accounts: MocDocSimAccount[] = combos.map(([hmac, secretEncoding]) => ({
  entityKey: `clinic-${hmac}-${secretEncoding}`,
  accessKey: `ak-${hmac}-${secretEncoding}`,
  secretKey: secretEncoding === "base64" ? base64Secret : "plain-secret",
  hmac,
  secretEncoding,
  minIntervalMs: 100,
}));
const main = accounts[0]!;
const other = accounts[1]!;

const LOCATIONS = {
  status: "200",
  message: "success",
  entitylocations: [
    { entitylocation: "location1", name: "Main Clinic", landmark: "near temple" },
    { entitylocation: "location2", name: "Branch Clinic", landmark: "opposite bus stand" },
  ],
};
const validBooking = { fname: "Asha", phone: "9876543210", entitylocation: "location1", drkey: "dr-arthi", date: "20250102", start: "09:30" };

// A controllable clock: rate-limit and Date-skew behaviour is tested exactly, without sleeping.
let clockMs = 0;
const advance = (ms: number) => {
  clockMs += ms;
};
let sim: MocDocSimulator;

beforeEach(async () => {
  clockMs = Date.now();
  sim = await startMocDocSimulator({ accounts, now: () => clockMs });
});
afterEach(() => sim.stop());

interface CallOptions {
  path: string;
  body?: string;
  account?: MocDocSimAccount;
  contentType?: string;
  date?: string;
  secretKey?: string;
  signal?: AbortSignal;
}

/** Signs with our signer exactly as the adapter will; the query string is not signed. */
function call({ path, body, account = main, contentType = "application/json", date, secretKey, signal }: CallOptions) {
  const method = body === undefined ? "GET" : "POST";
  const headers = mocdocAuthHeaders({
    method,
    path: path.split("?")[0]!,
    contentType,
    date: date ?? httpDate(new Date(clockMs)),
    accessKey: account.accessKey,
    secretKey: secretKey ?? account.secretKey,
    hmac: account.hmac,
    secretEncoding: account.secretEncoding,
  });
  return fetch(`${sim.url}${path}`, { method, headers, body, signal });
}

const locations = (options: Partial<CallOptions> = {}) =>
  call({ path: `/api/locationlist/${(options.account ?? main).entityKey}`, ...options });
const book = (fields: Record<string, unknown>, options: Partial<CallOptions> = {}) =>
  call({ path: `/api/bookappt/${(options.account ?? main).entityKey}`, body: JSON.stringify(fields), ...options });

async function expectReply(res: Response | Promise<Response>, status: number, body: unknown) {
  const r = await res;
  expect({ status: r.status, body: await r.json() }).toEqual({ status, body });
}

const AUTH_FAILED = { status: "401", message: "Authentication Failed" };

describe("MocDoc simulator: authentication", () => {
  it.each(accounts)("accepts a valid $hmac/$secretEncoding signature", async (account) => {
    await expectReply(locations({ account }), 200, LOCATIONS);
  });

  it("rejects a wrong signature or an unknown access key with 401", async () => {
    await expectReply(locations({ secretKey: "not-the-secret" }), 401, AUTH_FAILED);
    await expectReply(locations({ account: { ...main, accessKey: "ak-unknown" } }), 401, AUTH_FAILED);
  });

  it("rejects a Date more than 15 minutes off, or not in RFC 7231 form", async () => {
    await expectReply(locations({ date: httpDate(new Date(clockMs - 16 * 60_000)) }), 401, AUTH_FAILED);
    await expectReply(locations({ date: httpDate(new Date(clockMs + 16 * 60_000)) }), 401, AUTH_FAILED);
    await expectReply(locations({ date: new Date(clockMs).toISOString() }), 401, AUTH_FAILED);
    await expectReply(locations({ date: httpDate(new Date(clockMs - 14 * 60_000)) }), 200, LOCATIONS);
  });

  it("verifies the Content-Type exactly as sent and signs the path without its query", async () => {
    await expectReply(locations({ contentType: "application/json; charset=utf-8" }), 200, LOCATIONS);
    advance(100);
    await expectReply(call({ path: `/api/locationlist/${main.entityKey}?page=2` }), 200, LOCATIONS);
  });

  it("answers 403 when the EntityKey in the URL is not the account's", async () => {
    await expectReply(locations({ path: `/api/locationlist/${other.entityKey}` }), 403, { status: "403", message: "Forbidden" });
  });

  it("answers 404 for unknown paths and methods, before authenticating", async () => {
    const notFound = { status: "404", message: "Not Found" };
    await expectReply(fetch(`${sim.url}/api/nosuch/${main.entityKey}`), 404, notFound);
    await expectReply(call({ path: `/api/bookappt/${main.entityKey}` }), 404, notFound);
  });
});

describe("MocDoc simulator: rate limit", () => {
  const TOO_MANY = { status: "429", message: "Too Many Requests" };

  it("answers 429 inside minIntervalMs and accepts again after it", async () => {
    await expectReply(locations(), 200, LOCATIONS);
    advance(50);
    await expectReply(locations(), 429, TOO_MANY);
    expect(sim.stats().rateLimited).toBe(1);
    await expectReply(locations({ account: other }), 200, LOCATIONS); // limits are per account
    advance(50);
    await expectReply(locations(), 200, LOCATIONS); // 100 ms after the last accepted, not after the 429
    expect(sim.stats()).toEqual({ total: 4, byStatus: { "200": 3, "429": 1 }, rateLimited: 1 });
  });

  it("defaults to the documented 3 s, with 5 ms of jitter tolerance", async () => {
    const strict: MocDocSimAccount = { ...main, accessKey: "ak-strict", minIntervalMs: undefined };
    sim.addAccount(strict);
    await expectReply(locations({ account: strict }), 200, LOCATIONS);
    advance(2994);
    await expectReply(locations({ account: strict }), 429, TOO_MANY);
    advance(2);
    await expectReply(locations({ account: strict }), 200, LOCATIONS);
  });

  it("does not count rejected requests as accepted", async () => {
    await expectReply(locations({ secretKey: "wrong" }), 401, AUTH_FAILED);
    await expectReply(locations({ path: `/api/locationlist/${other.entityKey}` }), 403, { status: "403", message: "Forbidden" });
    await expectReply(locations(), 200, LOCATIONS);
  });
});

describe("MocDoc simulator: bookappt", () => {
  it("reports missing fields in the body with HTTP 200", async () => {
    await expectReply(book({ fname: "Asha", phone: "" }), 200, {
      status: "400",
      message: "Missed Fields: phone",
    });
  });

  it("requires application/json", async () => {
    const form = new URLSearchParams(validBooking).toString();
    await expectReply(book({}, { body: form, contentType: "application/x-www-form-urlencoded" }), 200, {
      status: "400",
      message: "Invalid Content-Type",
    });
  });

  it("answers 402 for an invalid date, time or location without echoing patient data", async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ date: "20250230" }, "Invalid date"],
      [{ start: "24:00" }, "Invalid start time"],
      [{ entitylocation: "location9" }, "Invalid entitylocation"],
    ];
    for (const [override, detail] of cases) {
      advance(100);
      const res = await book({ ...validBooking, ...override });
      const body = await res.json();
      expect(body).toEqual({ status: "402", message: `Validation Error: ${detail}` });
      expect(JSON.stringify(body)).not.toMatch(/Asha|9876543210/);
    }
  });

  it("books a slot once per account and rejects the double booking", async () => {
    await expectReply(book(validBooking), 200, { status: "200", apptkey: "dr-arthi2025010209:30" });
    advance(100);
    await expectReply(book(validBooking), 200, { status: "402", message: "Slot already booked" });
    await expectReply(book(validBooking, { account: other }), 200, { status: "200", apptkey: "dr-arthi2025010209:30" });
  });

  it("echoes patient data on demand so scrubbing can be tested", async () => {
    await expectReply(book({ ...validBooking, purpose: "__sim_echo__" }), 200, {
      status: "402",
      message: "Patient Asha 9876543210 already has an appointment",
    });
  });
});

describe("MocDoc simulator: faults", () => {
  it("delays by latency ms, then answers normally; a client timeout fires first", async () => {
    sim.faults.inject({ kind: "latency", ms: 120, times: 2 });
    const started = performance.now();
    await expectReply(locations(), 200, LOCATIONS);
    // Node timers have 1 ms resolution, so allow for rounding against the sub-ms clock.
    expect(performance.now() - started).toBeGreaterThanOrEqual(119);
    advance(100);
    await expect(locations({ signal: AbortSignal.timeout(20) })).rejects.toThrow(/abort|timeout/i);
  });

  it("answers a status fault with the vendor error body and Retry-After, without using the rate-limit slot", async () => {
    sim.faults.inject({ kind: "status", status: 503, retryAfterSeconds: 7 });
    const res = await locations();
    expect(res.headers.get("retry-after")).toBe("7");
    await expectReply(res, 503, { status: "503", message: "Simulated failure" });
    await expectReply(locations(), 200, LOCATIONS);
  });

  it("drops the connection without a response", async () => {
    sim.faults.inject({ kind: "drop" });
    await expect(locations()).rejects.toThrow();
    expect(sim.requests.map((r) => [r.status, r.fault])).toEqual([[null, "drop"]]);
    expect(sim.stats().byStatus).toEqual({ dropped: 1 });
  });

  it("answers malformed JSON with HTTP 200", async () => {
    sim.faults.inject({ kind: "malformed" });
    const res = await locations();
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it("only faults paths under pathPrefix", async () => {
    sim.faults.inject({ kind: "status", status: 500, pathPrefix: "/api/bookappt" });
    await expectReply(locations(), 200, LOCATIONS);
    await expectReply(book(validBooking), 500, { status: "500", message: "Simulated failure" });
  });
});

describe("MocDoc simulator: admin endpoints", () => {
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${sim.url}/__sim/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });

  it("injects and clears faults over HTTP", async () => {
    expect((await admin("POST", "faults", { kind: "status", status: 429, times: -1 })).status).toBe(204);
    await expectReply(locations(), 429, { status: "429", message: "Simulated failure" });
    expect(sim.stats().rateLimited).toBe(0); // a simulated 429 is not the rate limiter's
    expect((await admin("DELETE", "faults")).status).toBe(204);
    await expectReply(locations(), 200, LOCATIONS);

    expect((await admin("POST", "faults", { kind: "latency" })).status).toBe(400);
    expect((await admin("GET", "nosuch")).status).toBe(404);
  });

  it("lists and clears recorded vendor requests, not admin ones", async () => {
    await book({ ...validBooking, start: "10:00" });
    const listed = (await (await admin("GET", "requests")).json()) as RecordedRequest[];
    expect(listed).toEqual([
      {
        method: "POST",
        path: `/api/bookappt/${main.entityKey}`,
        query: "",
        headers: expect.objectContaining({ authorization: expect.stringMatching(/^MD ak-sha1-utf8:/) }),
        body: JSON.stringify({ ...validBooking, start: "10:00" }),
        contentType: "application/json",
        receivedAt: clockMs,
        status: 200,
        fault: null,
      },
    ]);
    expect((await admin("DELETE", "requests")).status).toBe(204);
    expect(await (await admin("GET", "requests")).json()).toEqual([]);
    expect(sim.requests).toHaveLength(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeMultipart } from "@switchboard/core/http/multipart";
import { startVseeSimulator, type VseeSimulator } from "./index";

/** The VSee simulator's own rules, without our API in front: auth, media types, errors, expiry, limits, faults. */
let sim: VseeSimulator;
// The simulator's own clock, moved by the tests: expiry is in whole seconds, so real time made the TTL checks flaky.
let clock = Date.parse("2026-12-01T10:00:00.900Z");
const account = { accountCode: "vclinic", apiToken: "admin-token", apiKey: "api-key", tokenTtlSeconds: 1 };

beforeAll(async () => {
  sim = await startVseeSimulator({ accounts: [account, { accountCode: "limited", apiToken: "t2", apiKey: "k2", requestsPerWindow: 2, windowMs: 60_000 }], now: () => clock });
});
afterAll(() => sim.stop());

const call = async (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
  const res = await fetch(`${sim.apiUrl}${path}`, { method: init.method ?? "GET", headers: init.headers, body: init.body });
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => undefined)) as any };
};
const admin = { "X-AccountCode": "vclinic", "X-ApiToken": "admin-token" };
const sso = (fields: Record<string, unknown>, headers: Record<string, string> = { "X-AccountCode": "vclinic", "X-ApiKey": "api-key" }) => {
  const { body, contentType } = encodeMultipart(fields);
  return call("/users/sso", { method: "POST", headers: { ...headers, "Content-Type": contentType }, body });
};

describe("VSee simulator", () => {
  it("needs the account code, a valid token, and the API key for SSO", async () => {
    expect((await call("/visits", { headers: { "X-ApiToken": "admin-token" } })).status).toBe(401);
    expect((await call("/visits", { headers: { "X-AccountCode": "vclinic", "X-ApiToken": "nope" } })).json).toEqual({ error: { code: 401, message: "Invalid token" } });
    expect((await call("/visits", { headers: admin })).status).toBe(200);
    expect((await sso({ first_name: "A", last_name: "B", code: "u1", type: 200 }, { "X-AccountCode": "vclinic", "X-ApiKey": "wrong" })).status).toBe(401);
  });

  it("logs users in by code (the same code, the same user) with tokens that expire", async () => {
    const first = await sso({ first_name: "A", last_name: "B", code: "u1", type: 200 });
    const again = await sso({ first_name: "A", last_name: "B", code: "u1", type: 200 });
    expect(first.json.data.id).toBe(again.json.data.id);
    expect(first.json.data.token.expiry).toBe(Math.floor(clock / 1000) + account.tokenTtlSeconds);
    const token = again.json.data.token.token as string;
    expect((await call("/visits", { headers: { "X-AccountCode": "vclinic", "X-ApiToken": token } })).status).toBe(200);
    clock += account.tokenTtlSeconds * 1000;
    expect((await call("/visits", { headers: { "X-AccountCode": "vclinic", "X-ApiToken": token } })).json.error.message).toBe("Token expired");
    expect((await sso({ first_name: "A", type: 200, code: "u2" })).status).toBe(400);
    expect((await sso({ first_name: "A", last_name: "B", type: 200 })).status).toBe(400);
  });

  it("refuses a body in another media type than the endpoint's curl uses", async () => {
    const json = await call("/visits/close", { method: "POST", headers: { ...admin, "Content-Type": "application/json" }, body: '{"id":"1"}' });
    expect(json.status).toBe(400);
    const form = await call("/intakes", { method: "POST", headers: { ...admin, "Content-Type": "application/x-www-form-urlencoded" }, body: "reason_for_visit=x&type=1" });
    expect(form.status).toBe(200);
    expect((await call(`/intakes/${form.json.data.id}`, { headers: admin })).json.data).toMatchObject({ reason_for_visit: "x", type: "1" });
  });

  it("limits requests with 429 and Retry-After where an account has a limit, and injects faults", async () => {
    const limited = { "X-AccountCode": "limited", "X-ApiToken": "t2" };
    expect([(await call("/visits", { headers: limited })).status, (await call("/visits", { headers: limited })).status]).toEqual([200, 200]);
    const refused = await call("/visits", { headers: limited });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    sim.faults.inject({ kind: "status", status: 503, pathPrefix: "/api_v3/availability" });
    expect((await call("/availability", { headers: admin })).status).toBe(503);
    expect((await call("/availability", { headers: admin })).status).toBe(200);
  });
});

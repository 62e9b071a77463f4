import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SwitchboardClient } from "@switchboard/client";
import { addMocDocConnection, appointment, bookAppointment, onConnection, startTestStack, switchboardClient, type TestConnection } from "./support/local";

/**
 * How vendor trouble reaches callers: reads retry transient failures; writes are never re-sent
 * after an ambiguous failure; every failure is a typed problem naming vendor, operation and
 * whether a retry can help.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: SwitchboardClient;
let conn: TestConnection;

beforeAll(async () => {
  stack = await startTestStack({ env: { VENDOR_TIMEOUT_MS: "400" } });
  conn = await addMocDocConnection(stack, { connectionId: "clinic", tenantId: "t1", minIntervalMs: 50 });
  api = switchboardClient(stack, await stack.token("t1"));
});
afterAll(() => stack.cleanup());
beforeEach(() => {
  stack.simulators.mocdoc.faults.clear();
  stack.simulators.mocdoc.requests.length = 0;
});

const calls = () => stack.simulators.mocdoc.requests.filter((r) => r.path.startsWith("/api/")).length;
const bookPath = () => `/api/bookappt/${conn.account.entityKey}`;
/** listLocations and bookAppointment through the typed client, answered as `{ status, error }`. */
const locations = async (connectionId = "clinic") => {
  const { response, error } = await api.GET("/v1/mocdoc/{connectionId}/locations", onConnection(connectionId));
  return { status: response.status, error };
};
const book = async (overrides: Parameters<typeof appointment>[0]) => {
  const { response, error } = await bookAppointment(api, "clinic", overrides);
  return { status: response.status, error };
};

describe("reads", () => {
  it("retries a 5xx and succeeds", async () => {
    stack.simulators.mocdoc.faults.inject({ kind: "status", status: 500 });
    const res = await locations();
    expect(res.status).toBe(200);
    expect(calls()).toBe(2);
  });

  it("retries a timeout and a dropped connection", async () => {
    stack.simulators.mocdoc.faults.inject({ kind: "latency", ms: 1000 });
    stack.simulators.mocdoc.faults.inject({ kind: "drop" });
    const res = await locations();
    expect(res.status).toBe(200);
    expect(calls()).toBe(3);
  });

  it("honours a vendor 429's Retry-After before trying again", async () => {
    stack.simulators.mocdoc.faults.inject({ kind: "status", status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const res = await locations();
    expect(res.status).toBe(200);
    const [first, second] = stack.simulators.mocdoc.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(990);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("answers with the vendor's failure, not a pacing 429, when no slot is left for a retry", async () => {
    const slow = await addMocDocConnection(stack, { connectionId: "slow-clinic", tenantId: "t1", minIntervalMs: 20_000 });
    stack.simulators.mocdoc.faults.inject({ kind: "latency", ms: 1000 });
    const res = await locations("slow-clinic");
    expect(res.status).toBe(504);
    expect(res.error).toMatchObject({ vendor: "mocdoc", operation: "mocdoc.listLocations", code: "TIMEOUT", retryable: true });
    expect(stack.simulators.mocdoc.requests.filter((r) => r.path === `/api/locationlist/${slow.account.entityKey}`)).toHaveLength(1);
  });

  it("gives up after the attempt limit with a retryable 502 problem", async () => {
    stack.simulators.mocdoc.faults.inject({ kind: "status", status: 500, times: -1 });
    const res = await locations();
    expect(res.status).toBe(502);
    expect(res.error).toMatchObject({ vendor: "mocdoc", operation: "mocdoc.listLocations", code: "SERVER_ERROR", httpStatus: 500, retryable: true });
    expect(calls()).toBe(3);
  });

  it("maps a malformed 200 body to a typed error", async () => {
    stack.simulators.mocdoc.faults.inject({ kind: "malformed", times: -1 });
    const res = await locations();
    expect(res.status).toBe(502);
    expect(res.error?.code).toBe("MALFORMED_RESPONSE");
  });
});

describe("writes", () => {
  it("does not re-send a write after a timeout: 504, outcome unknown, one vendor request", async () => {
    stack.simulators.mocdoc.faults.inject({ kind: "latency", ms: 1000, pathPrefix: bookPath() });
    const res = await book({ start: "08:00" });
    expect(res.status).toBe(504);
    expect(res.error).toMatchObject({ code: "TIMEOUT", retryable: false, outcomeUnknown: true });
    expect(calls()).toBe(1);
  });

  it("does not re-send a write after a 500", async () => {
    stack.simulators.mocdoc.faults.inject({ kind: "status", status: 500, pathPrefix: bookPath() });
    const res = await book({ start: "08:30" });
    expect(res.status).toBe(502);
    expect(res.error).toMatchObject({ code: "SERVER_ERROR", outcomeUnknown: true, retryable: false });
    expect(calls()).toBe(1);
  });

  it("retries a write the vendor clearly refused to process (503)", async () => {
    stack.simulators.mocdoc.faults.inject({ kind: "status", status: 503, pathPrefix: bookPath() });
    const res = await book({ start: "09:00" });
    expect(res.status).toBe(200);
    expect(calls()).toBe(2);
  });

  it("maps an error hidden in a 200 body (status 402) to a typed, non-retryable refusal", async () => {
    const res = await book({ entitylocation: "nowhere" });
    expect(res.status).toBe(422);
    expect(res.error).toMatchObject({ vendor: "mocdoc", code: "REJECTED", httpStatus: 200, vendorStatus: "402", retryable: false });
    expect(res.error?.vendorMessage).toMatch(/Validation Error/);
  });

  it("names a credentials problem as the vendor's 401, not the caller's", async () => {
    await addMocDocConnection(stack, { connectionId: "wrong-keys", tenantId: "t1", minIntervalMs: 50 });
    await stack.deps.credentials.put("switchboard/local/mocdoc/wrong-keys", { accessKey: conn.account.accessKey, secretKey: "not-the-secret" });
    const res = await locations("wrong-keys");
    expect(res.status).toBe(502);
    expect(res.error).toMatchObject({ code: "AUTH", httpStatus: 401, retryable: false });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMocDocConnection, apiClient, appointment, startTestStack } from "./support/local";

/** The HTTP path end to end: local API → authorizer → handler → pacing → signer → simulator. */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: ReturnType<typeof apiClient>;
let otherTenant: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack();
  await addMocDocConnection(stack, { connectionId: "clinic-a", tenantId: "tenant-a", minIntervalMs: 50 });
  await addMocDocConnection(stack, { connectionId: "clinic-b", tenantId: "tenant-b", minIntervalMs: 50 });
  api = apiClient(stack, await stack.token("tenant-a"));
  otherTenant = apiClient(stack, await stack.token("tenant-b"));
});
afterAll(() => stack.cleanup());

const vendorCalls = () => stack.simulators.mocdoc.stats().total;

describe("authentication and authorization", () => {
  it("rejects a request without a token with 401, before the handler", async () => {
    const res = await fetch(`${stack.apiUrl}/v1/mocdoc/clinic-a/locations`);
    expect(res.status).toBe(401);
  });

  it("rejects a forged token with 401", async () => {
    const forged = apiClient(stack, "eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnQiOiJ0ZW5hbnQtYSJ9.c2lnbmF0dXJl");
    expect((await forged("GET", "/v1/mocdoc/clinic-a/locations")).status).toBe(401);
  });

  it("rejects another tenant's connection with 403 and no vendor call", async () => {
    const before = vendorCalls();
    const res = await otherTenant("GET", "/v1/mocdoc/clinic-a/locations");
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(vendorCalls()).toBe(before);
  });

  it("answers 404 for an unknown connection", async () => {
    expect((await api("GET", "/v1/mocdoc/nope/locations")).status).toBe(404);
  });
});

describe("reads", () => {
  it("returns the vendor's response", async () => {
    const res = await api("GET", "/v1/mocdoc/clinic-a/locations");
    expect(res.status).toBe(200);
    expect(res.json.entitylocations.map((l: { entitylocation: string }) => l.entitylocation)).toEqual(["location1", "location2"]);
    expect(res.headers.get("x-correlation-id")).toBeTruthy();
  });

  it("keeps the caller's correlation id", async () => {
    const res = await api("GET", "/v1/mocdoc/clinic-a/locations", undefined, { "x-correlation-id": "mobile-req-12345" });
    expect(res.headers.get("x-correlation-id")).toBe("mobile-req-12345");
  });
});

describe("validation", () => {
  it("answers 400 problem+json listing every failing field, without calling the vendor", async () => {
    const before = vendorCalls();
    const res = await api("POST", "/v1/mocdoc/clinic-a/appointments", appointment({ date: "20260230", start: "25:00", phone: "12", fname: undefined, "extra field": 1 }));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.json.type).toMatch(/validation$/);
    const paths = res.json.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(["date", "extra field", "fname", "phone", "start"]);
    expect(vendorCalls()).toBe(before);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await fetch(`${stack.apiUrl}/v1/mocdoc/clinic-a/appointments`, {
      method: "POST",
      headers: { authorization: `Bearer ${await stack.token("tenant-a")}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
  });

  const post = async (body: RequestInit["body"], contentType?: string) =>
    fetch(`${stack.apiUrl}/v1/mocdoc/clinic-a/appointments`, {
      method: "POST",
      headers: { authorization: `Bearer ${await stack.token("tenant-a")}`, ...(contentType ? { "content-type": contentType } : {}) },
      body,
    });

  it("answers 415 problem+json naming the accepted type for a body of another media type, or of none, without calling the vendor", async () => {
    const before = vendorCalls();
    const json = JSON.stringify(appointment({ start: "15:00" }));
    const form = new URLSearchParams(appointment({ start: "15:00" }) as Record<string, string>).toString();
    for (const [body, contentType] of [[json, "text/plain"], [form, "application/x-www-form-urlencoded"], [Buffer.from(json), undefined]] as const) {
      const res = await post(body, contentType);
      expect(res.status, String(contentType)).toBe(415);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await res.json()) as { title: string; accepted: string[]; detail: string };
      expect(problem.title).toBe("Unsupported Media Type");
      expect(problem.accepted).toEqual(["application/json"]);
      expect(problem.detail).toContain("application/json");
    }
    const multipart = new FormData();
    multipart.set("fname", "Asha");
    expect((await post(multipart)).status).toBe(415);
    expect(vendorCalls()).toBe(before);
  });

  it("takes application/json with parameters, and an empty body without any Content-Type", async () => {
    const ok = await post(JSON.stringify(appointment({ start: "15:30" })), "Application/JSON; charset=utf-8");
    expect(ok.status, await ok.text()).toBe(200);
    const empty = await post(undefined);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(expect.arrayContaining(["fname", "phone"]));
  });
});

describe("idempotent writes", () => {
  it("replays the first response for the same key and calls the vendor once", async () => {
    const before = vendorCalls();
    const body = appointment({ start: "11:00" });
    const first = await api("POST", "/v1/mocdoc/clinic-a/appointments", body, { "idempotency-key": "book-1" });
    const second = await api("POST", "/v1/mocdoc/clinic-a/appointments", body, { "idempotency-key": "book-1" });
    expect(first.status).toBe(200);
    expect(first.json.apptkey).toBe("dr-arthi2026120111:00");
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(vendorCalls()).toBe(before + 1);
  });

  it("answers 422 when a key is reused with a different body", async () => {
    await api("POST", "/v1/mocdoc/clinic-a/appointments", appointment({ start: "12:00" }), { "idempotency-key": "book-2" });
    const reused = await api("POST", "/v1/mocdoc/clinic-a/appointments", appointment({ start: "12:30" }), { "idempotency-key": "book-2" });
    expect(reused.status).toBe(422);
    expect(reused.json.type).toMatch(/idempotency-key-reused$/);
  });

  it("scopes keys to the tenant: the same key from another tenant is a different request", async () => {
    const a = await api("POST", "/v1/mocdoc/clinic-a/appointments", appointment({ start: "13:00" }), { "idempotency-key": "shared" });
    const b = await otherTenant("POST", "/v1/mocdoc/clinic-b/appointments", appointment({ start: "13:00" }), { "idempotency-key": "shared" });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
  });

  it("remembers a vendor refusal, so a retried key does not book twice", async () => {
    const body = appointment({ start: "14:00" });
    await api("POST", "/v1/mocdoc/clinic-a/appointments", body);
    const before = vendorCalls();
    const refused = await api("POST", "/v1/mocdoc/clinic-a/appointments", body, { "idempotency-key": "dup-slot" });
    const replay = await api("POST", "/v1/mocdoc/clinic-a/appointments", body, { "idempotency-key": "dup-slot" });
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ vendor: "mocdoc", operation: "mocdoc.bookAppointment", code: "REJECTED", vendorStatus: "402", retryable: false });
    expect(replay.json).toEqual(refused.json);
    expect(vendorCalls()).toBe(before + 1);
  });
});

describe("service routes", () => {
  it("serves an OpenAPI 3.1 document with every operation under its operationId", async () => {
    const res = await fetch(`${stack.apiUrl}/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/v1/mocdoc/{connectionId}/locations"]?.get?.operationId).toBe("mocdoc.listLocations");
    expect(doc.paths["/v1/mocdoc/{connectionId}/appointments"]?.post?.operationId).toBe("mocdoc.bookAppointment");
  });

  it("reports each component on /health", async () => {
    const res = await fetch(`${stack.apiUrl}/health`);
    const body = (await res.json()) as { status: string; components: Record<string, { ok: boolean }> };
    expect(res.status).toBe(200);
    expect(Object.keys(body.components)).toEqual(expect.arrayContaining(["table", "queue:mocdoc", "simulator:mocdoc", "eventBus"]));
    expect(Object.values(body.components).every((c) => c.ok)).toBe(true);
  });
});

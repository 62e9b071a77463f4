import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SwitchboardClient } from "@switchboard/client";
import { addMocDocConnection, appointment, bookAppointment, onConnection, startTestStack, switchboardClient } from "./support/local";

/**
 * The HTTP path end to end: local API → authorizer → handler → pacing → signer → simulator, called
 * through the typed client (packages/client) except where a test sends what the client cannot
 * (bodies that are not JSON).
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: SwitchboardClient;
let otherTenant: SwitchboardClient;

beforeAll(async () => {
  stack = await startTestStack();
  await addMocDocConnection(stack, { connectionId: "clinic-a", tenantId: "tenant-a", minIntervalMs: 50 });
  await addMocDocConnection(stack, { connectionId: "clinic-b", tenantId: "tenant-b", minIntervalMs: 50 });
  api = switchboardClient(stack, await stack.token("tenant-a"));
  otherTenant = switchboardClient(stack, await stack.token("tenant-b"));
});
afterAll(() => stack.cleanup());

const vendorCalls = () => stack.simulators.mocdoc.stats().total;
const LOCATIONS = "/v1/mocdoc/{connectionId}/locations";
/** The vendor's answer to listLocations (the document leaves vendor answers open). */
type Locations = { entitylocations: { entitylocation: string }[] };
const book = (client: SwitchboardClient, overrides: Parameters<typeof appointment>[0], key?: string, connectionId = "clinic-a") => bookAppointment(client, connectionId, overrides, key);

describe("authentication and authorization", () => {
  it("rejects a request without a token with 401, before the handler", async () => {
    const res = await fetch(`${stack.apiUrl}/v1/mocdoc/clinic-a/locations`);
    expect(res.status).toBe(401);
  });

  it("rejects a forged token with 401", async () => {
    const forged = switchboardClient(stack, "eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnQiOiJ0ZW5hbnQtYSJ9.c2lnbmF0dXJl");
    expect((await forged.GET(LOCATIONS, onConnection("clinic-a"))).response.status).toBe(401);
  });

  it("rejects another tenant's connection with 403 and no vendor call", async () => {
    const before = vendorCalls();
    const { response } = await otherTenant.GET(LOCATIONS, onConnection("clinic-a"));
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(vendorCalls()).toBe(before);
  });

  it("answers 404 for an unknown connection", async () => {
    expect((await api.GET(LOCATIONS, onConnection("nope"))).response.status).toBe(404);
  });
});

describe("reads", () => {
  it("returns the vendor's response", async () => {
    const { data, response } = await api.GET(LOCATIONS, onConnection("clinic-a"));
    expect(response.status).toBe(200);
    expect((data as Locations).entitylocations.map((l) => l.entitylocation)).toEqual(["location1", "location2"]);
    expect(response.headers.get("x-correlation-id")).toBeTruthy();
  });

  it("keeps the caller's correlation id", async () => {
    const { response } = await api.GET(LOCATIONS, { ...onConnection("clinic-a"), headers: { "x-correlation-id": "mobile-req-12345" } });
    expect(response.headers.get("x-correlation-id")).toBe("mobile-req-12345");
  });
});

describe("validation", () => {
  it("answers 400 problem+json listing every failing field, without calling the vendor", async () => {
    const before = vendorCalls();
    const { error, response } = await book(api, { date: "20260230", start: "25:00", phone: "12", fname: undefined, "extra field": 1 });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(error?.type).toMatch(/validation$/);
    const paths = error?.errors?.map((e) => e.path).sort();
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
    const first = await book(api, { start: "11:00" }, "book-1");
    const second = await book(api, { start: "11:00" }, "book-1");
    expect(first.response.status).toBe(200);
    expect((first.data as { apptkey: string }).apptkey).toBe("dr-arthi2026120111:00");
    expect(second.response.status).toBe(200);
    expect(second.data).toEqual(first.data);
    expect(vendorCalls()).toBe(before + 1);
  });

  it("answers 422 when a key is reused with a different body", async () => {
    await book(api, { start: "12:00" }, "book-2");
    const reused = await book(api, { start: "12:30" }, "book-2");
    expect(reused.response.status).toBe(422);
    expect(reused.error?.type).toMatch(/idempotency-key-reused$/);
  });

  it("scopes keys to the tenant: the same key from another tenant is a different request", async () => {
    const a = await book(api, { start: "13:00" }, "shared");
    const b = await book(otherTenant, { start: "13:00" }, "shared", "clinic-b");
    expect(a.response.status).toBe(200);
    expect(b.response.status).toBe(200);
  });

  it("remembers a vendor refusal, so a retried key does not book twice", async () => {
    await book(api, { start: "14:00" });
    const before = vendorCalls();
    const refused = await book(api, { start: "14:00" }, "dup-slot");
    const replay = await book(api, { start: "14:00" }, "dup-slot");
    expect(refused.response.status).toBe(422);
    expect(refused.error).toMatchObject({ vendor: "mocdoc", operation: "mocdoc.bookAppointment", code: "REJECTED", vendorStatus: "402", retryable: false });
    expect(replay.error).toEqual(refused.error);
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

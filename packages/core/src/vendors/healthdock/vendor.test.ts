import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { createPatient } from "./operations/createPatient";
import { interpretHealthdock } from "./interpret";
import { healthdock } from "./vendor";

const response = (status: number, body: unknown) => ({ status, headers: new Headers(), text: typeof body === "string" ? body : JSON.stringify(body) });
const patient = { first_name: "John", last_name: "Doe", date_of_birth: "1985-06-15", gender: "M", phone: "+919876543210" };

describe("HealthDock answers", () => {
  it("are the envelope as sent on success", () => {
    const body = { success: true, data: { patients: [], pagination: { current_page: 1, total_pages: 10, total_count: 245 } } };
    expect(interpretHealthdock(response(200, body))).toEqual({ ok: true, body });
  });

  it("map the error envelope to a typed error keeping code and the failing field (the docs' example)", () => {
    const docs = { success: false, error: { code: "INVALID_REQUEST", message: "The request parameters are invalid", details: { field: "date_of_birth", issue: "Invalid date format" } } };
    expect(interpretHealthdock(response(400, docs))).toEqual({
      ok: false,
      code: "REJECTED",
      retryable: false,
      maybeProcessed: false,
      vendorStatus: "INVALID_REQUEST",
      field: "date_of_birth",
      message: "The request parameters are invalid: Invalid date format",
    });
    expect(interpretHealthdock(response(200, { success: false, error: { code: "INVALID_REQUEST" } }))).toMatchObject({ ok: false, code: "REJECTED", vendorStatus: "INVALID_REQUEST" });
    expect(interpretHealthdock(response(429, { success: false, error: { code: "RATE_LIMIT_EXCEEDED" } }))).toMatchObject({ ok: false, code: "RATE_LIMITED", retryable: true });
    expect(interpretHealthdock(response(500, "oops"))).toMatchObject({ ok: false, code: "SERVER_ERROR", vendorStatus: "500" });
  });

  it("repeat no code or field that is not shaped like one", () => {
    const odd = { success: false, error: { code: "Patient John Doe", details: { field: "phone 9876543210 taken" } } };
    const out = interpretHealthdock(response(409, odd));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT", vendorStatus: "409" });
    expect(out).not.toHaveProperty("field");
  });
});

describe("HealthDock patients", () => {
  it("take an ABHA number as 14 digits or XX-XXXX-XXXX-XXXX, nothing else", () => {
    for (const abha_number of ["91123456789012", "91-1234-5678-9012"]) expect(v.safeParse(createPatient.input, { ...patient, abha_number }).success).toBe(true);
    for (const abha_number of ["9112345678901", "911234567890123", "91-12345-678-9012", "91 1234 5678 9012", "9a-1234-5678-9012", "91-1234-5678-9012-"]) {
      expect([abha_number, v.safeParse(createPatient.input, { ...patient, abha_number }).success]).toEqual([abha_number, false]);
    }
  });

  it("need every documented required field, a real date and a documented gender", () => {
    expect(v.safeParse(createPatient.input, patient).success).toBe(true);
    for (const missing of ["first_name", "last_name", "date_of_birth", "gender", "phone"]) {
      const { [missing]: _gone, ...rest } = patient as Record<string, string>;
      expect(v.safeParse(createPatient.input, rest).success).toBe(false);
    }
    expect(v.safeParse(createPatient.input, { ...patient, date_of_birth: "1985-02-30" }).success).toBe(false);
    expect(v.safeParse(createPatient.input, { ...patient, gender: "male" }).success).toBe(false);
  });
});

describe("HealthDock connections", () => {
  it("need the OAuth settings when they authorize by OAuth", () => {
    expect(v.safeParse(healthdock.configSchema, {}).success).toBe(true);
    expect(v.safeParse(healthdock.configSchema, { auth: "oauth" }).success).toBe(false);
    const oauth = { auth: "oauth", oauthAuthorizeUrl: "https://a/authorize", oauthTokenUrl: "https://a/token", oauthClientId: "c", oauthRedirectUri: "https://us/v1/healthdock/oauth/callback" };
    expect(v.safeParse(healthdock.configSchema, oauth).success).toBe(true);
    expect(v.safeParse(healthdock.configSchema, { ...oauth, oauthRedirectUri: "https://us/elsewhere" }).success).toBe(false);
    expect(v.parse(healthdock.configSchema, {})).toMatchObject({ baseUrl: "https://api.healthdock.org", webhookSignature: "body", webhookSignatureHeader: "X-HealthDock-Signature", webhookToleranceSeconds: 300 });
  });
});

import { describe, expect, it } from "vitest";
import { REDACTED, redactDeep, redactKey, scrubText, sensitiveValues } from "./redact";

describe("redaction", () => {
  it("redacts patient and secret attributes at any depth", () => {
    const out = redactDeep({
      operationId: "mocdoc.bookAppointment",
      patient: { fname: "Asha", lname: "Rao", phone: "9876543210", email: "a@b.in", dob: "19900101", abha_number: "12-3456" },
      headers: { Authorization: "MD k:s" },
      secretKey: "s3cr3t",
      status: 200,
    });
    expect(out).toEqual({
      operationId: "mocdoc.bookAppointment",
      patient: { fname: REDACTED, lname: REDACTED, phone: REDACTED, email: REDACTED, dob: REDACTED, abha_number: REDACTED },
      headers: { Authorization: REDACTED },
      secretKey: REDACTED,
      status: 200,
    });
  });

  it("keeps error class names but not other names", () => {
    expect(redactKey("name", "VendorError")).toBe(false);
    expect(redactKey("name", "Asha Rao")).toBe(true);
    expect(redactKey("operationId", "x")).toBe(false);
    expect(redactKey("vendor", "mocdoc")).toBe(false);
  });

  it("scrubs echoed input values, emails, phone-like digit runs and dates from vendor text", () => {
    const input = { fname: "Zephyrine", phone: "9876501234", date: "20260301", note: "chest pain" };
    const text = "Patient Zephyrine (9876501234, z@x.org) on 2026-03-01 / 20260301: chest pain";
    const out = scrubText(text, sensitiveValues(input));
    for (const leaked of ["Zephyrine", "9876501234", "z@x.org", "2026-03-01", "20260301", "chest pain"]) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain("Patient");
  });
});

describe("redaction keeps operational attributes", () => {
  it("does not redact Lambda and routing metadata", () => {
    for (const key of ["function_name", "service", "operationId", "connectionId", "correlationId", "jobId", "vendor", "httpStatus"]) {
      expect(redactKey(key, "x")).toBe(false);
    }
    for (const key of ["fname", "lastName", "patient_name", "first_name", "referral_name"]) expect(redactKey(key, "x")).toBe(true);
  });
});

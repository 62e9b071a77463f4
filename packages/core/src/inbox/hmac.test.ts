import { describe, expect, it } from "vitest";
import { hmacSha256Hex, isFresh, sameSignature } from "./hmac";

/**
 * The vector, made with OpenSSL over the docs' example event (its fields, without the signature):
 *   printf '%s' "$PAYLOAD" | openssl dgst -sha256 -hmac 'whsec_test_secret'
 */
const PAYLOAD = '{"event":"patient.created","timestamp":"2024-01-12T10:30:00Z","data":{"patient_id":"PAT123456","first_name":"John","last_name":"Doe"}}';
const DIGEST = "bd9951a48b560a0334d738943bbb6809b1bf90494c2bc2a75d9316becda69a47";

describe("webhook HMAC", () => {
  it("computes HMAC-SHA256 hex as OpenSSL does, over text or bytes", () => {
    expect(hmacSha256Hex("whsec_test_secret", PAYLOAD)).toBe(DIGEST);
    expect(hmacSha256Hex("whsec_test_secret", Buffer.from(PAYLOAD))).toBe(DIGEST);
  });

  it("compares signatures whole, whatever their lengths", () => {
    expect(sameSignature(`sha256=${DIGEST}`, `sha256=${DIGEST}`)).toBe(true);
    expect(sameSignature(`sha256=${DIGEST.slice(0, -1)}0`, `sha256=${DIGEST}`)).toBe(false);
    expect(sameSignature(DIGEST, `sha256=${DIGEST}`)).toBe(false);
    expect(sameSignature("", `sha256=${DIGEST}`)).toBe(false);
  });

  it("takes an ISO 8601 instant within the tolerance on either side, and nothing else", () => {
    const now = new Date("2024-01-12T10:35:00Z");
    expect(isFresh("2024-01-12T10:30:00Z", now, 300)).toBe(true);
    expect(isFresh("2024-01-12T10:29:59Z", now, 300)).toBe(false);
    expect(isFresh("2024-01-12T10:40:00+00:00", now, 300)).toBe(true);
    expect(isFresh("2024-01-12T16:10:00+05:30", now, 300)).toBe(true);
    expect(isFresh("2024-01-12T10:40:01Z", now, 300)).toBe(false);
    for (const bad of ["", "Jan 12 2024 10:30", "1705055400", "2024-01-12"]) expect(isFresh(bad, now, 300)).toBe(false);
  });
});

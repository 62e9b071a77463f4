import { describe, expect, it } from "vitest";
import { readState, signState, stateSignedWith } from "./oauth-state";

/**
 * The vector, made with OpenSSL:
 *   printf '%s' '{"c":"hd-1","n":"nonce-1","e":1705055400000}' | base64 | tr '+/' '-_' | tr -d '='
 *   printf '%s' "$PAYLOAD" | openssl dgst -sha256 -hmac "$KEY" -binary | base64 | tr '+/' '-_' | tr -d '='
 */
const KEY = "state-key-0123456789abcdef0123456789";
const VECTOR = "eyJjIjoiaGQtMSIsIm4iOiJub25jZS0xIiwiZSI6MTcwNTA1NTQwMDAwMH0.14upQ98NT0UxytHZQjG_SAywsa1NjLZKwTSo-pgyg1U";
const state = { connectionId: "hd-1", nonce: "nonce-1", expiresAt: 1705055400000 };

describe("OAuth state", () => {
  it("is the payload and its HMAC-SHA256, base64url, as OpenSSL computes them", () => {
    expect(signState(state, KEY)).toBe(VECTOR);
    expect(readState(VECTOR)).toEqual(state);
    expect(stateSignedWith(VECTOR, KEY)).toBe(true);
  });

  it("is not signed with another key, nor after any change", () => {
    expect(stateSignedWith(VECTOR, `${KEY}x`)).toBe(false);
    const [payload, mac] = VECTOR.split(".") as [string, string];
    const other = Buffer.from(JSON.stringify({ c: "hd-2", n: "nonce-1", e: 1705055400000 })).toString("base64url");
    expect(stateSignedWith(`${other}.${mac}`, KEY)).toBe(false);
    expect(stateSignedWith(`${payload}.${mac.slice(0, -1)}A`, KEY)).toBe(false);
    expect(stateSignedWith(`${payload}.`, KEY)).toBe(false);
  });

  it("reads nothing from what is not a state", () => {
    for (const bad of ["", "abc", "a.b.c", `${Buffer.from("[]").toString("base64url")}.x`, `${Buffer.from('{"c":1,"n":"x","e":1}').toString("base64url")}.x`]) expect(readState(bad)).toBeUndefined();
  });
});

import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contextLinkUrl } from "@switchboard/core/vendors/solo/context-link";
import { packSoloPayload, SoloPayloadError, unpackSoloPayload } from "@switchboard/core/vendors/solo/crypto";
import { acceptSoloDelivery, ciphertextOf } from "@switchboard/core/vendors/solo/webhooks/receiver";

/**
 * Solo's payload encryption against vectors made independently: the docs' own example, and
 * OpenSSL's command line (`openssl enc -aes-256-cbc -K … -iv …`) with the key computed by
 * sha256sum-equivalent hashing of secret ‖ salt outside our code.
 */
const openssl = (args: string[], input: Buffer) => execFileSync("openssl", ["enc", "-aes-256-cbc", ...args], { input, stdio: "pipe" });
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** The docs' key, sha256(secret ‖ salt), computed here rather than by our soloKey. */
const referenceKey = (secret: string, salt: Buffer) => createHash("sha256").update(Buffer.concat([Buffer.from(secret), salt])).digest();

/** What the docs' PHP does, with OpenSSL doing the cipher: the reference packing. */
function opensslPack(secret: string, plaintext: string, salt: Buffer, iv: Buffer): string {
  const ciphertext = openssl(["-K", hex(referenceKey(secret, salt)), "-iv", hex(iv)], Buffer.from(plaintext));
  return salt.toString("base64") + iv.toString("base64") + ciphertext.toString("base64");
}

/** OpenSSL decrypting a packed payload with `secret`; it throws ("bad decrypt") where the padding does not check out. */
function opensslUnpack(secret: string, packed: string): Buffer {
  const key = referenceKey(secret, Buffer.from(packed.slice(0, 12), "base64"));
  return openssl(["-d", "-K", hex(key), "-iv", hex(Buffer.from(packed.slice(12, 36), "base64"))], Buffer.from(packed.slice(36), "base64"));
}

const DOCS_ARG = "BizXKL9L4EQ=YuhTK5qXNtOCmbuaHMq5tA==DUPdvDCZPiSUf0Jumt/Mr/wVWv+mr6Vzj5LnKUQtTPc=";

describe("Solo payload encryption", () => {
  it("decrypts the docs' context-link example with its secret", () => {
    expect(unpackSoloPayload("some secret", DOCS_ARG)).toBe('{"visit":"12345","user":"1234"}');
    // OpenSSL agrees on the same bytes and key.
    expect(opensslUnpack("some secret", DOCS_ARG).toString()).toBe('{"visit":"12345","user":"1234"}');
  });

  it("re-encrypts the docs' example to the docs' arg with its salt and IV", () => {
    const salt = Buffer.from(DOCS_ARG.slice(0, 12), "base64");
    const iv = Buffer.from(DOCS_ARG.slice(12, 36), "base64");
    expect(packSoloPayload("some secret", '{"visit":"12345","user":"1234"}', { salt, iv })).toBe(DOCS_ARG);
  });

  it("matches OpenSSL in both directions for random secrets, salts, IVs and lengths", () => {
    for (const length of [0, 1, 15, 16, 17, 100]) {
      const secret = randomBytes(16).toString("base64");
      const salt = randomBytes(8);
      const iv = randomBytes(16);
      const plaintext = JSON.stringify({ event: "appointment:scheduled", data: { appointmentId: 42 }, pad: "x".repeat(length) });
      const reference = opensslPack(secret, plaintext, salt, iv);
      expect(packSoloPayload(secret, plaintext, { salt, iv })).toBe(reference);
      expect(unpackSoloPayload(secret, reference)).toBe(plaintext);
    }
  });

  // Fixed salts and IVs: without a MAC, a wrong key still unpads one time in 256, so random ones made this flaky.
  const plaintext = '{"event":"patient:created","data":{"patientId":1}}';
  const saltOf = (n: number) => Buffer.from(n.toString(16).padStart(16, "0"), "hex");
  const iv = Buffer.alloc(16, 0x5a);
  it("refuses a wrong key, a tampered or truncated ciphertext, and a malformed packing, saying which", () => {
    const packed = opensslPack("key-1", plaintext, saltOf(1), iv);
    expect(() => opensslUnpack("key-2", packed)).toThrow();
    expect(() => unpackSoloPayload("key-2", packed)).toThrow(SoloPayloadError);
    expect(() => unpackSoloPayload("key-2", packed)).toThrow(/does not decrypt with this key/);
    expect(() => unpackSoloPayload("key-1", packed.slice(0, -8))).toThrow(/whole AES blocks/);
    expect(() => unpackSoloPayload("key-1", `!${packed.slice(1)}`)).toThrow(/salt/);
    expect(() => unpackSoloPayload("key-1", packed.slice(0, 30))).toThrow(/IV/);
  });

  it("returns what a wrong key unpads to, as OpenSSL does, when the padding happens to check out", () => {
    const unpads = (n: number) => {
      try {
        unpackSoloPayload("key-2", packSoloPayload("key-1", plaintext, { salt: saltOf(n), iv }));
        return true;
      } catch {
        return false;
      }
    };
    const salt = Array.from({ length: 8192 }, (_, n) => n).find(unpads);
    expect(salt).toBeDefined();
    const packed = opensslPack("key-1", plaintext, saltOf(salt!), iv);
    const unpadded = unpackSoloPayload("key-2", packed);
    expect(unpadded).toBe(opensslUnpack("key-2", packed).toString("utf8"));
    expect(unpadded).not.toBe(plaintext);
    // What the receiver makes of it: not JSON, so refused as a wrong key.
    expect(acceptSoloDelivery(packed, "key-2", "c1", new Date())).toEqual({ kind: "unauthorized", reason: "the payload decrypts to something that is not JSON (wrong key, or tampered)" });
  });

  it("builds context links whose arg OpenSSL decrypts, with a fresh salt and IV each time", () => {
    const data = { user: "1234", type: "provider", visit: "12345", date: 1733050800, patient: { id: "p1", sex: "female", dob: "1990-01-01", firstName: "A", lastName: "B" } };
    const first = new URL(contextLinkUrl("https://demo.visitnow.org", "some secret", data));
    const second = new URL(contextLinkUrl("https://demo.visitnow.org/", "some secret", data));
    expect(first.origin + first.pathname).toBe("https://demo.visitnow.org/integrations/linking");
    const arg = first.searchParams.get("arg")!;
    expect(arg).not.toBe(second.searchParams.get("arg"));
    expect(JSON.parse(opensslUnpack("some secret", arg).toString())).toEqual(data);
    // URL-encoded: base64's + / = never appear raw in the query.
    expect(first.search).not.toMatch(/arg=[^&]*[+/=]/);
    expect(first.search).toContain("%3D");
  });
});

describe("Solo webhook deliveries", () => {
  const key = "39VNjjSpgoUWMbUhVCjAoQ==";
  const event = { event: "appointment:scheduled", data: { appointmentId: 3110360 } };
  const packed = opensslPack(key, JSON.stringify(event), randomBytes(8), randomBytes(16));
  const now = new Date("2026-12-01T10:00:00Z");

  it("reads the three envelopes: the whole body, a JSON string, the one string field of a JSON object", () => {
    for (const body of [packed, `${packed}\n`, JSON.stringify(packed), JSON.stringify({ payload: packed }), JSON.stringify({ data: packed, attempt: 2 })]) {
      const verdict = acceptSoloDelivery(body, key, "c1", now);
      expect(verdict).toMatchObject({
        kind: "accepted",
        events: [{ detailType: "solo.appointment.scheduled", detail: { connectionId: "c1", event: "appointment:scheduled", data: { appointmentId: 3110360 }, receivedAt: now.toISOString() } }],
      });
    }
    expect(ciphertextOf(JSON.stringify({ a: packed, b: packed }))).toEqual({ problem: expect.stringMatching(/exactly one string field/) });
  });

  it("gives a delivery and its replay the same event id, and a re-encryption of the same event another", () => {
    const id = (body: string) => (acceptSoloDelivery(body, key, "c1", now) as { events: { eventId: string }[] }).events[0]!.eventId;
    expect(id(packed)).toBe(id(JSON.stringify({ payload: packed })));
    expect(id(opensslPack(key, JSON.stringify(event), randomBytes(8), randomBytes(16)))).not.toBe(id(packed));
  });

  it("refuses what it cannot trust or read: no key, wrong key, tampered, truncated, undocumented events", () => {
    expect(acceptSoloDelivery(packed, undefined, "c1", now).kind).toBe("unauthorized");
    expect(acceptSoloDelivery(packed, "another key", "c1", now).kind).toBe("unauthorized");
    const bytes = Buffer.from(packed.slice(36), "base64");
    bytes[bytes.length - 1]! ^= 0x01;
    expect(acceptSoloDelivery(packed.slice(0, 36) + bytes.toString("base64"), key, "c1", now).kind).toBe("unauthorized");
    expect(acceptSoloDelivery(packed.slice(0, packed.length - 10), key, "c1", now).kind).toBe("invalid");
    const undocumented = opensslPack(key, JSON.stringify({ event: "intake:completed", data: {} }), randomBytes(8), randomBytes(16));
    expect(acceptSoloDelivery(undocumented, key, "c1", now).kind).toBe("invalid");
    const badPayload = opensslPack(key, JSON.stringify({ event: "patient:created", data: { patientId: "12" } }), randomBytes(8), randomBytes(16));
    expect(acceptSoloDelivery(badPayload, key, "c1", now).kind).toBe("invalid");
  });
});

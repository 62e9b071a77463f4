import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { isStrictBase64 } from "../../schemas";

/**
 * Solo's encrypted payloads, for webhook deliveries and context-aware links alike: AES-256-CBC
 * (PKCS#7 padding), key = SHA-256(secret ‖ salt), packed as base64(8-byte salt) + base64(16-byte
 * IV) + base64(ciphertext) — 12, then 24, then the rest of the characters (the docs' PHP:
 * `substr($s, 0, 12)`, `substr($s, 12, 24)`, `substr($s, 36)`; `hash('SHA256', $key . $salt, true)`).
 * The secret is used as the string it is (a webhook's `encryptionKey` is not base64-decoded).
 * Pure functions; vectors made with OpenSSL are in test/solo/crypto.test.ts.
 */
export class SoloPayloadError extends Error {
  override readonly name = "SoloPayloadError";
}

export const soloKey = (secret: string, salt: Uint8Array): Buffer => createHash("sha256").update(Buffer.from(secret, "utf8")).update(salt).digest();

export function packSoloPayload(secret: string, plaintext: string, nonce: { salt?: Uint8Array; iv?: Uint8Array } = {}): string {
  const salt = nonce.salt ?? randomBytes(8);
  const iv = nonce.iv ?? randomBytes(16);
  if (salt.length !== 8 || iv.length !== 16) throw new Error("Solo payloads take an 8-byte salt and a 16-byte IV");
  const cipher = createCipheriv("aes-256-cbc", soloKey(secret, salt), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.from(salt).toString("base64") + Buffer.from(iv).toString("base64") + ciphertext.toString("base64");
}

/** The plaintext, or a SoloPayloadError saying what is wrong (never what the payload holds). */
export function unpackSoloPayload(secret: string, packed: string): string {
  const salt = packed.slice(0, 12);
  const iv = packed.slice(12, 36);
  const ciphertext = packed.slice(36);
  if (!isStrictBase64(salt) || Buffer.from(salt, "base64").length !== 8) throw new SoloPayloadError("the first 12 characters are not base64 of an 8-byte salt");
  if (!isStrictBase64(iv) || Buffer.from(iv, "base64").length !== 16) throw new SoloPayloadError("characters 13 to 36 are not base64 of a 16-byte IV");
  if (!isStrictBase64(ciphertext) || Buffer.from(ciphertext, "base64").length % 16 !== 0) {
    throw new SoloPayloadError("the rest is not base64 of whole AES blocks (truncated?)");
  }
  const saltBytes = Buffer.from(salt, "base64");
  const decipher = createDecipheriv("aes-256-cbc", soloKey(secret, saltBytes), Buffer.from(iv, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new SoloPayloadError("does not decrypt with this key (wrong key, or tampered)");
  }
}

import { createHmac } from "node:crypto";

/**
 * MocDoc request signing.
 *
 * The vendor docs contradict themselves (see ../shared/vendor-docs/mocdoc-api.txt and
 * vendor-api-notes.md): the heading says HMAC-SHA1, the table says HMAC-SHA256, and the
 * prerequisites call the secret "base64 decoded". Working public integrations (and the
 * 28-character signatures seen in production, i.e. 20-byte SHA-1 digests) use HMAC-SHA1
 * with the secret as a plain string, so that is the default; both choices are per-connection
 * config so an account that behaves otherwise can be switched without a code change.
 *
 * String-To-Sign, as in the docs' example: METHOD \n Content-MD5 (empty) \n Content-Type \n
 * Date \n \n path — path only, no host or query.
 */
export type MocDocHmac = "sha1" | "sha256";
export type MocDocSecretEncoding = "utf8" | "base64";

/** Every reading of the docs a connection can choose; tests cover each. */
export const mocdocSigningVariants = [
  ["sha1", "utf8"],
  ["sha1", "base64"],
  ["sha256", "utf8"],
  ["sha256", "base64"],
] as const satisfies readonly (readonly [MocDocHmac, MocDocSecretEncoding])[];

export interface MocDocSigningInput {
  method: string;
  path: string;
  contentType: string;
  date: string;
  accessKey: string;
  secretKey: string;
  hmac: MocDocHmac;
  secretEncoding: MocDocSecretEncoding;
}

export function mocdocStringToSign(method: string, contentType: string, date: string, path: string): string {
  return `${method.toUpperCase()}\n\n${contentType}\n${date}\n\n${path}`;
}

export function mocdocSignature(input: MocDocSigningInput): string {
  const key = Buffer.from(input.secretKey, input.secretEncoding);
  return createHmac(input.hmac, key)
    .update(mocdocStringToSign(input.method, input.contentType, input.date, input.path), "utf8")
    .digest("base64");
}

/** The headers MocDoc authenticates: Date (RFC 7231), Content-Type and Authorization. */
export function mocdocAuthHeaders(input: MocDocSigningInput): Record<string, string> {
  return {
    Date: input.date,
    "Content-Type": input.contentType,
    Authorization: `MD ${input.accessKey}:${mocdocSignature(input)}`,
  };
}

/** RFC 7231 IMF-fixdate, e.g. "Wed, 09 Aug 2023 12:57:34 GMT". */
export function httpDate(at: Date): string {
  return at.toUTCString();
}
